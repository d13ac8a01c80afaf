package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The quickstart with its FortiGate removed from the config: plan and apply say the releases are held and exit 1
 * (JSON ok=false); {@code --forget-firewall} is the explicit way out, and is audited.
 */
class RemovedFirewallCliTest extends SandboxDirTest {
    @Test
    void releasesAreHeldUntilTheUserForgetsTheFirewall() throws Exception {
        String audit = dir.resolve("audit.jsonl").toString();
        Cli.Result first = Cli.run("apply", "--sandbox", "-f", QuickstartCliTest.QUICKSTART.toString(),
                "--auto-approve", "--audit-log", audit);
        assertEquals(0, first.exit(), first.all());

        String quickstart = Files.readString(QuickstartCliTest.QUICKSTART);
        String fgt = quickstart.substring(quickstart.indexOf("  - name: dc2-fgt"), quickstart.indexOf("\ngateways:") + 1);
        String without = quickstart.replace(fgt, "").replace("    addresses: 2 ", "    addresses: 1 ")
                .replace("      - {firewall: dc2-fgt, addresses: public}\n", "");
        assertFalse(without.contains("dc2-fgt"), without);
        Path config = dir.resolve("without-fgt.yaml");
        Files.writeString(config, without);

        Cli.Result plan = Cli.run("plan", "--sandbox", "-f", config.toString(), "--audit-log", audit,
                "--allow-deletions");
        assertEquals(1, plan.exit(), plan.all());
        assertTrue(plan.out().contains("[held]") && plan.out().contains("dc2-fgt, which is no longer configured"),
                plan.out());

        Cli.Result status = Cli.run("status", "--sandbox", "-f", config.toString(), "--audit-log", audit);
        assertEquals(1, status.exit(), status.all());
        assertTrue(status.out().contains("held: aws-sandbox payments#1: not releasing"), status.out());

        Cli.Result held = Cli.run("apply", "--sandbox", "-f", config.toString(), "--auto-approve",
                "--allow-deletions", "--audit-log", audit, "-o", "json");
        assertEquals(1, held.exit(), held.all());
        JsonNode report = QuickstartCliTest.JSON.readTree(held.out());
        assertFalse(report.get("ok").asBoolean(), held.out());
        assertTrue(report.get("skipped").toString().contains("\"kind\":\"held\""), held.out());

        Cli.Result configured = Cli.run("plan", "--sandbox", "-f", QuickstartCliTest.QUICKSTART.toString(),
                "--forget-firewall", "dc2-fgt");
        assertEquals(1, configured.exit(), "a configured firewall cannot be forgotten");
        assertTrue(configured.all().contains("retire: true"), configured.all());

        Cli.Result forgot = Cli.run("apply", "--sandbox", "-f", config.toString(), "--auto-approve",
                "--allow-deletions", "--audit-log", audit, "--forget-firewall", "dc2-fgt", "-o", "json");
        assertEquals(0, forgot.exit(), forgot.all());
        assertTrue(forgot.out().contains("release-public"), forgot.out());
        String log = Files.readString(Path.of(audit));
        assertTrue(log.contains("\"action\":\"forget-firewall\"") && log.contains("\"target\":\"dc2-fgt\""), log);
        assertEquals(0, Cli.run("audit", "verify", audit).exit());

        Cli.Result after = Cli.run("plan", "--sandbox", "-f", config.toString(), "--audit-log", audit);
        assertEquals(0, after.exit(), "the forget record holds nothing back any more: " + after.all());
    }
}
