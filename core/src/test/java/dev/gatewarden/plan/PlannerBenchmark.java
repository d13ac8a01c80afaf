package dev.gatewarden.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.NameTemplate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * How long the pure planner takes for a large, converged world (200 gateways × 10 slots, public and private, on
 * 2 firewalls: 4,000 cloud addresses and 8,000 firewall objects). A benchmark, not a timed test: it prints the
 * numbers and only asserts that the converged world plans nothing. Run with
 * {@code mvn -pl core verify -Dtest=PlannerBenchmark -Dgatewarden.benchmark=true}.
 */
@EnabledIfSystemProperty(named = "gatewarden.benchmark", matches = "true")
class PlannerBenchmark {
    static final String OWNER = "bench";
    static final String CLOUD = "aws-bench";

    @Test
    void convergedWorldOf2000Slots() {
        List<Gateway> gateways = new ArrayList<>();
        List<CloudAddress> addresses = new ArrayList<>();
        List<NodeInterface> nics = new ArrayList<>();
        Map<String, List<FirewallObject>> objects = Map.of("fw-a", new ArrayList<>(), "fw-b", new ArrayList<>());
        Map<String, List<FirewallGroup>> groups = Map.of("fw-a", new ArrayList<>(), "fw-b", new ArrayList<>());
        NameTemplate t = NameTemplate.DEFAULT;
        for (int g = 0; g < 200; g++) {
            String name = "gw" + g;
            NodeRef node = NodeRef.parse(String.format("aws:///eu-west-1a/i-%017x", g + 1L));
            List<String> secondaries = new ArrayList<>();
            List<String> privMembers = new ArrayList<>();
            List<String> pubMembers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                String priv = "10." + (g / 250) + "." + (g % 250) + "." + (10 + i);
                String pub = "100." + (64 + g / 250) + "." + (g % 250) + "." + (10 + i);
                secondaries.add(priv);
                SlotId id = new SlotId(name, i);
                addresses.add(new CloudAddress(CLOUD, id, AddressKind.PRIVATE, priv, "eni-" + g, node, "eni-" + g, null,
                        OWNER, false));
                addresses.add(new CloudAddress(CLOUD, id, AddressKind.PUBLIC, pub, "eipalloc-" + g + "-" + i, node,
                        "eni-" + g, priv, OWNER, false));
                String pn = t.objectName(OWNER, name, priv, i);
                String un = t.objectName(OWNER, name, pub, i);
                objects.get("fw-a").add(new FirewallObject(pn, priv, OWNER, name));
                objects.get("fw-b").add(new FirewallObject(un, pub, OWNER, name));
                privMembers.add(pn);
                pubMembers.add(un);
            }
            List<String> ips = new ArrayList<>(List.of("10.99." + (g % 250) + ".1"));
            ips.addAll(secondaries);
            nics.add(new NodeInterface(CLOUD, node, "eni-" + g, 0, "subnet-1", ips.get(0), ips, 50));
            groups.get("fw-a").add(new FirewallGroup(t.groupName(OWNER, name), privMembers, OWNER));
            groups.get("fw-b").add(new FirewallGroup(t.groupName(OWNER, name), pubMembers, OWNER));
            gateways.add(new Gateway(name, CLOUD, 10, true, List.of(node), secondaries, List.of(),
                    List.of(new FirewallBinding("fw-a", null, AddressKind.PRIVATE),
                            new FirewallBinding("fw-b", null, AddressKind.PUBLIC)),
                    GatewayMode.MANAGED, InterfaceSelector.PRIMARY, false));
        }
        DesiredState desired = DesiredState.fromGateways(OWNER, gateways, Map.of("fw-a", t, "fw-b", t),
                (f, g) -> t.groupName(OWNER, g.name()));
        ObservedState observed = new ObservedState(Map.of(CLOUD, new ObservedCloud(CLOUD, addresses, nics)),
                Map.of("fw-a", new ObservedFirewall("fw-a", objects.get("fw-a"), groups.get("fw-a")),
                        "fw-b", new ObservedFirewall("fw-b", objects.get("fw-b"), groups.get("fw-b"))), Map.of());
        for (int warm = 0; warm < 5; warm++) {
            Planner.plan(desired, observed, PlannerOptions.DEFAULTS);
        }
        int runs = 20;
        long best = Long.MAX_VALUE;
        long total = 0;
        Plan plan = null;
        for (int r = 0; r < runs; r++) {
            long t0 = System.nanoTime();
            plan = Planner.plan(desired, observed, PlannerOptions.DEFAULTS);
            long dt = System.nanoTime() - t0;
            best = Math.min(best, dt);
            total += dt;
        }
        Plan last = plan;
        assertTrue(last.isEmpty(), () -> "converged world planned changes: " + last.changes().size());
        assertEquals(0, last.skipped().size());
        System.out.printf("PlannerBenchmark: 2000 slots, 4000 cloud addresses, 4000 objects per firewall: "
                + "best %.1f ms, mean %.1f ms over %d runs%n", best / 1e6, total / 1e6 / runs, runs);
    }
}
