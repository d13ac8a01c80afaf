package dev.gatewarden.sandbox.admin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * {@code endpoints.json} in the sandbox directory while {@code sandbox serve} runs: every simulator (kind, URL,
 * EC2 region, whether a PAN-OS device is a Panorama), the CA file the TLS simulators present, the loopback-only fixture credentials and the admin URL, so
 * scripts and tests in any language find the running sandbox without parsing its console output.
 */
public final class SandboxEndpoints {
    public static final String FILE = "endpoints.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SandboxEndpoints() {
    }

    /**
     * Writes the file atomically (temp file, then rename), so a reader never sees half of it.
     *
     * @param credentials kind ({@code ec2}, {@code panos}, {@code fortios}) → field → fixture value
     */
    public static Path write(Path dir, Map<String, HttpSimulator> simulators, Path caFile,
                             Map<String, Map<String, String>> credentials, URI admin) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode sims = root.putObject("simulators");
        simulators.forEach((name, sim) -> {
            ObjectNode s = sims.putObject(name);
            s.put("kind", sim.kind());
            s.put("url", sim.baseUri().toString());
            if (sim instanceof Ec2Simulator ec2) {
                s.put("region", ec2.region());
            }
            if (sim instanceof PanOsSimulator panos) {
                s.put("panorama", panos.spec().panorama());
            }
        });
        root.put("ca", caFile.toAbsolutePath().toString());
        root.set("credentials", JSON.valueToTree(credentials));
        root.put("admin", admin.toString());
        Path file = dir.resolve(FILE);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, "endpoints", ".tmp");
            JSON.writeValue(tmp.toFile(), root);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        return file;
    }

    /** Removes the file (the sandbox stopped). */
    public static void remove(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir.resolve(FILE), e);
        }
    }
}
