package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Known secret values flow through a whole run that fails (every endpoint is a closed loopback port), with debug
 * logging on; nothing printed — output, errors or logs — contains them.
 */
class SecretsNeverPrintedTest {
    static final String PANOS_KEY = "PANOS-KEY-7f3a9c2e41d84b";
    static final String FORTI_TOKEN = "FORTI-TOKEN-9b1c7e55aa02";
    static final String AWS_SECRET = "AWS-SECRET-c0ffee1234567890";

    @TempDir
    Path dir;

    @Test
    void secretsDoNotAppearInAnythingPrinted() throws Exception {
        Path key = Files.writeString(dir.resolve("panos.key"), PANOS_KEY + "\n");
        Path token = Files.writeString(dir.resolve("forti.token"), FORTI_TOKEN);
        Path aws = Files.writeString(dir.resolve("aws.secret"), AWS_SECRET);
        Path config = Files.writeString(dir.resolve("c.yaml"), """
                owner: secrets-test
                clouds:
                  - name: aws-x
                    provider: aws
                    region: eu-west-1
                    endpoint: http://127.0.0.1:9
                    accessKeyId: ${file:%s}
                    secretAccessKey: ${file:%s}
                    maxAttempts: 1
                firewalls:
                  - name: pa-x
                    type: paloalto
                    url: https://127.0.0.1:9
                    apiKey: ${file:%s}
                  - name: fgt-x
                    type: fortinet
                    url: https://127.0.0.1:9
                    token: ${file:%s}
                gateways:
                  - name: payments
                    cloud: aws-x
                    addresses: 1
                    public: true
                    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                    publish:
                      - {firewall: pa-x, addresses: public}
                      - {firewall: fgt-x, addresses: public}
                """.formatted(aws, aws, key, token));
        List<Cli.Result> runs = List.of(
                Cli.run("validate", "-f", config.toString(), "--debug"),
                Cli.run("plan", "-f", config.toString(), "--debug"),
                Cli.run("plan", "-f", config.toString(), "-o", "json"),
                Cli.run("status", "-f", config.toString()),
                Cli.run("apply", "-f", config.toString(), "--auto-approve", "--audit-log",
                        dir.resolve("audit.jsonl").toString()));
        assertEquals(0, runs.get(0).exit(), runs.get(0).all());
        assertEquals(1, runs.get(1).exit(), "unreachable targets make plan fail: " + runs.get(1).all());
        assertTrue(runs.get(1).all().contains("pa-x"), runs.get(1).all());
        for (Cli.Result r : runs) {
            for (String secret : List.of(PANOS_KEY, FORTI_TOKEN, AWS_SECRET)) {
                assertFalse(r.all().contains(secret), "secret printed in: " + r.all());
            }
        }
        if (Files.exists(dir.resolve("audit.jsonl"))) {
            String audit = Files.readString(dir.resolve("audit.jsonl"));
            for (String secret : List.of(PANOS_KEY, FORTI_TOKEN, AWS_SECRET)) {
                assertFalse(audit.contains(secret), "secret in the audit log");
            }
        }
    }
}
