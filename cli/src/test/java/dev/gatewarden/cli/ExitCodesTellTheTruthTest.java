package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exit code, JSON {@code ok} and the table's closing line agree: a target that could not be observed, a change
 * held back by the deletion guard, a failed change all make a run not ok; {@code calls} are counted on every path;
 * {@code reconcile -o json} prints one document per round.
 */
class ExitCodesTellTheTruthTest {
    static final String KEY = "LUFRPT-exit-codes-key-1234";
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    Ec2Simulator ec2;
    PanOsSimulator pa;
    Path audit;

    @BeforeEach
    void start() {
        ec2 = new Ec2Simulator(Ec2World.defaultWorld());
        ec2.start(false);
        pa = new PanOsSimulator(PanOsDeviceSpec.firewall("pa-x", KEY));
        pa.start(true);
        audit = dir.resolve("audit.jsonl");
    }

    @AfterEach
    void stop() {
        ec2.close();
        pa.close();
    }

    /** A config with one gateway published to pa-x; {@code deadFirewall}: a FortiGate nobody listens for. */
    Path config(int addresses, boolean deadFirewall) throws Exception {
        String key = TestConfigs.fileRef(dir, "k", KEY);
        Path ca = Files.writeString(dir.resolve("ca.pem"), SandboxTls.caPem());
        return TestConfigs.write(dir, "exit-test", TestConfigs.aws(ec2.baseUri().toString(), key, key),
                TestConfigs.firewall("pa-x", "paloalto", pa.baseUri().toString(), "apiKey", key, ca.toString())
                        + (deadFirewall ? TestConfigs.firewall("fgt-dead", "fortinet", "https://127.0.0.1:9", "token",
                        key, null) : ""),
                TestConfigs.payments(addresses, "{firewall: pa-x, group: k8s-egress-payments, addresses: public}"));
    }

    Cli.Result apply(Path config, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("apply", "-f", config.toString(), "--auto-approve",
                "--audit-log", audit.toString()));
        args.addAll(List.of(more));
        return Cli.run(args.toArray(String[]::new));
    }

    @Test
    void anUnobservableFirewallFailsApplyAndItsJson() throws Exception {
        Path c = config(1, true);
        // before: exit 0 although fgt-dead could not be observed
        Cli.Result first = apply(c);
        assertEquals(1, first.exit(), first.all());
        assertTrue(first.out().contains("Not ok:") && first.out().contains("fgt-dead could not be observed"),
                first.out());
        // the plan is empty now; before: "ok": true with exit 1, and no calls
        Cli.Result again = apply(c, "-o", "json");
        assertEquals(1, again.exit(), again.all());
        JsonNode doc = JSON.readTree(again.out());
        assertFalse(doc.get("ok").asBoolean(), again.out());
        assertTrue(doc.get("problems").get(0).asText().startsWith("fgt-dead could not be observed"), again.out());
        assertTrue(doc.at("/calls/aws-x/DescribeAddresses").asLong() >= 1, "observe calls counted: " + again.out());
        assertTrue(doc.at("/calls/pa-x").size() > 0, again.out());
    }

    @Test
    void aNoOpApplyReportsItsObserveCalls() throws Exception {
        Path c = config(1, false);
        assertEquals(0, apply(c).exit());
        Cli.Result noop = apply(c, "-o", "json");
        assertEquals(0, noop.exit(), noop.all());
        JsonNode doc = JSON.readTree(noop.out());
        assertTrue(doc.get("ok").asBoolean(), noop.out());
        assertEquals(0, doc.get("changes").size(), noop.out());
        assertTrue(doc.at("/calls/aws-x/DescribeAddresses").asLong() >= 1, noop.out());
        Cli.Result table = apply(c);
        assertTrue(table.out().contains("No changes: the clouds and firewalls match the configuration."), table.out());
        assertTrue(table.out().contains("API calls: aws-x"), table.out());
    }

    @Test
    void planDoesNotClaimAMatchWhileTheGuardHoldsChangesBack() throws Exception {
        assertEquals(0, apply(config(2, false)).exit());
        Path shrunk = config(0, false);
        Cli.Result plan = Cli.run("plan", "-f", shrunk.toString());
        // before: "No changes: the clouds and firewalls match the configuration." and exit 0
        assertFalse(plan.out().contains("match the configuration."), plan.out());
        assertTrue(plan.out().contains("No changes can be made now"), plan.out());
        assertTrue(plan.out().contains("[guard]"), plan.out());
        assertEquals(1, plan.exit(), plan.all());
        Cli.Result json = Cli.run("plan", "-f", shrunk.toString(), "-o", "json");
        JsonNode doc = JSON.readTree(json.out());
        assertFalse(doc.get("ok").asBoolean(), json.out());
        assertFalse(doc.get("changed").asBoolean(), json.out());
        Cli.Result applied = apply(shrunk, "-o", "json");
        assertEquals(1, applied.exit(), applied.all());
        assertFalse(JSON.readTree(applied.out()).get("ok").asBoolean(), applied.out());
    }

    @Test
    void reconcileJsonPrintsOneDocumentPerRound() throws Exception {
        Path c = config(1, false);
        Cli.Result r = Cli.run("reconcile", "-f", c.toString(), "--interval", "10ms", "--max-rounds", "2",
                "--audit-log", audit.toString(), "-o", "json");
        assertEquals(0, r.exit(), r.all());
        List<JsonNode> docs;
        try (MappingIterator<JsonNode> it = JSON.readerFor(JsonNode.class).readValues(r.out())) {
            docs = it.readAll();
        }
        assertEquals(2, docs.size(), r.out());
        assertEquals(1, docs.get(0).get("round").asInt());
        assertTrue(docs.get(0).get("changes").size() > 0, r.out());
        assertEquals(0, docs.get(1).get("changes").size(), "the second round has nothing left: " + r.out());
        assertTrue(docs.get(1).get("ok").asBoolean(), r.out());
        // the second round's calls are its own (observe only), not the sum since the start
        assertEquals(1, docs.get(1).at("/calls/aws-x/DescribeAddresses").asLong(), r.out());
        assertFalse(docs.get(1).at("/calls/aws-x").has("AllocateAddress"), r.out());
    }
}
