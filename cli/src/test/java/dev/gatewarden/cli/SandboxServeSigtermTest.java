package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.sandbox.SandboxStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sandbox serve} as a real process: an Elastic IP allocated through its EC2 endpoint is in the saved world
 * after SIGTERM (before: the JVM halted while the world was being saved, and the change was lost).
 */
class SandboxServeSigtermTest {
    @TempDir
    Path dir;

    @Test
    void sigtermSavesTheWorld() throws Exception {
        Path world = dir.resolve("world");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "sandbox", "serve")
                .directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put(SandboxStore.ENV, world.toString());
        Process p = pb.start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ec2 = null;
            for (String line = out.readLine(); line != null && !line.startsWith("Serving until"); line = out.readLine()) {
                Matcher m = Pattern.compile("ec2-\\S+\\s+(http://127\\.0\\.0\\.1:\\d+)\\S*").matcher(line.trim());
                if (m.matches()) {
                    ec2 = m.group(1);
                }
            }
            assertTrue(ec2 != null, "an EC2 endpoint is served");
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(ec2 + "/"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAGATEWARDENSANDBOX/20261202/eu-west-1/ec2/"
                            + "aws4_request, SignedHeaders=host, Signature=0")
                    .POST(HttpRequest.BodyPublishers.ofString("Action=AllocateAddress&Version=2016-11-15&Domain=vpc"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            Matcher ip = Pattern.compile("<publicIp>([^<]+)</publicIp>").matcher(r.body());
            assertTrue(ip.find(), r.body());
            p.destroy(); // SIGTERM
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "serve ends on SIGTERM");
            StringBuilder saved = new StringBuilder();
            try (Stream<Path> files = Files.list(world)) {
                for (Path f : files.toList()) {
                    saved.append(Files.readString(f));
                }
            }
            assertTrue(saved.toString().contains(ip.group(1)), "the allocated " + ip.group(1) + " is saved");
        } finally {
            p.destroyForcibly();
        }
    }
}
