package dev.gatewarden.plan;

import static dev.gatewarden.plan.PlannerTest.A;
import static dev.gatewarden.plan.PlannerTest.B;
import static dev.gatewarden.plan.PlannerTest.CLOUD;
import static dev.gatewarden.plan.PlannerTest.FW;
import static dev.gatewarden.plan.PlannerTest.GROUP;
import static dev.gatewarden.plan.PlannerTest.OWNER;
import static dev.gatewarden.plan.PlannerTest.PRIV;
import static dev.gatewarden.plan.PlannerTest.PUB;
import static dev.gatewarden.plan.PlannerTest.actions;
import static dev.gatewarden.plan.PlannerTest.desired;
import static dev.gatewarden.plan.PlannerTest.group;
import static dev.gatewarden.plan.PlannerTest.nic;
import static dev.gatewarden.plan.PlannerTest.obj;
import static dev.gatewarden.plan.PlannerTest.observed;
import static dev.gatewarden.plan.PlannerTest.priv;
import static dev.gatewarden.plan.PlannerTest.pub;
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
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.Reservation;
import dev.gatewarden.model.SlotId;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code reservation: external}: Terraform reserves the public IPs (tagged with the ownership keys and
 * {@code gatewarden-lifecycle=external}) and the firewall objects that list them; the planner only attaches/moves.
 */
class ExternalReservationPlannerTest {

    static Gateway ext(String name, int n, List<NodeRef> nodes, FirewallBinding... b) {
        return new Gateway(name, CLOUD, n, true, nodes, List.of(), List.of(), List.of(b), GatewayMode.MANAGED,
                InterfaceSelector.PRIMARY, false, Reservation.EXTERNAL);
    }

    /** A Terraform reservation as the provider reports it: our owner tag, the slot tags, lifecycle external. */
    static CloudAddress reserved(String slot, String ip, NodeRef node, String boundTo) {
        return new CloudAddress(CLOUD, SlotId.parse(slot), AddressKind.PUBLIC, ip, "eipalloc-tf-" + ip.replace('.', '-'),
                node, node == null ? null : "eni-" + node.instance().substring(2, 8), boundTo, OWNER, true);
    }

    static Plan plan(DesiredState d, ObservedState o) {
        return Planner.plan(d, o, PlannerOptions.DEFAULTS);
    }

    static List<String> waiting(Plan p) {
        return p.skipped().stream().filter(s -> s.reason().startsWith("waiting for the Terraform reservation"))
                .map(s -> s.kind().label() + ":" + s.slot()).toList();
    }

    @Test
    void withoutReservationNothingIsAllocatedAndTheSlotWaits() {
        DesiredState d = desired(ext("payments", 2, List.of(A, B), PRIV));
        ObservedState o = observed(List.of(), List.of(nic(A, "10.0.1.10"), nic(B, "10.0.2.10")),
                ObservedFirewall.empty(FW));
        Plan p = plan(d, o);
        assertEquals(List.of("1:assign-private:aws-prod:payments#0", "1:assign-private:aws-prod:payments#1",
                "2:publish:dc1-pa:payments#0", "2:publish:dc1-pa:payments#1"), actions(p),
                "private IPs stay the engine's; no allocate-public, nothing to attach yet");
        assertEquals(List.of("policy:payments#0", "policy:payments#1"), waiting(p));
        String reason = p.skipped().get(0).reason();
        assertTrue(reason.contains("gatewarden-owner=prod-eu-1") && reason.contains("gatewarden-gateway=payments")
                && reason.contains("gatewarden-slot=0") && reason.contains("gatewarden-lifecycle=external"), reason);
    }

