package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.plan.Change;
import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.ec2.Ec2State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The release rule as a property (issue 10), with a seeded generator (no new dependency): random sequences of config
 * edits — gateways added and removed, address counts and kinds, nodes, bindings, groups, firewalls configured,
 * retired and removed — and faults (a firewall unobservable, a withdrawal failing), applied through the real adapters
 * and provider against the simulators. After every step: no simulator lists an address the cloud released, at most one
 * Elastic IP per slot, foreign objects byte-identical; after every step that converged: each firewall lists exactly
 * what the config asks for and a second plan is empty. At the end, with everything healed and configured, the world
 * converges. A failure names its seed and step; rerun one with {@code -Dgatewarden.safety.seeds=SEED}.
 *
 * <p>CI runs a fixed seed plus two random ones ({@code -Dgatewarden.safety.steps} sets the length, default 10).
 */
class ReleaseSafetyPropertyTest {
    static final String OWNER = ReleaseSafetyTest.OWNER;
    static final List<String> GATEWAYS = List.of("alpha", "beta");
    static final List<String> GROUPS = List.of("", "grp-x", "grp-y");

    static Stream<Long> seeds() {
        String fixed = System.getProperty("gatewarden.safety.seeds");
        if (fixed != null && !fixed.isBlank()) {
            return Stream.of(fixed.split(",")).map(String::trim).map(Long::parseLong);
        }
        Random r = new Random();
        return Stream.of(20261202L, r.nextLong(), r.nextLong());
    }

    /** One generated step: the config, and the fault in force while it is applied. */
    record Step(String yaml, Map<String, String> firewallStates, Map<String, Gw> gateways, String fault,
                boolean allowDeletions) {
    }

    record Gw(int addresses, boolean pub, List<String> nodes, List<String[]> publish) {
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void nothingReleasedIsEverListed(long seed) throws Exception {
        int steps = Integer.getInteger("gatewarden.safety.steps", 10);
        Path dir = Files.createTempDirectory("safety-" + seed);
        try (SafetyBed bed = new SafetyBed(dir)) {
            Foreign foreign = Foreign.seed(bed);
            Random rnd = new Random(seed);
            Set<String> baseline = bed.secondaryIps();
            List<String> history = new ArrayList<>();
            for (int i = 1; i <= steps; i++) {
                Step step = generate(rnd);
                history.add("step " + i + ": firewalls " + step.firewallStates() + ", fault " + step.fault()
                        + ", gateways " + describe(step.gateways()));
                String where = "seed " + seed + ", step " + i + " (rerun: -Dgatewarden.safety.seeds=" + seed
                        + ")\n" + String.join("\n", history);
                injectFault(bed, step.fault());
                Reconciler.Round round;
                try {
                    round = bed.apply(step.yaml(), step.allowDeletions());
                } catch (RuntimeException e) {
                    throw new AssertionError(where + "\napply threw: " + e, e);
                } finally {
                    bed.heal();
                }
                check(bed, foreign, baseline, step, round, where);
            }
            // heal everything, configure every firewall, allow deletions: it must converge
            Step last = new Step(null, Map.of("dc1-pa", "configured", "dc2-fgt", "configured"), Map.of(), "none", true);
            String yaml = render(last.firewallStates(), last.gateways());
            last = new Step(yaml, last.firewallStates(), last.gateways(), "none", true);
            bed.apply(yaml, true);
            Reconciler.Round fin = bed.apply(yaml, true);
            check(bed, foreign, baseline, last, fin, "seed " + seed + ", final convergence\n"
                    + String.join("\n", history));
            assertTrue(fin.planned().plan().heldBack().isEmpty(), "seed " + seed + ": converges at the end: "
                    + fin.planned().plan().skipped());
            assertEquals(Map.of(), bed.ownedPublicIps(OWNER), "seed " + seed + ": every address released at the end");
        }
    }

    // ------------------------------------------------------------------ generator

