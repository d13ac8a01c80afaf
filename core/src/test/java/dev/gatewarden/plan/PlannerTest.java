package dev.gatewarden.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Table-style planner tests: given desired and observed, expect changes and skips. */
class PlannerTest {
    static final String OWNER = "prod-eu-1";
    static final String CLOUD = "aws-prod";
    static final String FW = "dc1-pa";
    static final NodeRef A = NodeRef.parse("aws:///eu-west-1a/i-0a1b2c3d4e5f60001");
    static final NodeRef B = NodeRef.parse("aws:///eu-west-1b/i-0a1b2c3d4e5f60002");
    static final NameTemplate T = NameTemplate.DEFAULT;

    // ---------------------------------------------------------------- builders

    static Gateway gw(String name, int n, boolean pub, List<NodeRef> nodes, List<String> ips, FirewallBinding... b) {
        return new Gateway(name, CLOUD, n, pub, nodes, ips, List.of(), List.of(b), GatewayMode.MANAGED,
                InterfaceSelector.PRIMARY, false);
    }

    static DesiredState desired(Gateway... gws) {
        return DesiredState.fromGateways(OWNER, List.of(gws), Map.of(FW, T), (f, g) -> T.groupName(OWNER, g.name()));
    }

    static NodeInterface nic(NodeRef node, String primary, String... secondaries) {
        List<String> ips = new ArrayList<>();
        ips.add(primary);
        ips.addAll(List.of(secondaries));
        return new NodeInterface(CLOUD, node, "eni-" + node.instance().substring(2, 8), 0, "subnet-1", primary, ips, 10);
    }

    static CloudAddress priv(String slot, String ip, NodeRef node) {
        return new CloudAddress(CLOUD, SlotId.parse(slot), AddressKind.PRIVATE, ip, "eni-" + node.instance().substring(2, 8),
                node, "eni-" + node.instance().substring(2, 8), null, OWNER, false);
    }

    static CloudAddress pub(String slot, String ip, NodeRef node, String boundTo) {
        return new CloudAddress(CLOUD, SlotId.parse(slot), AddressKind.PUBLIC, ip, "eipalloc-" + ip.replace('.', '-'),
                node, node == null ? null : "eni-" + node.instance().substring(2, 8), boundTo, OWNER, false);
    }

    static FirewallObject obj(String gateway, String ip) {
        return new FirewallObject(T.objectName(OWNER, gateway, ip, 0), ip, OWNER, gateway);
    }

    static FirewallGroup group(String name, FirewallObject... members) {
        return new FirewallGroup(name, List.of(members).stream().map(FirewallObject::name).toList(), OWNER);
    }

    static ObservedState observed(List<CloudAddress> addrs, List<NodeInterface> nics, ObservedFirewall fw) {
        return new ObservedState(Map.of(CLOUD, new ObservedCloud(CLOUD, addrs, nics)),
                fw == null ? Map.of() : Map.of(FW, fw), Map.of());
    }

    static List<String> actions(Plan p) {
        return p.changes().stream().map(c -> c.phase().number() + ":" + c.action() + ":" + c.target() + ":" + c.slot())
                .toList();
    }

    static Plan plan(DesiredState d, ObservedState o) {
        return Planner.plan(d, o, PlannerOptions.DEFAULTS);
    }

    static final FirewallBinding PRIV = new FirewallBinding(FW, null, AddressKind.PRIVATE);
    static final FirewallBinding PUB = new FirewallBinding(FW, null, AddressKind.PUBLIC);
    static final String GROUP = "gw-prod-eu-1-payments";

    // ---------------------------------------------------------------- cases

    @Test
    void nothingDesiredNothingObservedIsEmpty() {
        Plan p = plan(desired(), ObservedState.empty());
        assertTrue(p.isEmpty());
        assertTrue(p.skipped().isEmpty());
    }