    @Test
    void reservationFoundByTagsIsAttachedAndItsFirewallObjectsAreLeftToTerraform() {
        DesiredState d = desired(ext("payments", 1, List.of(A), PUB));
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A), reserved("payments#0", "203.0.113.5", null, null)),
                List.of(nic(A, "10.0.1.10", "10.0.1.20")), ObservedFirewall.empty(FW));
        Plan p = plan(d, o);
        assertEquals(List.of("3:attach-public:aws-prod:payments#0"), actions(p));
        CloudChange.AttachPublic attach = (CloudChange.AttachPublic) p.changes().get(0);
        assertEquals("203.0.113.5", attach.publicIp());
        assertEquals("eipalloc-tf-203-0-113-5", attach.ref());
        assertEquals("10.0.1.20", attach.privateIp());
        assertEquals(List.of(), attach.requires(), "Terraform publishes it; the engine has no firewall to wait for");
        assertTrue(p.skipped().isEmpty(), () -> "" + p.skipped());
    }

    @Test
    void nodeMoveMovesTheReservation() {
        DesiredState d = desired(ext("payments", 1, List.of(B)));
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A), reserved("payments#0", "203.0.113.5", A, "10.0.1.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20"), nic(B, "10.0.2.10")), ObservedFirewall.empty(FW));
        Plan p = plan(d, o);
        assertEquals(List.of("3:move-private:aws-prod:payments#0", "3:attach-public:aws-prod:payments#0"), actions(p),
                "the private IP moves first, then the reservation follows it");
        assertTrue(p.changes().stream().noneMatch(c -> c instanceof CloudChange.AllocatePublic
                || c instanceof CloudChange.ReleasePublic));
    }

    @Test
    void convergedExternalGatewayPlansNothingEvenWithTerraformsGroupOnTheFirewall() {
        DesiredState d = desired(ext("payments", 1, List.of(A), PUB));
        // Terraform's objects: same naming, but no Gatewarden ownership mark (owner null): never the engine's
        FirewallObject tfObject = new FirewallObject("gw-prod-eu-1-payments-203.0.113.5", "203.0.113.5", null, null);
        FirewallGroup tfGroup = new FirewallGroup(GROUP, List.of(tfObject.name()), null);
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A), reserved("payments#0", "203.0.113.5", A, "10.0.1.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20")), new ObservedFirewall(FW, List.of(tfObject), List.of(tfGroup)));
        Plan p = plan(d, o);
        assertTrue(p.isEmpty(), () -> "expected no change, got " + actions(p));
        assertTrue(p.skipped().isEmpty(), () -> "no conflict either: " + p.skipped());
        assertTrue(p.warnings().isEmpty(), () -> "" + p.warnings());
    }

    @Test
    void anAddressOfOursKeepsServingUntilTheReservationAppearsThenIsReleased() {
        DesiredState d = desired(ext("payments", 1, List.of(A)));
        CloudAddress ours = pub("payments#0", "198.51.100.1", A, "10.0.1.20");
        List<CloudAddress> before = List.of(priv("payments#0", "10.0.1.20", A), ours);
        Plan waitingPlan = plan(d, observed(before, List.of(nic(A, "10.0.1.10", "10.0.1.20")), null));
        assertEquals(List.of(), actions(waitingPlan), "switching to reservation: external breaks nothing");
        assertEquals(List.of("policy:payments#0"), waiting(waitingPlan));

        List<CloudAddress> after = List.of(priv("payments#0", "10.0.1.20", A), ours,
                reserved("payments#0", "203.0.113.5", null, null));
        Plan p = plan(d, observed(after, List.of(nic(A, "10.0.1.10", "10.0.1.20")), null));
        assertEquals(List.of("3:attach-public:aws-prod:payments#0", "5:detach-public:aws-prod:payments#0",
                "7:release-public:aws-prod:payments#0"), actions(p));
        assertEquals("203.0.113.5", ((CloudChange.AttachPublic) p.inPhase(Phase.ATTACH).get(0)).publicIp());
        assertEquals("198.51.100.1", ((CloudChange.ReleasePublic) p.inPhase(Phase.RELEASE).get(0)).publicIp(),
                "only the engine's own address is released");
        assertTrue(waiting(p).isEmpty());
    }

    @Test
    void noPlanEverReleasesAReservationWhateverTheDesiredState() {
        List<CloudAddress> observedAddresses = List.of(
                priv("payments#0", "10.0.1.20", A), reserved("payments#0", "203.0.113.5", A, "10.0.1.20"),
                priv("payments#1", "10.0.2.20", B), reserved("payments#1", "203.0.113.6", B, "10.0.2.20"),
                reserved("payments#1", "203.0.113.7", null, null)); // a duplicate reservation for one slot
        Set<String> reservedIps = Set.of("203.0.113.5", "203.0.113.6", "203.0.113.7");
        Gateway managedByUs = new Gateway("payments", CLOUD, 2, true, List.of(A, B), List.of(), List.of(), List.of(),
                GatewayMode.MANAGED, InterfaceSelector.PRIMARY, false);
        Gateway noPublic = new Gateway("payments", CLOUD, 2, false, List.of(A, B), List.of(), List.of(), List.of(),
                GatewayMode.MANAGED, InterfaceSelector.PRIMARY, false);
        List<DesiredState> variants = List.of(
                desired(ext("payments", 2, List.of(A, B))), // converged (plus the duplicate)
                desired(ext("payments", 1, List.of(A))), // scale down
                desired(ext("payments", 0, List.of(A))), // scale to zero
                desired(), // gateway removed
                desired(managedByUs), // reservation switched back to gatewarden
                desired(noPublic)); // public IPs dropped
        ObservedState o = observed(observedAddresses, List.of(nic(A, "10.0.1.10", "10.0.1.20"),
                nic(B, "10.0.2.10", "10.0.2.20")), ObservedFirewall.empty(FW));
        for (DesiredState d : variants) {
            for (PlannerOptions options : List.of(PlannerOptions.DEFAULTS, PlannerOptions.DEFAULTS.withAllowDeletions(true))) {
                Plan p = Planner.plan(d, o, options);
                List<String> released = p.changes().stream()
                        .filter(c -> c instanceof CloudChange.ReleasePublic)
                        .map(c -> ((CloudChange.ReleasePublic) c).publicIp()).toList();
                assertTrue(released.stream().noneMatch(reservedIps::contains),
                        () -> d.slots() + ": released " + released);
                assertTrue(p.changes().stream().noneMatch(c -> c instanceof CloudChange.AllocatePublic),
                        () -> d.slots() + ": allocated " + actions(p));
            }
        }
        Plan scaleDown = Planner.plan(desired(ext("payments", 1, List.of(A))), o,
                PlannerOptions.DEFAULTS.withAllowDeletions(true));
        assertEquals(List.of("5:detach-public:aws-prod:payments#1", "7:unassign-private:aws-prod:payments#1"),
                actions(scaleDown), "the retired slot's reservation is detached, never released");
        Set<String> neverReleased = scaleDown.skipped().stream().filter(s -> s.reason().contains("never released"))
                .map(s -> s.slot().toString()).collect(Collectors.toSet());
        assertEquals(Set.of("payments#1"), neverReleased);
    }

    @Test
    void publicBindingsOfAnExternalGatewayGiveNoDesiredGroupPrivateOnesDo() {
        DesiredState d = desired(ext("payments", 1, List.of(A), PUB),
                ext("orders", 1, List.of(A), new FirewallBinding(FW, "orders-private", AddressKind.PRIVATE)));
        assertEquals(List.of("orders-private"), d.groups().stream().map(g -> g.group()).toList());
        assertTrue(d.slots().stream().allMatch(s -> s.reservation() == Reservation.EXTERNAL));
    }
}
