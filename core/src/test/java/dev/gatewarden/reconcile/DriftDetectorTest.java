package dev.gatewarden.reconcile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.Plan;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The drift rules as a table: what was found, what the plan repairs, which drift (if any) is reported. */
class DriftDetectorTest {
    static final String OWNER = "prod";
    static final SlotId S0 = new SlotId("payments", 0);
    static final String NAME = "gw-prod-payments-203.0.113.5";
    static final NodeRef N1 = NodeRef.parse("aws:///eu-west-1a/i-0000000000000001");
    static final NodeRef N2 = NodeRef.parse("aws:///eu-west-1a/i-0000000000000002");
    static final Publish PUBLISH = Publish.of("fw", "gw-prod-payments", "payments", S0, AddressKind.PUBLIC,
            "203.0.113.5", NAME);

    static List<DriftDetector.Drift> detect(List<Change> changes, ObservedState observed) {
        return DriftDetector.detect(new Plan(OWNER, changes, List.of(), List.of(), null), observed);
    }

    static ObservedState firewall(List<FirewallObject> objects, List<FirewallGroup> groups) {
        return new ObservedState(Map.of(), Map.of("fw", new ObservedFirewall("fw", objects, groups)), Map.of());
    }

    @Test
    void anOwnedObjectWithAnotherValueIsDrift() {
        List<DriftDetector.Drift> d = detect(List.of(PUBLISH), firewall(
                List.of(new FirewallObject(NAME, "192.0.2.9", OWNER, "payments")),
                List.of(new FirewallGroup("gw-prod-payments", List.of(NAME), OWNER))));
        assertEquals(1, d.size());
        assertEquals("object-value", d.get(0).kind());
        AuditEntry e = d.get(0).auditEntry(OWNER);
        assertEquals("drift", e.phase());
        assertEquals("DETECTED", e.outcome());
        assertEquals("192.0.2.9", e.after().get("ip"));
        assertEquals("203.0.113.5", e.before().get("ip"));
    }

    @Test
    void aMemberRemovedFromAnOwnedGroupIsDrift() {
        List<DriftDetector.Drift> d = detect(List.of(PUBLISH), firewall(
                List.of(new FirewallObject(NAME, "203.0.113.5", OWNER, "payments")),
                List.of(new FirewallGroup("gw-prod-payments", List.of(), OWNER))));
        assertEquals(List.of("group-member-removed"), d.stream().map(DriftDetector.Drift::kind).toList());
        assertTrue(d.get(0).summary().contains("no longer lists " + NAME), d.get(0).summary());
    }

    @Test
    void aFirstPublicationAForeignObjectOrAnUnobservableFirewallIsNoDrift() {
        assertTrue(detect(List.of(PUBLISH), firewall(List.of(), List.of())).isEmpty(), "new object");
        assertTrue(detect(List.of(PUBLISH), firewall(List.of(new FirewallObject(NAME, "192.0.2.9", null, null)),
                List.of())).isEmpty(), "not ours: a conflict, not drift");
        assertTrue(detect(List.of(PUBLISH), new ObservedState(Map.of(), Map.of(), Map.of("fw", "down"))).isEmpty());
    }

    static ObservedState cloud(String boundPrivateIp, NodeRef eipNode) {
        CloudAddress priv = new CloudAddress("aws", S0, AddressKind.PRIVATE, "10.0.1.50", "eni-1", N1, "eni-1", null,
                OWNER, false);
        CloudAddress pub = new CloudAddress("aws", S0, AddressKind.PUBLIC, "198.51.100.1", "eipalloc-1", eipNode,
                "eni-1", boundPrivateIp, OWNER, false);
        return new ObservedState(Map.of("aws", new ObservedCloud("aws", List.of(priv, pub), List.of())), Map.of(),
                Map.of());
    }

    static AttachPublic attach(NodeRef to, NodeRef from) {
        return new AttachPublic("aws", S0, "198.51.100.1", "eipalloc-1", to, InterfaceSelector.PRIMARY, null,
                "10.0.1.50", from, List.of());
    }

    @Test
    void anOwnedPublicIpAssociatedWithAnotherAddressIsDriftButAPodMoveIsNot() {
        List<DriftDetector.Drift> d = detect(List.of(attach(N1, N1)), cloud("10.0.1.10", N1));
        assertEquals(List.of("public-ip-reassociated"), d.stream().map(DriftDetector.Drift::kind).toList());
        assertEquals("10.0.1.10", d.get(0).observed().get("privateIp"));

        assertTrue(detect(List.of(attach(N2, N1)), cloud("10.0.1.50", N1)).isEmpty(),
                "the public IP still follows its slot's private IP: a move, not drift");
        assertTrue(detect(List.of(attach(N1, null)), cloud(null, null)).isEmpty(),
                "unassociated: a first attach or an interrupted run, not reported");
    }
}