    static Step generate(Random rnd) {
        Map<String, String> fws = new TreeMap<>();
        for (String fw : SafetyBed.FIREWALLS.keySet()) {
            int p = rnd.nextInt(10);
            fws.put(fw, p < 7 ? "configured" : p < 8 ? "retiring" : "absent");
        }
        Map<String, Gw> gws = new TreeMap<>();
        for (String g : GATEWAYS) {
            if (rnd.nextInt(10) < 8) {
                int addresses = rnd.nextInt(3);
                boolean pub = rnd.nextBoolean();
                List<String> nodes = new ArrayList<>(SafetyBed.NODES);
                java.util.Collections.shuffle(nodes, rnd);
                nodes = nodes.subList(0, 1 + rnd.nextInt(nodes.size()));
                List<String[]> publish = new ArrayList<>();
                for (Map.Entry<String, String> fw : fws.entrySet()) {
                    if (fw.getValue().equals("configured") && rnd.nextInt(10) < 7) {
                        String kind = pub && rnd.nextBoolean() ? "public" : "private";
                        publish.add(new String[] {fw.getKey(), GROUPS.get(rnd.nextInt(GROUPS.size())), kind});
                    }
                }
                gws.put(g, new Gw(addresses, pub, nodes, publish));
            }
        }
        String[] faults = {"none", "none", "none", "unobservable:dc1-pa", "unobservable:dc2-fgt", "withdraw:dc1-pa",
            "withdraw:dc2-fgt"};
        String fault = faults[rnd.nextInt(faults.length)];
        return new Step(render(fws, gws), fws, gws, fault, rnd.nextInt(10) < 8);
    }

    static String render(Map<String, String> fws, Map<String, Gw> gws) {
        StringBuilder f = new StringBuilder();
        fws.forEach((name, state) -> {
            if (!state.equals("absent")) {
                f.append(ReleaseSafetyTest.firewallEntry(name, state.equals("retiring")));
            }
        });
        StringBuilder g = new StringBuilder();
        gws.forEach((name, gw) -> {
            g.append("  - name: ").append(name).append("\n    cloud: aws-sandbox\n    addresses: ")
                    .append(gw.addresses()).append("\n    public: ").append(gw.pub()).append("\n    nodes: [")
                    .append(String.join(", ", gw.nodes())).append("]\n");
            if (!gw.publish().isEmpty()) {
                g.append("    publish:\n");
                for (String[] b : gw.publish()) {
                    g.append("      - {firewall: ").append(b[0])
                            .append(b[1].isEmpty() ? "" : ", group: " + b[1] + "-" + name)
                            .append(", addresses: ").append(b[2]).append("}\n");
                }
            }
        });
        String firewalls = f.length() == 0 ? "" : f.toString();
        String yaml = ReleaseSafetyTest.config(firewalls, g.toString());
        return firewalls.isEmpty() ? yaml.replace("firewalls:\n", "firewalls: []\n") : yaml;
    }

    static String describe(Map<String, Gw> gws) {
        StringBuilder sb = new StringBuilder("{");
        gws.forEach((n, g) -> {
            sb.append(n).append(": ").append(g.addresses()).append(g.pub() ? " public" : " private").append(" on ")
                    .append(g.nodes().size()).append(" node(s), publish ");
            g.publish().forEach(b -> sb.append(b[0]).append('/').append(b[1].isEmpty() ? "default" : b[1]).append('/')
                    .append(b[2]).append(' '));
            sb.append("; ");
        });
        return sb.append('}').toString();
    }

    static void injectFault(SafetyBed bed, String fault) {
        if (fault.startsWith("unobservable:")) {
            bed.breakFirewall(fault.substring(fault.indexOf(':') + 1));
        } else if (fault.equals("withdraw:dc1-pa")) {
            bed.panos().failNextCommit("commit failed: injected by the property test");
        } else if (fault.equals("withdraw:dc2-fgt")) {
            bed.fortios().faults().inject("DELETE firewall/address", Fault.error(500, "-1", "injected"), 1000);
        }
    }

    // ------------------------------------------------------------------ invariants