    @Test
    void newGatewayAllocatesPublishesThenAttachesInPhaseOrder() {
        DesiredState d = desired(gw("payments", 2, true, List.of(A, B), List.of(), PUB));
        ObservedState o = observed(List.of(), List.of(nic(A, "10.0.1.10"), nic(B, "10.0.2.10")),
                ObservedFirewall.empty(FW));
        Plan p = plan(d, o);
        assertEquals(List.of(
                "1:allocate-public:aws-prod:payments#0", "1:assign-private:aws-prod:payments#0",
                "1:allocate-public:aws-prod:payments#1", "1:assign-private:aws-prod:payments#1",
                "2:publish:dc1-pa:payments#0", "2:publish:dc1-pa:payments#1",
                "3:attach-public:aws-prod:payments#0", "3:attach-public:aws-prod:payments#1"), actions(p));
        CloudChange.AttachPublic attach = (CloudChange.AttachPublic) p.inPhase(Phase.ATTACH).get(0);
        assertEquals(List.of(FW), attach.requires(), "strict: the attach waits for the firewall");
        assertNull(attach.publicIp(), "allocated in the same run: resolved by the executor");
        FirewallChange.Publish publish = (FirewallChange.Publish) p.inPhase(Phase.PUBLISH).get(0);
        assertEquals(GROUP, publish.group());
        assertNull(publish.ip());
    }

    @Test
    void convergedWorldPlansNothing() {
        DesiredState d = desired(gw("payments", 2, true, List.of(A, B), List.of(), PRIV, PUB));
        FirewallObject p0 = obj("payments", "10.0.1.20");
        FirewallObject p1 = obj("payments", "10.0.2.20");
        FirewallObject e0 = obj("payments", "198.51.100.1");
        FirewallObject e1 = obj("payments", "198.51.100.2");
        ObservedState o = observed(
                List.of(priv("payments#0", "10.0.1.20", A), priv("payments#1", "10.0.2.20", B),
                        pub("payments#0", "198.51.100.1", A, "10.0.1.20"), pub("payments#1", "198.51.100.2", B, "10.0.2.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20"), nic(B, "10.0.2.10", "10.0.2.20")),
                new ObservedFirewall(FW, List.of(p0, p1, e0, e1), List.of(group(GROUP, p0, p1, e0, e1))));
        Plan p = plan(d, o);
        assertTrue(p.isEmpty(), () -> "expected no change, got " + actions(p));
        assertTrue(p.skipped().isEmpty());
    }

    @Test
    void exactPrivateIpIsRequestedAndPublishedByName() {
        DesiredState d = desired(gw("payments", 1, false, List.of(A), List.of("10.0.1.50"), PRIV));
        Plan p = plan(d, observed(List.of(), List.of(nic(A, "10.0.1.10")), ObservedFirewall.empty(FW)));
        CloudChange.AssignPrivate assign = (CloudChange.AssignPrivate) p.changes().get(0);
        assertEquals("10.0.1.50", assign.requestedIp());
        FirewallChange.Publish publish = (FirewallChange.Publish) p.changes().get(1);
        assertEquals("gw-prod-eu-1-payments-10.0.1.50", publish.objectName());
        assertEquals(2, p.changes().size());
    }

    @Test
    void nodeMoveMovesThePrivateIpAndThePublicIpFollows() {
        DesiredState d = desired(gw("payments", 1, true, List.of(B), List.of(), PUB));
        FirewallObject e0 = obj("payments", "198.51.100.1");
        ObservedState o = observed(
                List.of(priv("payments#0", "10.0.1.20", A), pub("payments#0", "198.51.100.1", A, "10.0.1.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20"), nic(B, "10.0.2.10")),
                new ObservedFirewall(FW, List.of(e0), List.of(group(GROUP, e0))));
        Plan p = plan(d, o);
        assertEquals(List.of("3:move-private:aws-prod:payments#0", "3:attach-public:aws-prod:payments#0"), actions(p));
        CloudChange.MovePrivate move = (CloudChange.MovePrivate) p.changes().get(0);
        assertEquals(A, move.fromNode());
        assertEquals(B, move.node());
        CloudChange.AttachPublic attach = (CloudChange.AttachPublic) p.changes().get(1);
        assertEquals("198.51.100.1", attach.publicIp());
        assertEquals("10.0.1.20", attach.privateIp());
        assertTrue(attach.requires().isEmpty(), "the firewall already lists the address");
    }

