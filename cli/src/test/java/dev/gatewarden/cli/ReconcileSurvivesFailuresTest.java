package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A round whose targets cannot be reached is logged, and the loop goes on to the next round. */
class ReconcileSurvivesFailuresTest {
    @TempDir
    Path dir;

    @Test
    void unreachableTargetsFailRoundsButNotTheLoop() throws Exception {
        Path key = Files.writeString(dir.resolve("k"), "k");
        Path config = Files.writeString(dir.resolve("c.yaml"), """
                owner: loop-test
                clouds:
                  - name: aws-x
                    provider: aws
                    region: eu-west-1
                    endpoint: http://127.0.0.1:9
                    accessKeyId: ${file:%1$s}
                    secretAccessKey: ${file:%1$s}
                    maxAttempts: 1
                firewalls:
                  - name: fgt-x
                    type: fortinet
                    url: https://127.0.0.1:9
                    token: ${file:%1$s}
                gateways:
                  - name: payments
                    cloud: aws-x
                    addresses: 1
                    public: true
                    nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                    publish:
                      - {firewall: fgt-x, addresses: public}
                """.formatted(key));
        Cli.Result r = Cli.run("reconcile", "-f", config.toString(), "--interval", "10ms", "--max-rounds", "3",
                "--audit-log", dir.resolve("audit.jsonl").toString());
        assertEquals(1, r.exit(), "the last round failed: " + r.all());
        assertTrue(r.err().contains("round 3"), "all three rounds ran: " + r.err());
        assertTrue(r.err().contains("aws-x") && r.err().contains("fgt-x"), r.err());
    }
}
