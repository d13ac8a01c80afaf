package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** plan/apply on a config whose gateways are discovered in Kubernetes are refused, not run without their nodes. */
class DiscoveredGatewaysPlanTest extends SandboxDirTest {
    @Test
    void planAndApplyPointToReconcile() throws Exception {
        Path config = Files.writeString(dir.resolve("c.yaml"), """
                owner: k8s-test
                clouds:
                  - {name: aws-sandbox, provider: aws, region: eu-west-1}
                firewalls:
                  - {name: dc2-fgt, type: fortinet, url: https://fgt.example.invalid, token: "${env:FORTIOS_TOKEN}"}
                gateways:
                  - name: payments
                    cloud: aws-sandbox
                    addresses: 2
                    public: true
                    kubernetes: {source: selector, namespace: egress, selector: "app=egress-gw"}
                    publish:
                      - {firewall: dc2-fgt, addresses: public}
                """);
        for (String command : new String[] {"plan", "apply"}) {
            Cli.Result r = Cli.run(command, "--sandbox", "-f", config.toString(), "-q");
            assertEquals(1, r.exit(), r.all());
            assertTrue(r.err().contains("discover their nodes in Kubernetes") && r.err().contains("reconcile --max-rounds 1"),
                    r.all());
        }
    }
}
