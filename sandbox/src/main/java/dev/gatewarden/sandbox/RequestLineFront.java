package dev.gatewarden.sandbox;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loopback front for a simulator whose vendor accepts request targets that {@link java.net.URI} refuses (raw
 * {@code |}, {@code <}, {@code >}, quotes or spaces-free non-ASCII in the query string, as PAN-OS and FortiOS do; the
 * JDK server would answer those with its own HTML 400). It accepts the client's connection (TLS or plain), percent-
 * encodes only the characters {@code URI} refuses in each request line (so the decoded parameters are unchanged),
 * and relays the request and its body ({@code Content-Length} or chunked) to the simulator's inner server on
 * another loopback port; responses are relayed back byte for byte. Keep-alive connections carry several requests.
 */
final class RequestLineFront implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLineFront.class);
    private static final int MAX_HEAD = 1 << 20;
    private static final String URI_OK = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
            + "_-!.~'()*;/?:@&=+$,[]";
    private final ServerSocket server;
    private final InetSocketAddress inner;
    private final ExecutorService pool;

    RequestLineFront(String kind, boolean tls, int port, InetSocketAddress inner) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.server = tls ? SandboxTls.serverContext().getServerSocketFactory().createServerSocket(port, 64, loopback)
                : new ServerSocket(port, 64, loopback);
        this.inner = inner;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "sim-" + kind + "-front");
            t.setDaemon(true);
            return t;
        });
        pool.submit(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                pool.submit(() -> serve(client));
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.debug("front accept failed: {}", e.toString());
                }
            }
        }
    }

    private void serve(Socket client) {
        try (client; Socket up = new Socket(inner.getAddress(), inner.getPort())) {
            client.setTcpNoDelay(true);
            up.setTcpNoDelay(true);
            pool.submit(() -> relayResponses(up, client));
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = up.getOutputStream();
            byte[] head;
            while ((head = readHead(in)) != null) {
                String text = new String(head, StandardCharsets.ISO_8859_1);
                out.write(fixRequestLine(text).getBytes(StandardCharsets.ISO_8859_1));
                relayBody(text, in, out);
                out.flush();
            }
            up.shutdownOutput();
            // wait for the inner server to finish answering before the try closes both sockets
            synchronized (up) {
                while (!up.isInputShutdown() && !up.isClosed()) {
                    up.wait(30_000);
                    break;
                }
            }
        } catch (IOException | InterruptedException e) {
            LOG.debug("front connection ended: {}", e.toString());
        }
    }

    private static void relayResponses(Socket up, Socket client) {
        try {
            InputStream in = up.getInputStream();
            OutputStream out = client.getOutputStream();
            byte[] buf = new byte[16384];
            int n;
            while ((n = in.read(buf)) >= 0) {
                out.write(buf, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            LOG.debug("front relay ended: {}", e.toString());
        } finally {
            synchronized (up) {
                try {
                    up.shutdownInput();
                } catch (IOException e) {
                    LOG.trace("already closed", e);
                }
                up.notifyAll();
            }
            try {
                client.close();
            } catch (IOException e) {
                LOG.trace("already closed", e);
            }
        }
    }

    /** The request line and headers up to the blank line, or null at the end of the connection. */
    private static byte[] readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (true) {
            int c;
            try {
                c = in.read();
            } catch (SocketException e) {
                return null;
            }
            if (c < 0) {
                return b.size() == 0 ? null : b.toByteArray();
            }
            if (b.size() == 0 && (c == '\r' || c == '\n')) {
                continue;
            }
            b.write(c);
            if (b.size() > MAX_HEAD) {
                throw new IOException("request head over " + MAX_HEAD + " bytes");
            }
            state = switch (state) {
                case 0 -> c == '\r' ? 1 : 0;
                case 1 -> c == '\n' ? 2 : (c == '\r' ? 1 : 0);
                case 2 -> c == '\r' ? 3 : 0;
                default -> c == '\n' ? 4 : 0;
            };
            if (state == 4) {
                return b.toByteArray();
            }
        }
    }

    /** The head with its request target percent-encoded where {@link java.net.URI} would refuse it. */
    static String fixRequestLine(String head) {
        int eol = head.indexOf("\r\n");
        String line = head.substring(0, eol);
        int a = line.indexOf(' ');
        int b = line.lastIndexOf(' ');
        if (a < 0 || b <= a) {
            return head;
        }
        String target = line.substring(a + 1, b);
        StringBuilder t = new StringBuilder();
        byte[] bytes = target.getBytes(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < bytes.length; i++) {
            int c = bytes[i] & 0xff;
            boolean escape = c == '%' && i + 2 < bytes.length && isHex(bytes[i + 1]) && isHex(bytes[i + 2]);
            if (escape || (c < 0x80 && URI_OK.indexOf(c) >= 0)) {
                t.append((char) c);
            } else {
                t.append('%').append(String.format("%02X", c));
            }
        }
        return line.substring(0, a + 1) + t + line.substring(b) + head.substring(eol);
    }

    private static boolean isHex(byte c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static void relayBody(String head, InputStream in, OutputStream out) throws IOException {
        long length = 0;
        boolean chunked = false;
        for (String h : head.split("\r\n")) {
            int colon = h.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding") && value.toLowerCase(Locale.ROOT).contains("chunked")) {
                chunked = true;
            }
        }
        if (!chunked) {
            copy(in, out, length);
            return;
        }
        while (true) {
            String sizeLine = readLine(in);
            out.write((sizeLine + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            int semi = sizeLine.indexOf(';');
            long size = Long.parseLong((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                String trailer;
                do {
                    trailer = readLine(in);
                    out.write((trailer + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                } while (!trailer.isEmpty());
                return;
            }
            copy(in, out, size + 2);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        if (c < 0) {
            throw new IOException("connection closed inside a chunked body");
        }
        return b.toString();
    }

    private static void copy(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[16384];
        while (n > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, n));
            if (r < 0) {
                throw new IOException("connection closed inside a request body");
            }
            out.write(buf, 0, r);
            n -= r;
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            LOG.debug("front close: {}", e.toString());
        }
        pool.shutdownNow();
    }
}