    static void check(SafetyBed bed, Foreign foreign, Set<String> baseline, Step step, Reconciler.Round round,
                      String where) {
        Set<String> held = bed.heldIps(OWNER);
        for (String fw : SafetyBed.FIREWALLS.keySet()) {
            Set<String> stray = new TreeSet<>(bed.listedIps(fw));
            stray.removeAll(held);
            stray.removeAll(Foreign.IPS);
            if (!stray.isEmpty()) {
                fail(where + "\n" + fw + " lists " + stray + ", which the cloud no longer holds for us");
            }
        }
        Map<String, String> pubs = bed.ownedPublicIps(OWNER);
        if (new TreeSet<>(pubs.values()).size() != pubs.size()) {
            fail(where + "\nmore than one Elastic IP for a slot: " + pubs);
        }
        foreign.assertUnchanged(bed, where);

        boolean converged = round.planned().plan().heldBack().isEmpty() && (round.report() == null || round.ok())
                && step.fault().equals("none");
        if (!converged) {
            return;
        }
        List<Change> again = bed.plan(step.yaml(), true).planned().plan().changes();
        if (!again.isEmpty()) {
            fail(where + "\nconverged, yet a second plan is not empty: " + again);
        }
        // exactly what the config asks for, counted independently of our planner
        int slots = 0;
        int publicSlots = 0;
        for (Gw g : step.gateways().values()) {
            slots += g.addresses();
            publicSlots += g.pub() ? g.addresses() : 0;
        }
        assertEquals(publicSlots, pubs.size(), where + "\nowned Elastic IPs: " + pubs);
        Set<String> ours = new TreeSet<>(bed.secondaryIps());
        ours.removeAll(baseline);
        assertEquals(slots, ours.size(), where + "\nsecondary private IPs: " + ours);
        for (Map.Entry<String, String> fw : step.firewallStates().entrySet()) {
            if (fw.getValue().equals("absent")) {
                continue;
            }
            Set<String> expectedPublic = new TreeSet<>();
            int expectedPrivate = 0;
            for (Map.Entry<String, Gw> g : step.gateways().entrySet()) {
                Set<String> kinds = new TreeSet<>();
                g.getValue().publish().stream().filter(b -> b[0].equals(fw.getKey())).forEach(b -> kinds.add(b[2]));
                if (kinds.contains("public")) {
                    pubs.forEach((ip, slot) -> {
                        if (slot.startsWith(g.getKey() + "#")) {
                            expectedPublic.add(ip);
                        }
                    });
                }
                if (kinds.contains("private")) {
                    expectedPrivate += g.getValue().addresses();
                }
            }
            Set<String> listed = new TreeSet<>(bed.listedIps(fw.getKey()));
            listed.removeAll(Foreign.IPS);
            Set<String> privateListed = new TreeSet<>(listed);
            privateListed.removeAll(expectedPublic);
            assertTrue(listed.containsAll(expectedPublic), where + "\n" + fw.getKey() + " lists " + listed
                    + ", expected the public IPs " + expectedPublic);
            assertEquals(expectedPrivate, privateListed.size(), where + "\n" + fw.getKey() + " lists " + listed
                    + ": expected " + expectedPrivate + " private IP(s) besides " + expectedPublic);
            assertTrue(ours.containsAll(privateListed), where + "\n" + fw.getKey() + " lists " + privateListed
                    + ", not all secondary IPs of ours " + ours);
        }
    }

    /** Objects of other owners on every target: never touched, byte for byte. */
    record Foreign(String panos, JsonNode fortios, String eip) {
        static final Set<String> IPS = Set.of("10.99.0.1", "10.99.0.2");

        static Foreign seed(SafetyBed bed) {
            bed.panos().configure("alice", "set", SafetyBed.VSYS1 + "/address",
                    "<entry name=\"corp-db\"><ip-netmask>10.99.0.1/32</ip-netmask></entry>");
            bed.panos().configure("alice", "set", SafetyBed.VSYS1 + "/address-group",
                    "<entry name=\"corp-servers\"><static><member>corp-db</member></static></entry>");
            bed.panos().commitAll();
            bed.fortios().seed("root", "address", new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                    .put("name", "corp-db").put("subnet", "10.99.0.2 255.255.255.255").put("comment", "corp"));
            return snapshot(bed);
        }

        static Foreign snapshot(SafetyBed bed) {
            String pa = bed.panos().runningNode(SafetyBed.VSYS1 + "/address/entry[@name='corp-db']")
                    + bed.panos().runningNode(SafetyBed.VSYS1 + "/address-group/entry[@name='corp-servers']");
            StringBuilder eips = new StringBuilder();
            for (Ec2State.Address a : bed.ec2.state().addresses.values()) {
                if (!OWNER.equals(a.tags.get("gatewarden-owner"))) {
                    eips.append(a.publicIp).append(a.tags).append(a.associationId).append(';');
                }
            }
            return new Foreign(pa, bed.fortios().entry("root", "address", "corp-db"), eips.toString());
        }

        void assertUnchanged(SafetyBed bed, String where) {
            Foreign now = snapshot(bed);
            assertEquals(this, now, where + "\nforeign objects changed");
        }
    }
}
