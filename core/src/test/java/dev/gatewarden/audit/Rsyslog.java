package dev.gatewarden.audit;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real rsyslogd (the Debian package), started with its own config on a loopback port, writing each received
 * message's MSG on one line of a file. Installs rsyslog through {@code .ci/install-test-tools} when it is missing;
 * the calling test is skipped, saying why, only if that fails.
 */
final class Rsyslog implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final boolean tls;
    private Process process;

    private Rsyslog(Path dir, int port, boolean tls) {
        this.dir = dir;
        this.port = port;
        this.tls = tls;
    }

    /** Makes sure rsyslogd (and, for TLS, its GnuTLS driver and openssl) is installed, else skips the test. */
    static void requireInstalled(boolean tls) {
        if (!installed(tls)) {
            Path script = projectRoot().resolve(".ci/install-test-tools");
            String why;
            try {
                Process p = new ProcessBuilder(script.toString()).redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                why = p.waitFor(300, TimeUnit.SECONDS) && p.exitValue() == 0 ? "" : out;
            } catch (IOException | InterruptedException e) {
                why = e.toString();
            }
            assumeTrue(installed(tls), "SKIPPED: rsyslog" + (tls ? " with rsyslog-gnutls and openssl" : "")
                    + " is not installed and " + script + " could not install it: " + why);
        }
    }

    private static boolean installed(boolean tls) {
        boolean rsyslogd = Files.isExecutable(Path.of("/usr/sbin/rsyslogd"));
        if (!tls) {
            return rsyslogd;
        }
        boolean gtls = Files.exists(Path.of("/usr/lib/x86_64-linux-gnu/rsyslog/lmnsd_gtls.so"))
                || Files.exists(Path.of("/usr/lib/aarch64-linux-gnu/rsyslog/lmnsd_gtls.so"));
        return rsyslogd && gtls && Files.isExecutable(Path.of("/usr/bin/openssl"));
    }

    static Path projectRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve(".ci/install-test-tools"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("cannot find the project root (.ci/install-test-tools) above "
                    + Path.of("").toAbsolutePath());
        }
        return p;
    }

    /** Starts an rsyslogd on a free loopback port; TLS: with a fresh CA and server certificate in {@code dir}. */
    static Rsyslog start(Path dir, boolean tls) throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Rsyslog r = new Rsyslog(dir, port, tls);
        if (tls) {
            r.makeCertificates();
        }
        r.writeConfig();
        r.start();
        return r;
    }

    int port() {
        return port;
    }

    Path caCertificate() {
        return dir.resolve("ca.pem");
    }

    private void makeCertificates() throws Exception {
        run("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca-key.pem", "-out", "ca.pem", "-days", "2", "-subj", "/CN=gatewarden test CA");
        run("openssl", "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout",
                "key.pem", "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(dir.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        run("openssl", "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                "-CAcreateserial", "-out", "cert.pem", "-days", "2", "-extfile", "san.ext");
    }

    private void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
        }
    }

    private void writeConfig() throws IOException {
        String d = dir.toAbsolutePath().toString();
        StringBuilder c = new StringBuilder();
        c.append("global(workDirectory=\"").append(d).append("\" maxMessageSize=\"256k\"");
        if (tls) {
            c.append(" defaultNetstreamDriver=\"gtls\" defaultNetstreamDriverCAFile=\"").append(d)
                    .append("/ca.pem\" defaultNetstreamDriverCertFile=\"").append(d)
                    .append("/cert.pem\" defaultNetstreamDriverKeyFile=\"").append(d).append("/key.pem\"");
        }
        c.append(")\n");
        c.append(tls ? "module(load=\"imtcp\" streamDriver.name=\"gtls\" streamDriver.mode=\"1\" "
                + "streamDriver.authMode=\"anon\")\n" : "module(load=\"imtcp\")\n");
        c.append("template(name=\"payload\" type=\"string\" string=\"%msg%\\n\")\n");
        c.append("ruleset(name=\"audit\") {\n  action(type=\"omfile\" file=\"").append(d)
                .append("/received.log\" template=\"payload\")\n}\n");
        c.append("input(type=\"imtcp\" address=\"127.0.0.1\" port=\"").append(port).append("\" ruleset=\"audit\")\n");
        if (!tls) {
            // RFC 5426 on the same port number (UDP and TCP ports are separate)
            c.append("module(load=\"imudp\")\ninput(type=\"imudp\" address=\"127.0.0.1\" port=\"").append(port)
                    .append("\" ruleset=\"audit\")\n");
        }
        Files.writeString(dir.resolve("rsyslog.conf"), c.toString());
    }

    void start() throws Exception {
        process = new ProcessBuilder("/usr/sbin/rsyslogd", "-n", "-f", dir.resolve("rsyslog.conf").toString(),
                "-i", dir.resolve("rsyslogd.pid").toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("rsyslogd.out")
                        .toFile())).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("rsyslogd exited: " + Files.readString(dir.resolve("rsyslogd.out")));
            }
            try (Socket s = new Socket(java.net.InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("rsyslogd did not listen on 127.0.0.1:" + port);
    }

    /** Stops it as an init system would (SIGTERM), waiting until it has written what it received. */
    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    /** The MSG of every message received so far, one per line. */
    List<String> received() throws IOException {
        Path f = dir.resolve("received.log");
        return Files.exists(f) ? Files.readAllLines(f, StandardCharsets.UTF_8) : List.of();
    }

    /** Waits until {@code n} messages arrived (or the timeout passed), returning what arrived. */
    List<String> awaitReceived(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        List<String> got = received();
        while (got.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(50);
            got = received();
        }
        return got;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