    @Test
    void scaleUpAddsOnlyTheNewSlot() {
        DesiredState d = desired(gw("payments", 2, true, List.of(A, B), List.of(), PUB));
        FirewallObject e0 = obj("payments", "198.51.100.1");
        ObservedState o = observed(
                List.of(priv("payments#0", "10.0.1.20", A), pub("payments#0", "198.51.100.1", A, "10.0.1.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20"), nic(B, "10.0.2.10")),
                new ObservedFirewall(FW, List.of(e0), List.of(group(GROUP, e0))));
        assertEquals(List.of("1:allocate-public:aws-prod:payments#1", "1:assign-private:aws-prod:payments#1",
                "2:publish:dc1-pa:payments#1", "3:attach-public:aws-prod:payments#1"), actions(plan(d, o)));
    }

    @Test
    void scaleDownRetiresTheHighestSlotWithdrawingBeforeReleasing() {
        DesiredState d = desired(gw("payments", 1, true, List.of(A, B), List.of(), PUB));
        FirewallObject e0 = obj("payments", "198.51.100.1");
        FirewallObject e1 = obj("payments", "198.51.100.2");
        ObservedState o = observed(
                List.of(priv("payments#0", "10.0.1.20", A), priv("payments#1", "10.0.2.20", B),
                        pub("payments#0", "198.51.100.1", A, "10.0.1.20"), pub("payments#1", "198.51.100.2", B, "10.0.2.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20"), nic(B, "10.0.2.10", "10.0.2.20")),
                new ObservedFirewall(FW, List.of(e0, e1), List.of(group(GROUP, e0, e1))));
        Plan p = plan(d, o);
        assertEquals(List.of("5:detach-public:aws-prod:payments#1", "6:withdraw:dc1-pa:payments#1",
                "7:release-public:aws-prod:payments#1", "7:unassign-private:aws-prod:payments#1"), actions(p));
        FirewallChange.Withdraw w = (FirewallChange.Withdraw) p.inPhase(Phase.WITHDRAW).get(0);
        assertTrue(w.deleteObject());
        assertEquals(e1.name(), w.objectName());
    }

    @Test
    void deletionGuardHoldsBackRetiringEverything() {
        DesiredState d = desired(gw("payments", 0, true, List.of(A), List.of(), PUB));
        FirewallObject e0 = obj("payments", "198.51.100.1");
        ObservedState o = observed(
                List.of(priv("payments#0", "10.0.1.20", A), pub("payments#0", "198.51.100.1", A, "10.0.1.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20")),
                new ObservedFirewall(FW, List.of(e0), List.of(group(GROUP, e0))));
        Plan guarded = plan(d, o);
        assertTrue(guarded.isEmpty(), () -> "guard should hold back " + actions(guarded));
        assertTrue(guarded.skipped().stream().allMatch(s -> s.kind() == Skip.Kind.GUARD));
        assertEquals(4, guarded.skipped().size());
        assertTrue(guarded.warnings().get(0).contains("--allow-deletions"));

        Plan allowed = Planner.plan(d, o, PlannerOptions.DEFAULTS.withAllowDeletions(true));
        assertEquals(List.of("5:detach-public:aws-prod:payments#0", "6:withdraw:dc1-pa:payments#0",
                "7:release-public:aws-prod:payments#0", "7:unassign-private:aws-prod:payments#0"), actions(allowed));
    }

    @Test
    void removedGatewayIsRetiredUnderTheGuard() {
        DesiredState d = desired(gw("orders", 1, false, List.of(A), List.of(), PRIV));
        ObservedState o = observed(List.of(priv("orders#0", "10.0.1.30", A), priv("payments#0", "10.0.1.20", A),
                        priv("payments#1", "10.0.1.21", A)),
                List.of(nic(A, "10.0.1.10", "10.0.1.20", "10.0.1.21", "10.0.1.30")), ObservedFirewall.empty(FW));
        Plan p = plan(d, o);
        assertTrue(p.changes().stream().noneMatch(c -> c.phase().destructive()));
        assertEquals(2, p.skipped().stream().filter(s -> s.kind() == Skip.Kind.GUARD).count());
    }

