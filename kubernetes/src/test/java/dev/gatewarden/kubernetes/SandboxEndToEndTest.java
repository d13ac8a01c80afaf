package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.FirewallChange;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mock cluster, the EC2 simulator (real AWS SDK provider) and the PAN-OS simulator (real adapter over TLS):
 * a gateway pod moves, the gateway scales up and down.
 */
@EnableKubernetesMockClient(crud = true)
class SandboxEndToEndTest {
    static final SlotId S0 = SlotId.parse("payments#0");
    static final SlotId S1 = SlotId.parse("payments#1");
    static final SlotId S2 = SlotId.parse("payments#2");
    KubernetesClient client;

    @TempDir
    Path dir;

    private static int index(List<String[]> trail, String action, SlotId slot) {
        for (int i = 0; i < trail.size(); i++) {
            if (trail.get(i)[0].equals(action) && trail.get(i)[1].equals(slot.toString())
                    && trail.get(i)[2].equals("SUCCEEDED")) {
                return i;
            }
        }
        throw new AssertionError("no successful " + action + " of " + slot + " in the audit log");
    }

    @Test
    void podMoveScaleUpAndScaleDown() {
        ClusterFixture k8s = new ClusterFixture(client);
        for (int n = 1; n <= 3; n++) {
            k8s.node("node-" + n, SandboxBed.providerId(n));
        }
        k8s.egressGateway("payments", 2, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.1.50", "node-1");
        k8s.egwPod("payments", "payments-b", "10.0.1.51", "node-2");
        try (SandboxBed bed = new SandboxBed(dir)) {
            ClusterReconciler reconciler = bed.reconciler(client, WriteGate.OPEN);
            ClusterRound first = reconciler.reconcileOnce();
            assertTrue(first.ok(), () -> String.valueOf(first.report()));
            Map<SlotId, Map<AddressKind, CloudAddress>> cloud = bed.cloud();
            String eip1 = cloud.get(S1).get(AddressKind.PUBLIC).ip();
            assertEquals("10.0.1.51", cloud.get(S1).get(AddressKind.PRIVATE).ip());
            assertEquals(SandboxBed.instance(2), cloud.get(S1).get(AddressKind.PRIVATE).node().instance());
            Map<String, Set<String>> groups = bed.firewall();
            assertEquals(Set.of("10.0.1.50", "10.0.1.51"), groups.get(SandboxBed.PRIVATE_GROUP));
            assertEquals(Set.of(cloud.get(S0).get(AddressKind.PUBLIC).ip(), eip1), groups.get(SandboxBed.PUBLIC_GROUP));
            assertFalse(reconciler.reconcileOnce().changed(), "converged");

            // 1. payments-b is rescheduled to node-3 with its fixed IP (Calico ipAddrs)
            k8s.deletePod("payments-b");
            k8s.egwPod("payments", "payments-b2", "10.0.1.51", "node-3");
            ClusterRound move = reconciler.reconcileOnce();
            assertTrue(move.ok(), () -> String.valueOf(move.report()));
            cloud = bed.cloud();
            CloudAddress priv = cloud.get(S1).get(AddressKind.PRIVATE);
            CloudAddress pub = cloud.get(S1).get(AddressKind.PUBLIC);
            assertEquals(SandboxBed.instance(3), priv.node().instance(), "the IP sits on the new node's interface");
            assertEquals("10.0.1.51", priv.ip());
            assertEquals(eip1, pub.ip(), "the slot kept its Elastic IP");
            assertEquals("10.0.1.51", pub.boundPrivateIp(), "the Elastic IP followed");
            assertEquals(SandboxBed.instance(3), pub.node().instance());
            assertEquals(groups, bed.firewall(), "the firewall groups are unchanged");
            assertTrue(move.report().results().stream().map(ChangeResult::change)
                    .noneMatch(c -> c instanceof FirewallChange), "nothing was sent to the firewall");
            assertEquals("payments#1", k8s.getPod("payments-b2").getMetadata().getAnnotations()
                    .get(KubernetesStatus.SLOT_ANNOTATION));
            assertEquals(eip1, k8s.getPod("payments-b2").getMetadata().getAnnotations()
                    .get(KubernetesStatus.PUBLIC_IP_ANNOTATION));

            // 2. scale up: the new address is published before it is attached
            k8s.scale("payments", 3);
            k8s.egwPod("payments", "payments-c", "10.0.1.52", "node-1");
            ClusterRound up = reconciler.reconcileOnce();
            assertTrue(up.ok(), () -> String.valueOf(up.report()));
            String eip2 = bed.cloud().get(S2).get(AddressKind.PUBLIC).ip();
            assertTrue(bed.firewall().get(SandboxBed.PUBLIC_GROUP).contains(eip2));
            assertTrue(bed.firewall().get(SandboxBed.PRIVATE_GROUP).contains("10.0.1.52"));
            List<String[]> trail = bed.auditTrail();
            assertTrue(index(trail, "publish", S2) < index(trail, "attach-public", S2),
                    "publish before attach in the audit log");

            // 3. scale down: withdrawn from the firewall before the address is released
            k8s.scale("payments", 2);
            k8s.deletePod("payments-c");
            ClusterRound down = reconciler.reconcileOnce();
            assertTrue(down.ok(), () -> String.valueOf(down.report()));
            assertFalse(bed.cloud().containsKey(S2), "slot 2's addresses are gone");
            assertFalse(bed.firewall().get(SandboxBed.PUBLIC_GROUP).contains(eip2));
            assertFalse(bed.firewall().get(SandboxBed.PRIVATE_GROUP).contains("10.0.1.52"));
            trail = bed.auditTrail();
            assertTrue(index(trail, "withdraw", S2) < index(trail, "release-public", S2),
                    "withdraw before release in the audit log");
            assertTrue(down.report().results().stream().anyMatch(r -> r.change() instanceof CloudChange.UnassignPrivate));
            assertEquals(2, bed.firewall().get(SandboxBed.PUBLIC_GROUP).size());
            assertFalse(reconciler.reconcileOnce().changed(), "converged after the scale-down");
        }
    }
}
