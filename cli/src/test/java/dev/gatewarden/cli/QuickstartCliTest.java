package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The README's quickstart, in-process against the embedded sandbox: apply converges, plan then shows nothing. */
class QuickstartCliTest extends SandboxDirTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path QUICKSTART = Path.of("..", "examples", "quickstart.yaml");

    String audit() {
        return dir.resolve("audit.jsonl").toString();
    }

    @Test
    void applyThenPlanShowsNoChangeAndOnlyReadCalls() throws Exception {
        Cli.Result before = Cli.run("plan", "--sandbox", "-f", QUICKSTART.toString());
        assertEquals(2, before.exit(), before.all());

        Cli.Result apply = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve",
                "--audit-log", audit(), "-o", "json");
        assertEquals(0, apply.exit(), apply.all());
        JsonNode report = JSON.readTree(apply.out());
        assertTrue(report.get("ok").asBoolean());
        List<String> phases = new ArrayList<>();
        for (JsonNode c : report.get("changes")) {
            assertEquals("succeeded", c.get("outcome").asText(), c.toString());
            phases.add(c.get("phase").asText());
        }
        assertTrue(phases.indexOf("publish") > phases.lastIndexOf("allocate"), phases.toString());
        assertTrue(phases.indexOf("attach") > phases.lastIndexOf("publish"), phases.toString());
        assertTrue(report.at("/calls/dc1-pa").size() > 0, "firewall calls are reported");

        Cli.Result plan = Cli.run("plan", "--sandbox", "-f", QUICKSTART.toString(), "-o", "json");
        assertEquals(0, plan.exit(), plan.all());
        JsonNode p = JSON.readTree(plan.out());
        assertEquals(0, p.get("changes").size());
        assertFalse(p.get("changed").asBoolean());
        JsonNode ec2 = p.at("/calls/aws-sandbox");
        for (Iterator<Map.Entry<String, JsonNode>> it = ec2.fields(); it.hasNext(); ) {
            String op = it.next().getKey();
            assertTrue(op.startsWith("Describe"), "a second plan only reads EC2, saw " + op);
        }
        assertTrue(ec2.path("DescribeAddresses").asInt() <= 1, ec2.toString());

        Cli.Result verify = Cli.run("audit", "verify", audit());
        assertEquals(0, verify.exit(), verify.all());
        assertTrue(Files.readAllLines(Path.of(audit())).size() >= report.get("changes").size());

        Cli.Result status = Cli.run("status", "--sandbox", "-f", QUICKSTART.toString());
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("payments#1") && status.out().contains("listed"), status.out());

        for (Cli.Result r : List.of(before, apply, plan, verify, status)) {
            for (String secret : List.of(SandboxRuntime.AWS_SECRET_KEY, SandboxRuntime.PANOS_API_KEY,
                    SandboxRuntime.FORTIOS_TOKEN)) {
                assertFalse(r.all().contains(secret), "a secret was printed");
            }
        }
    }

    @Test
    void savedPlanAppliesExactlyAndIsRefusedWhenTheWorldMoved() throws Exception {
        Path saved = dir.resolve("plan.json");
        Cli.Result plan = Cli.run("plan", "--sandbox", "-f", QUICKSTART.toString(), "--save-plan", saved.toString());
        assertEquals(2, plan.exit(), plan.all());
        // The world moves underneath the saved plan: someone else applies first.
        Cli.Result other = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve",
                "--audit-log", audit());
        assertEquals(0, other.exit(), other.all());
        Cli.Result refused = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--plan", saved.toString(),
                "--auto-approve", "--audit-log", audit());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains("changed since"), refused.all());

        // A fresh saved plan of the converged world applies (nothing to do) and exits 0.
        Cli.Result reset = Cli.run("sandbox", "reset");
        assertEquals(0, reset.exit());
        Cli.Result plan2 = Cli.run("plan", "--sandbox", "-f", QUICKSTART.toString(), "--save-plan", saved.toString());
        assertEquals(2, plan2.exit());
        Cli.Result exact = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--plan", saved.toString(),
                "--auto-approve", "--audit-log", audit(), "-o", "json");
        assertEquals(0, exact.exit(), exact.all());
        assertEquals(JSON.readTree(Files.readString(saved)).at("/plan/changes").size(),
                JSON.readTree(exact.out()).get("changes").size());
    }

    @Test
    void dryRunCallsNothingThatChangesAndWritesNoAudit() throws Exception {
        Cli.Result dry = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--dry-run", "--audit-log", audit(),
                "-o", "json");
        assertEquals(0, dry.exit(), dry.all());
        JsonNode report = JSON.readTree(dry.out());
        assertTrue(report.get("changes").size() > 0);
        for (JsonNode c : report.get("changes")) {
            assertEquals("dry-run", c.get("outcome").asText(), c.toString());
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = report.at("/calls/aws-sandbox").fields(); it.hasNext(); ) {
            assertTrue(it.next().getKey().startsWith("Describe"), "a dry run only reads");
        }
        assertFalse(Files.exists(Path.of(audit())), "a dry run writes no audit entry");
        assertEquals(2, Cli.run("plan", "--sandbox", "-f", QUICKSTART.toString()).exit(), "nothing was changed");
    }

    @Test
    void applyRefusesWithoutATerminalOrAutoApprove() {
        Cli.Result r = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--audit-log", audit());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--auto-approve"), r.all());
    }

    @Test
    void reconcileLoopRunsRoundsAndConverges() {
        Cli.Result r = Cli.run("reconcile", "--sandbox", "-f", QUICKSTART.toString(), "--interval", "10ms",
                "--max-rounds", "2", "--audit-log", audit());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("round 2: no change"), r.err());
    }
}
