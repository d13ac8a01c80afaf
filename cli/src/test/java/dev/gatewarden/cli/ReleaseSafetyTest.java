package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.plan.Skip;
import dev.gatewarden.reconcile.Reconciler;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: every configured firewall ends up listing exactly what the desired state calls for, and no address is
 * released while a firewall may still list it — through the real AWS provider, PAN-OS and FortiOS adapters against
 * the simulators, asserting on the simulators' own state.
 */
class ReleaseSafetyTest {
    static final String OWNER = "safety";

    @TempDir
    Path dir;
    SafetyBed bed;

    @BeforeEach
    void start() {
        bed = new SafetyBed(dir);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    static String firewallEntry(String name, boolean retire) {
        String extra = retire ? "    retire: true\n" : "";
        return name.equals("dc1-pa")
                ? "  - name: dc1-pa\n    type: paloalto\n    url: https://pa.example\n    apiKey: ${env:PANOS_API_KEY}\n"
                + "    username: gatewarden\n    vsys: vsys1\n" + extra
                : "  - name: dc2-fgt\n    type: fortinet\n    url: https://fgt.example\n    token: ${env:FORTIOS_TOKEN}\n"
                + "    vdom: root\n" + extra;
    }

    /** A config with the given firewall entries and gateway YAML (already indented as list items). */
    static String config(String firewalls, String gateways) {
        return "owner: " + OWNER + "\nclouds:\n  - name: aws-sandbox\n    provider: aws\n    region: eu-west-1\n"
                + "firewalls:\n" + firewalls + "gateways:" + (gateways.isEmpty() ? " []\n" : "\n" + gateways);
    }

    static String payments(int addresses, String publish) {
        return "  - name: payments\n    cloud: aws-sandbox\n    addresses: " + addresses + "\n    public: true\n"
                + "    nodes: [" + SafetyBed.NODES.get(0) + ", " + SafetyBed.NODES.get(1) + "]\n"
                + "    publish:\n" + publish;
    }

    static final String BOTH_FIREWALLS = firewallEntry("dc1-pa", false) + firewallEntry("dc2-fgt", false);
    static final String PUBLISH_BOTH = "      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}\n"
            + "      - {firewall: dc2-fgt, addresses: public}\n";
    static final String QUICKSTART = config(BOTH_FIREWALLS, payments(2, PUBLISH_BOTH));

    Reconciler.Round converge(String yaml, boolean allowDeletions) {
        Reconciler.Round r = bed.apply(yaml, allowDeletions);
        assertTrue(r.ok(), () -> "apply failed: " + r.report().results());
        assertTrue(r.planned().plan().heldBack().isEmpty(), () -> r.planned().plan().skipped().toString());
        assertSecondPlanEmpty(yaml);
        assertNothingReleasedIsListed();
        return r;
    }

    void assertSecondPlanEmpty(String yaml) {
        Reconciler.Round again = bed.plan(yaml, true);
        assertEquals(List.of(), again.planned().plan().changes(), "a second plan is empty");
    }

    /** No simulator, configured or not, lists an address the cloud no longer holds for us. */
    void assertNothingReleasedIsListed() {
        Set<String> held = bed.heldIps(OWNER);
        for (String fw : SafetyBed.FIREWALLS.keySet()) {
            Set<String> stray = new TreeSet<>(bed.listedIps(fw));
            stray.removeAll(held);
            assertEquals(Set.of(), stray, fw + " lists addresses the cloud released");
        }
    }

    Set<String> publicIps() {
        return bed.ownedPublicIps(OWNER).keySet();
    }

    @Test
    void removingTheGatewayWithdrawsFromEveryFirewallBeforeReleasing() {
        converge(QUICKSTART, false);
        Set<String> before = publicIps();
        assertEquals(2, before.size());
        assertEquals(before, bed.listedIps("dc1-pa"));
        assertEquals(before, bed.listedIps("dc2-fgt"));

        Reconciler.Round r = converge(config(BOTH_FIREWALLS, ""), true);
        assertEquals(Set.of(), publicIps(), "both Elastic IPs released");
        assertEquals(Set.of(), bed.listedIps("dc1-pa"));
        assertEquals(Set.of(), bed.listedIps("dc2-fgt"));
        List<String> phases = r.report().results().stream().map(x -> x.change().phase().label()).toList();
        assertTrue(phases.lastIndexOf("withdraw") < phases.indexOf("release"), phases.toString());
        assertTrue(r.planned().plan().warnings().stream().anyMatch(w -> w.contains("left in place, emptied")),
                r.planned().plan().warnings().toString());
    }

    @Test
    void removingOneBindingWithdrawsFromThatFirewallAndTheGuardCountsIt() {
        converge(QUICKSTART, false);
        Set<String> ips = publicIps();
        String onlyPa = config(BOTH_FIREWALLS,
                payments(2, "      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}\n"));

        Reconciler.Round guarded = bed.apply(onlyPa, false);
        assertTrue(guarded.planned().plan().skipped().stream()
                        .anyMatch(s -> s.kind() == Skip.Kind.GUARD && s.target().equals("dc2-fgt")),
                "withdrawing every object of dc2-fgt trips the deletion guard: "
                        + guarded.planned().plan().skipped());
        assertEquals(ips, bed.listedIps("dc2-fgt"), "held by the guard: nothing withdrawn yet");

        converge(onlyPa, true);
        assertEquals(Set.of(), bed.listedIps("dc2-fgt"));
        assertEquals(ips, bed.listedIps("dc1-pa"));
        assertEquals(ips, publicIps(), "the addresses themselves stay");
    }

    @Test
    void renamingAGroupMovesTheMembersAndEmptiesTheOldGroup() {
        converge(QUICKSTART, false);
        Set<String> ips = publicIps();
        converge(config(BOTH_FIREWALLS, payments(2, PUBLISH_BOTH.replace("k8s-egress-payments", "k8s-egress-pay2"))),
                true);
        String groups = bed.panos().runningNode(SafetyBed.VSYS1 + "/address-group");
        String oldGroup = groups.substring(groups.indexOf("name=\"k8s-egress-payments\""));
        oldGroup = oldGroup.substring(0, oldGroup.indexOf("</entry>"));
        assertFalse(oldGroup.contains("gw-safety-payments"), "old group emptied: " + oldGroup);
        String newGroup = groups.substring(groups.indexOf("name=\"k8s-egress-pay2\""));
        for (String ip : ips) {
            assertTrue(newGroup.contains("gw-safety-payments-" + ip), ip + " in the new group: " + newGroup);
        }
        assertEquals(ips, bed.listedIps("dc1-pa"));
    }

    @Test
    void publicToPrivateReplacesTheObjects() {
        converge(QUICKSTART, false);
        Set<String> pub = publicIps();
        converge(config(BOTH_FIREWALLS, payments(2, PUBLISH_BOTH.replace(
                "group: k8s-egress-payments, addresses: public", "group: k8s-egress-payments, addresses: private"))),
                true);
        Set<String> listed = bed.listedIps("dc1-pa");
        assertEquals(2, listed.size());
        for (String ip : listed) {
            assertFalse(pub.contains(ip), "public IPs withdrawn: " + listed);
            assertTrue(bed.secondaryIps().contains(ip), ip + " is a secondary private IP");
        }
        assertEquals(pub, bed.listedIps("dc2-fgt"));
    }

    @Test
    void movingTheGatewayToAnotherFirewallEmptiesTheFirst() {
        String paOnly = config(BOTH_FIREWALLS,
                payments(2, "      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}\n"));
        converge(paOnly, false);
        Set<String> ips = publicIps();
        converge(config(BOTH_FIREWALLS, payments(2, "      - {firewall: dc2-fgt, addresses: public}\n")), true);
        assertEquals(Set.of(), bed.listedIps("dc1-pa"));
        assertEquals(ips, bed.listedIps("dc2-fgt"));
    }

    @Test
    void anUnobservableFirewallHoldsTheReleaseBackUntilItWithdrew() {
        converge(QUICKSTART, false);
        String scaledDown = config(BOTH_FIREWALLS, payments(1, PUBLISH_BOTH));
        Set<String> before = publicIps();
        bed.breakFirewall("dc2-fgt");
        Reconciler.Round r = bed.apply(scaledDown, true);
        bed.heal();
        assertTrue(r.planned().plan().skipped().stream().anyMatch(s -> s.kind() == Skip.Kind.HELD
                && s.reason().contains("dc2-fgt could not be observed")), r.planned().plan().skipped().toString());
        assertEquals(before, publicIps(), "nothing released while dc2-fgt may still list it");
        assertEquals(1, bed.listedIps("dc1-pa").size(), "the observable firewall withdrew");
        assertEquals(2, bed.listedIps("dc2-fgt").size());
        assertFalse(r.planned().plan().heldBack().isEmpty(), "the round is not converged (apply exits non-zero)");
        assertNothingReleasedIsListed();

        converge(scaledDown, true);
        assertEquals(1, publicIps().size());
        assertEquals(publicIps(), bed.listedIps("dc2-fgt"));
    }

    @Test
    void aFailedWithdrawalHoldsTheReleaseBack() {
        converge(QUICKSTART, false);
        String scaledDown = config(BOTH_FIREWALLS, payments(1, PUBLISH_BOTH));
        bed.fortios().faults().inject("DELETE firewall/address",
                dev.gatewarden.sandbox.Fault.error(500, "-1", "internal error"), 100);
        Reconciler.Round r = bed.apply(scaledDown, true);
        bed.heal();
        assertFalse(r.ok(), "the failed withdrawal fails the round");
        assertTrue(r.report().results().stream().anyMatch(x -> x.change().action().equals("release-public")
                && x.outcome() == dev.gatewarden.apply.Outcome.SKIPPED), r.report().results().toString());
        assertEquals(2, publicIps().size());
        assertNothingReleasedIsListed();
        converge(scaledDown, true);
        assertEquals(1, publicIps().size());
    }

    @Test
    void aFirewallRemovedFromTheConfigHoldsReleasesUntilRetiredOrForgotten() {
        converge(QUICKSTART, false);
        Set<String> ips = publicIps();
        String withoutFgt = config(firewallEntry("dc1-pa", false), payments(1,
                "      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}\n"));
        Reconciler.Round r = bed.apply(withoutFgt, true);
        assertTrue(r.planned().plan().skipped().stream().anyMatch(s -> s.kind() == Skip.Kind.HELD
                        && s.reason().contains("firewall dc2-fgt, which is no longer configured")),
                r.planned().plan().skipped().toString());
        assertTrue(r.planned().plan().warnings().stream().anyMatch(w -> w.contains("dc2-fgt is no longer configured")));
        assertEquals(ips, publicIps(), "nothing released: dc2-fgt still lists both");
        assertNothingReleasedIsListed();

        // retire: true brings it back to be emptied; then the release goes ahead
        String retiring = config(firewallEntry("dc1-pa", false) + firewallEntry("dc2-fgt", true), payments(1,
                "      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}\n"));
        converge(retiring, true);
        assertEquals(Set.of(), bed.listedIps("dc2-fgt"));
        assertEquals(1, publicIps().size());
        assertTrue(bed.plan(retiring, false).planned().plan().warnings().stream()
                .anyMatch(w -> w.contains("dc2-fgt is retiring") && w.contains("can be removed")));

        // now it can go: the audit log says it lists nothing of ours, so scaling to 0 is not held
        converge(config(firewallEntry("dc1-pa", false), payments(0,
                "      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}\n")), true);
        assertEquals(Set.of(), publicIps());
    }

    @Test
    void forgetFirewallIsTheExplicitWayOut() {
        converge(QUICKSTART, false);
        String withoutFgt = config(firewallEntry("dc1-pa", false), payments(1,
                "      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}\n"));
        assertFalse(bed.apply(withoutFgt, true).planned().plan().heldBack().isEmpty());
        Reconciler.Round r = bed.apply(withoutFgt, true, "dc2-fgt");
        assertTrue(r.ok() && r.planned().plan().heldBack().isEmpty(), r.planned().plan().skipped().toString());
        assertEquals(1, publicIps().size(), "released on the user's word");
    }

    @Test
    void aGatewayBindingToARetiringFirewallIsALocatedConfigError() {
        String bad = config(firewallEntry("dc1-pa", false) + firewallEntry("dc2-fgt", true),
                payments(1, PUBLISH_BOTH));
        var e = org.junit.jupiter.api.Assertions.assertThrows(dev.gatewarden.config.InvalidConfigException.class,
                () -> bed.load(bad));
        assertTrue(e.getMessage().contains("gateways[0].publish[1].firewall")
                && e.getMessage().contains("retire: true"), e.getMessage());
        assertEquals(Map.of(), bed.ownedPublicIps(OWNER), "nothing was called");
    }
}