    @Test
    void foreignAddressesAreNeverTouched() {
        DesiredState d = desired(gw("payments", 1, false, List.of(A), List.of(), PRIV));
        CloudAddress other = new CloudAddress(CLOUD, SlotId.parse("payments#0"), AddressKind.PUBLIC, "198.51.100.9",
                "eipalloc-x", A, null, "10.0.1.20", "someone-else", false);
        CloudAddress untagged = new CloudAddress(CLOUD, null, AddressKind.PUBLIC, "198.51.100.8", "eipalloc-y", null,
                null, null, null, false);
        FirewallObject foreign = new FirewallObject("gw-prod-eu-1-payments-10.0.1.99", "10.0.1.99", null, null);
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A), other, untagged),
                List.of(nic(A, "10.0.1.10", "10.0.1.20")),
                new ObservedFirewall(FW, List.of(obj("payments", "10.0.1.20"), foreign),
                        List.of(new FirewallGroup(GROUP, List.of(obj("payments", "10.0.1.20").name(), foreign.name()), OWNER))));
        Plan p = plan(d, o);
        assertTrue(p.isEmpty(), () -> "nothing of another owner is touched: " + actions(p));
        assertTrue(p.warnings().stream().anyMatch(w -> w.contains(foreign.name()) && w.contains("not marked as ours")));
    }

    @Test
    void unownedObjectWithOurNameIsAConflictAndBlocksTheAttach() {
        DesiredState d = desired(gw("payments", 1, true, List.of(A), List.of(), PUB));
        FirewallObject squatter = new FirewallObject(T.objectName(OWNER, "payments", "198.51.100.1", 0), "198.51.100.1",
                null, null);
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A), pub("payments#0", "198.51.100.1", null, null)),
                List.of(nic(A, "10.0.1.10", "10.0.1.20")), new ObservedFirewall(FW, List.of(squatter), List.of()));
        Plan p = plan(d, o);
        assertEquals(List.of("3:attach-public:aws-prod:payments#0"), actions(p));
        assertEquals(List.of(FW), ((CloudChange.AttachPublic) p.changes().get(0)).requires(),
                "the executor will not attach while the firewall cannot list it");
        assertTrue(p.skipped().stream().anyMatch(s -> s.kind() == Skip.Kind.CONFLICT && s.reason().contains(squatter.name())));
    }

    @Test
    void unownedGroupWithOurNameIsAConflict() {
        DesiredState d = desired(gw("payments", 1, false, List.of(A), List.of(), PRIV));
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A)), List.of(nic(A, "10.0.1.10", "10.0.1.20")),
                new ObservedFirewall(FW, List.of(), List.of(new FirewallGroup(GROUP, List.of("x"), null))));
        Plan p = plan(d, o);
        assertTrue(p.isEmpty());
        assertEquals(Skip.Kind.CONFLICT, p.skipped().get(0).kind());
    }

    @Test
    void unavailableCloudChangesNothingAndWithdrawsNothing() {
        DesiredState d = desired(gw("payments", 1, true, List.of(A), List.of(), PUB));
        FirewallObject e0 = obj("payments", "198.51.100.1");
        ObservedState o = new ObservedState(Map.of(),
                Map.of(FW, new ObservedFirewall(FW, List.of(e0), List.of(group(GROUP, e0)))),
                Map.of(CLOUD, "connection refused"));
        Plan p = plan(d, o);
        assertTrue(p.isEmpty(), () -> "nothing may be withdrawn while the cloud is unseen: " + actions(p));
        assertEquals(Skip.Kind.UNAVAILABLE, p.skipped().get(0).kind());
    }

    @Test
    void unavailableFirewallBlocksAttachingNewAddresses() {
        DesiredState d = desired(gw("payments", 1, true, List.of(A), List.of(), PUB));
        ObservedState o = new ObservedState(Map.of(CLOUD, new ObservedCloud(CLOUD, List.of(), List.of(nic(A, "10.0.1.10")))),
                Map.of(), Map.of(FW, "HTTP 503"));
        Plan p = plan(d, o);
        assertEquals(List.of("1:allocate-public:aws-prod:payments#0", "1:assign-private:aws-prod:payments#0",
                "3:attach-public:aws-prod:payments#0"), actions(p));
        assertEquals(List.of(FW), ((CloudChange.AttachPublic) p.inPhase(Phase.ATTACH).get(0)).requires());
        assertTrue(p.skipped().stream().anyMatch(s -> s.kind() == Skip.Kind.UNAVAILABLE && s.target().equals(FW)));
    }

    @Test
    void publicIpOnThePrimaryIpIsRefusedByPolicy() {
        DesiredState d = desired(gw("payments", 1, true, List.of(A), List.of("10.0.1.10"), PUB));
        Plan p = plan(d, observed(List.of(), List.of(nic(A, "10.0.1.10")), ObservedFirewall.empty(FW)));
        assertTrue(p.changes().stream().noneMatch(c -> c instanceof CloudChange.AttachPublic));
        assertTrue(p.skipped().stream().anyMatch(s -> s.kind() == Skip.Kind.INVALID));
    }

    @Test
    void newPodIpRebindsThePublicIpAndSwapsTheFirewallObject() {
        DesiredState d = desired(gw("payments", 1, true, List.of(A), List.of("10.0.1.21"), PRIV, PUB));
        FirewallObject oldPriv = obj("payments", "10.0.1.20");
        FirewallObject e0 = obj("payments", "198.51.100.1");
        ObservedState o = observed(
                List.of(priv("payments#0", "10.0.1.20", A), pub("payments#0", "198.51.100.1", A, "10.0.1.20")),
                List.of(nic(A, "10.0.1.10", "10.0.1.20")),
                new ObservedFirewall(FW, List.of(oldPriv, e0), List.of(group(GROUP, oldPriv, e0))));
        Plan p = plan(d, o);
        assertEquals(List.of("1:assign-private:aws-prod:payments#0", "2:publish:dc1-pa:payments#0",
                "3:attach-public:aws-prod:payments#0", "6:withdraw:dc1-pa:payments#0",
                "7:unassign-private:aws-prod:payments#0"), actions(p));
        CloudChange.AttachPublic attach = (CloudChange.AttachPublic) p.inPhase(Phase.ATTACH).get(0);
        assertEquals("198.51.100.1", attach.publicIp(), "the slot keeps its public IP");
        assertEquals("10.0.1.21", attach.privateIp());
        assertEquals("10.0.1.20", ((CloudChange.UnassignPrivate) p.inPhase(Phase.RELEASE).get(0)).ip());
    }

    @Test
    void replacingASingleSlotsAddressIsNotHeldBackByTheGuard() {
        DesiredState d = desired(gw("payments", 1, false, List.of(A), List.of("10.0.1.21"), PRIV));
        FirewallObject oldPriv = obj("payments", "10.0.1.20");
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A)), List.of(nic(A, "10.0.1.10", "10.0.1.20")),
                new ObservedFirewall(FW, List.of(oldPriv), List.of(group(GROUP, oldPriv))));
        Plan p = plan(d, o);
        assertTrue(p.skipped().isEmpty(), () -> p.skipped().toString());
        assertEquals(List.of("1:assign-private:aws-prod:payments#0", "2:publish:dc1-pa:payments#0",
                "6:withdraw:dc1-pa:payments#0", "7:unassign-private:aws-prod:payments#0"), actions(p));
    }

    @Test
    void externallyManagedPublicIpIsDetachedButNeverReleased() {
        DesiredState d = desired(gw("payments", 1, false, List.of(A), List.of(), PRIV),
                gw("orders", 1, false, List.of(A), List.of()));
        CloudAddress reserved = new CloudAddress(CLOUD, SlotId.parse("payments#0"), AddressKind.PUBLIC, "198.51.100.7",
                "eipalloc-tf", A, "eni-x", "10.0.1.20", OWNER, true);
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A), priv("orders#0", "10.0.1.30", A), reserved),
                List.of(nic(A, "10.0.1.10", "10.0.1.20", "10.0.1.30")),
                new ObservedFirewall(FW, List.of(obj("payments", "10.0.1.20")), List.of(group(GROUP, obj("payments", "10.0.1.20")))));
        Plan p = Planner.plan(d, o, PlannerOptions.DEFAULTS.withAllowDeletions(true));
        assertEquals(List.of("5:detach-public:aws-prod:payments#0"), actions(p));
        assertTrue(p.changes().stream().noneMatch(c -> c instanceof CloudChange.ReleasePublic));
    }

    @Test
    void strayOwnedObjectIsDeleted() {
        DesiredState d = desired(gw("payments", 1, false, List.of(A), List.of(), PRIV));
        FirewallObject p0 = obj("payments", "10.0.1.20");
        FirewallObject stray = obj("payments", "10.0.1.99");
        FirewallObject stray2 = obj("payments", "10.0.1.98");
        FirewallObject e = obj("payments", "10.0.1.97");
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A)), List.of(nic(A, "10.0.1.10", "10.0.1.20")),
                new ObservedFirewall(FW, List.of(p0, stray, stray2, e), List.of(group(GROUP, p0))));
        Plan p = Planner.plan(d, o, PlannerOptions.DEFAULTS.withAllowDeletions(true));
        assertEquals(3, p.changes().size());
        assertTrue(p.changes().stream().allMatch(c -> c instanceof FirewallChange.Withdraw w && w.deleteObject()
                && w.group() == null));
    }

    @Test
    void unknownNodeIsReportedAndNothingIsRetiredForIt() {
        DesiredState d = desired(gw("payments", 1, false, List.of(B), List.of(), PRIV));
        FirewallObject p0 = obj("payments", "10.0.1.20");
        ObservedState o = observed(List.of(priv("payments#0", "10.0.1.20", A)), List.of(nic(A, "10.0.1.10", "10.0.1.20")),
                new ObservedFirewall(FW, List.of(p0), List.of(group(GROUP, p0))));
        Plan p = plan(d, o);
        assertTrue(p.isEmpty(), () -> actions(p).toString());
        assertEquals(Skip.Kind.INVALID, p.skipped().get(0).kind());
    }

    @Test
    void firewallOnlyGatewayPublishesGivenAddressesWithoutCloudChanges() {
        Gateway g = new Gateway("payments", CLOUD, 1, true, List.of(A), List.of("10.0.1.20"), List.of("198.51.100.5"),
                List.of(PRIV, PUB), GatewayMode.FIREWALL_ONLY, null, false);
        Plan p = plan(desired(g), observed(List.of(), List.of(), ObservedFirewall.empty(FW)));
        assertEquals(List.of("2:publish:dc1-pa:payments#0", "2:publish:dc1-pa:payments#0"), actions(p));
        assertEquals(List.of("10.0.1.20", "198.51.100.5"), p.changes().stream()
                .map(c -> ((FirewallChange.Publish) c).ip()).sorted().toList());
    }

    @Test
    void planIsDeterministicWhateverTheInputOrder() {
        Gateway a = gw("payments", 3, true, List.of(A, B), List.of(), PRIV, PUB);
        Gateway b = gw("orders", 2, false, List.of(B, A), List.of(), PRIV);
        List<CloudAddress> addrs = new ArrayList<>(List.of(priv("payments#0", "10.0.1.20", A),
                pub("payments#0", "198.51.100.1", A, "10.0.1.20"), priv("orders#4", "10.0.2.40", B),
                pub("payments#9", "198.51.100.9", B, null)));
        List<NodeInterface> nics = List.of(nic(A, "10.0.1.10", "10.0.1.20"), nic(B, "10.0.2.10", "10.0.2.40"));
        Plan first = Planner.plan(desired(a, b), observed(addrs, nics, ObservedFirewall.empty(FW)),
                PlannerOptions.DEFAULTS.withAllowDeletions(true));
        Random r = new Random(7);
        for (int i = 0; i < 10; i++) {
            Collections.shuffle(addrs, r);
            Plan again = Planner.plan(desired(b, a), observed(addrs, nics, ObservedFirewall.empty(FW)),
                    PlannerOptions.DEFAULTS.withAllowDeletions(true));
            assertEquals(first.changes(), again.changes());
        }
    }

    @Test
    void planRoundTripsThroughJson() throws Exception {
        DesiredState d = desired(gw("payments", 2, true, List.of(A, B), List.of(), PRIV, PUB));
        Plan p = plan(d, observed(List.of(priv("payments#0", "10.0.1.20", A)),
                List.of(nic(A, "10.0.1.10", "10.0.1.20"), nic(B, "10.0.2.10")), ObservedFirewall.empty(FW)));
        ObjectMapper json = new ObjectMapper();
        String text = json.writeValueAsString(p);
        assertTrue(text.contains("\"action\":\"attach-public\""));
        assertTrue(text.contains("\"phase\":\"ATTACH\""));
        Plan back = json.readValue(text, Plan.class);
        assertEquals(p.changes(), back.changes());
        assertFalse(back.changes().isEmpty());
        assertEquals(p.changes().stream().map(Change::target).collect(Collectors.toSet()),
                back.changes().stream().map(Change::target).collect(Collectors.toSet()));
    }
}
