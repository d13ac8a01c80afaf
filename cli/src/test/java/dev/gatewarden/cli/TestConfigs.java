package dev.gatewarden.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Config files for tests that run the CLI against simulators on loopback: one entry per helper. */
final class TestConfigs {
    private TestConfigs() {
    }

    /** Writes {@code value} to {@code dir/name} and returns the reference to it. */
    static String fileRef(Path dir, String name, String value) {
        try {
            return "${file:" + Files.writeString(dir.resolve(name), value) + "}";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code aws-x} account at {@code endpoint}, without SDK retries. */
    static String aws(String endpoint, String idRef, String secretRef) {
        return """
                  - name: aws-x
                    provider: aws
                    region: eu-west-1
                    endpoint: %s
                    accessKeyId: %s
                    secretAccessKey: %s
                    maxAttempts: 1
                """.formatted(endpoint, idRef, secretRef);
    }

    /** A firewall entry of {@code type} with one credential setting and a CA bundle (null: none). */
    static String firewall(String name, String type, String url, String credential, String ref, String caBundle) {
        return """
                  - name: %s
                    type: %s
                    url: %s
                    %s: %s
                """.formatted(name, type, url, credential, ref) + (caBundle == null ? "" : "    caBundle: " + caBundle + "\n")
                + (type.equals("paloalto") ? "    username: gatewarden\n" : "");
    }

    /** The {@code payments} gateway on the sandbox world's two nodes, published as {@code publish} lines say. */
    static String payments(int addresses, String... publish) {
        StringBuilder b = new StringBuilder("""
                  - name: payments
                    cloud: aws-x
                    addresses: %d
                    public: true
                    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001, aws:///eu-west-1b/i-0a1b2c3d4e5f60002]
                    publish:
                """.formatted(addresses));
        for (String p : publish) {
            b.append("      - ").append(p).append('\n');
        }
        return b.toString();
    }

    static Path write(Path dir, String owner, String clouds, String firewalls, String gateways) {
        try {
            return Files.writeString(dir.resolve("c.yaml"), "owner: " + owner + "\nclouds:\n" + clouds
                    + "firewalls:\n" + firewalls + "gateways:\n" + gateways);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
