package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.apply.Outcome;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.testing.InMemoryCloud;
import dev.gatewarden.testing.InMemoryCloudProvider;
import dev.gatewarden.testing.InMemoryFirewall;
import dev.gatewarden.testing.InMemoryFirewallAdapter;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rounds over the mock cluster with the in-memory cloud and firewall of core's test kit. */
@EnableKubernetesMockClient(crud = true)
class ClusterReconcilerTest {
    static final String NODE_A = "aws:///eu-west-1a/i-0a1b2c3d4e5f60001";
    static final String NODE_B = "aws:///eu-west-1a/i-0a1b2c3d4e5f60002";
    KubernetesClient client;
    ClusterFixture k8s;
    InMemoryCloud cloud;
    InMemoryFirewall firewall;
    InMemoryCloudProvider provider;
    InMemoryFirewallAdapter adapter;

    @BeforeEach
    void setUp() {
        k8s = new ClusterFixture(client);
        cloud = InMemoryCloud.withNodes(2);
        firewall = new InMemoryFirewall();
        CallRecorder calls = new CallRecorder();
        provider = new InMemoryCloudProvider("aws-test", ClusterFixture.OWNER, cloud, calls);
        adapter = new InMemoryFirewallAdapter("fw", ClusterFixture.OWNER, firewall, calls);
        k8s.node("node-a", NODE_A);
        k8s.node("node-b", NODE_B);
    }

    ClusterReconciler reconciler(GatewardenConfig config, WriteGate gate) {
        return new ClusterReconciler(config, new GatewayDiscovery(client),
                new KubernetesStatus(client, gate, Clock.systemUTC(), "test-instance"),
                Map.of("aws-test", provider), Map.of("fw", adapter), gate, new PlannerOptions(1.0, false), null);
    }

    ClusterReconciler calico() {
        return reconciler(ClusterFixture.config(ClusterFixture.gateway("payments", 0, true, GatewayMode.MANAGED),
                ClusterFixture.calico("payments")), WriteGate.OPEN);
    }

    /** Slot → {private IP, its node instance, public IP, the private IP the public one is bound to}. */
    Map<SlotId, List<String>> cloudState() {
        ObservedCloud oc = provider.observe(new CloudScope(ClusterFixture.OWNER, List.of(), List.of("payments")));
        Map<SlotId, List<String>> m = new TreeMap<>();
        for (CloudAddress a : oc.addresses()) {
            List<String> row = m.computeIfAbsent(a.slot(), k -> new java.util.ArrayList<>(List.of("-", "-", "-", "-")));
            if (a.kind() == AddressKind.PRIVATE) {
                row.set(0, a.ip());
                row.set(1, a.node() == null ? "-" : a.node().instance());
            } else {
                row.set(2, a.ip());
                row.set(3, String.valueOf(a.boundPrivateIp()));
            }
        }
        return m;
    }

    Set<String> groupIps(String group) {
        return firewall.group(group).map(g -> g.members().stream()
                .map(n -> firewall.object(n).orElseThrow().ip()).collect(Collectors.toCollection(TreeSet::new)))
                .orElse(new TreeSet<>());
    }

    List<Event> events() {
        return client.v1().events().inNamespace(ClusterFixture.NS).list().getItems();
    }

    String annotation(String pod, String key) {
        Pod p = k8s.getPod(pod);
        return p.getMetadata().getAnnotations() == null ? null : p.getMetadata().getAnnotations().get(key);
    }

    @Test
    void firstRoundGivesEachPodASlotAndWritesStatusBack() {
        k8s.egressGateway("payments", 2, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        k8s.egwPod("payments", "payments-b", "10.0.0.51", "node-b");

        ClusterRound r = calico().reconcileOnce();

        assertTrue(r.ok(), () -> String.valueOf(r.report()));
        Map<SlotId, List<String>> state = cloudState();
        assertEquals(List.of("10.0.0.50", "i-0a1b2c3d4e5f60001"), state.get(SlotId.parse("payments#0")).subList(0, 2));
        assertEquals(List.of("10.0.0.51", "i-0a1b2c3d4e5f60002"), state.get(SlotId.parse("payments#1")).subList(0, 2));
        assertEquals("10.0.0.50", state.get(SlotId.parse("payments#0")).get(3));
        String pub0 = state.get(SlotId.parse("payments#0")).get(2);
        String pub1 = state.get(SlotId.parse("payments#1")).get(2);
        assertEquals(Set.of(pub0, pub1), groupIps("k8s-egress-payments"));
        // status: annotations on the pods, events on the EgressGateway
        assertEquals("payments#0", annotation("payments-a", KubernetesStatus.SLOT_ANNOTATION));
        assertEquals(pub0, annotation("payments-a", KubernetesStatus.PUBLIC_IP_ANNOTATION));
        assertEquals("ready", annotation("payments-a", KubernetesStatus.STATUS_ANNOTATION));
        assertEquals("payments#1", annotation("payments-b", KubernetesStatus.SLOT_ANNOTATION));
        assertEquals(pub1, annotation("payments-b", KubernetesStatus.PUBLIC_IP_ANNOTATION));
        List<Event> events = events();
        assertEquals(r.report().results().size(), events.size());
        assertTrue(events.stream().allMatch(e -> e.getInvolvedObject().getKind().equals("EgressGateway")
                && e.getInvolvedObject().getName().equals("payments") && e.getType().equals("Normal")));
        assertTrue(events.stream().anyMatch(e -> e.getReason().equals("AttachPublic")
                && e.getMessage().contains(pub0)), events.toString());
        // the pod spec was not touched: only annotations
        assertEquals("calico-egw", k8s.getPod("payments-a").getSpec().getContainers().get(0).getName());

        ClusterRound again = calico().reconcileOnce(); // a new instance: Gatewarden restarted
        assertFalse(again.changed(), () -> again.planned().plan().changes().toString());
        assertEquals(0, again.annotated());
    }

    @Test
    void restartedPodKeepsItsSlotAndPublicIp() {
        k8s.egressGateway("payments", 2, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        k8s.egwPod("payments", "payments-b", "10.0.0.51", "node-b");
        calico().reconcileOnce();
        String pub1 = cloudState().get(SlotId.parse("payments#1")).get(2);

        k8s.deletePod("payments-b");
        ClusterRound gap = calico().reconcileOnce(); // replacement not there yet: slot 1 is held
        assertTrue(gap.snapshot().bindings().get("payments").held().containsKey(1));
        assertFalse(gap.changed(), () -> gap.planned().plan().changes().toString());
        assertEquals(2, groupIps("k8s-egress-payments").size());

        k8s.egwPod("payments", "payments-c", "10.0.0.52", "node-a");
        ClusterRound r = calico().reconcileOnce();

        assertTrue(r.ok(), () -> String.valueOf(r.report()));
        List<String> slot1 = cloudState().get(SlotId.parse("payments#1"));
        assertEquals(List.of("10.0.0.52", "i-0a1b2c3d4e5f60001", pub1, "10.0.0.52"), slot1);
        assertEquals("payments#1", annotation("payments-c", KubernetesStatus.SLOT_ANNOTATION));
        assertEquals(pub1, annotation("payments-c", KubernetesStatus.PUBLIC_IP_ANNOTATION));
        assertEquals(2, groupIps("k8s-egress-payments").size());
        assertTrue(groupIps("k8s-egress-payments").contains(pub1));
    }

    @Test
    void podMovedWithItsIpMovesThePrivateIpAndThePublicIpFollows() {
        k8s.egressGateway("payments", 1, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        calico().reconcileOnce();
        String pub = cloudState().get(SlotId.parse("payments#0")).get(2);
        Set<String> group = groupIps("k8s-egress-payments");

        k8s.deletePod("payments-a");
        k8s.egwPod("payments", "payments-z", "10.0.0.50", "node-b"); // Calico fixed IP, rescheduled
        ClusterRound r = calico().reconcileOnce();

        assertTrue(r.ok(), () -> String.valueOf(r.report()));
        assertTrue(r.planned().plan().changes().stream().anyMatch(c -> c instanceof CloudChange.MovePrivate),
                r.planned().plan().changes().toString());
        assertEquals(List.of("10.0.0.50", "i-0a1b2c3d4e5f60002", pub, "10.0.0.50"),
                cloudState().get(SlotId.parse("payments#0")));
        assertEquals(group, groupIps("k8s-egress-payments"), "the firewall group is unchanged");
        assertEquals("payments#0", annotation("payments-z", KubernetesStatus.SLOT_ANNOTATION));
    }

    @Test
    void scaleUpAndScaleDown() {
        k8s.egressGateway("payments", 1, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        calico().reconcileOnce();

        k8s.scale("payments", 2);
        k8s.egwPod("payments", "payments-b", "10.0.0.51", "node-b");
        ClusterRound up = calico().reconcileOnce();
        assertTrue(up.ok(), () -> String.valueOf(up.report()));
        assertEquals(Set.of(SlotId.parse("payments#0"), SlotId.parse("payments#1")), cloudState().keySet());
        assertEquals(2, groupIps("k8s-egress-payments").size());

        k8s.scale("payments", 1);
        ClusterRound down = calico().reconcileOnce(); // both pods still there: the highest slot is retired
        assertTrue(down.ok(), () -> String.valueOf(down.report()));
        assertEquals(Set.of(SlotId.parse("payments#0")), cloudState().keySet());
        assertEquals(1, groupIps("k8s-egress-payments").size());
        assertNull(annotation("payments-b", KubernetesStatus.SLOT_ANNOTATION), "the retired pod's slot is removed");
        assertEquals("payments#0", annotation("payments-a", KubernetesStatus.SLOT_ANNOTATION));
    }

    @Test
    void failuresAreRecordedAsWarningEvents() {
        k8s.egressGateway("payments", 1, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        firewall.failures().failAlways("apply", "commit failed: device busy");

        ClusterRound r = calico().reconcileOnce();

        assertFalse(r.ok());
        List<Event> warnings = events().stream().filter(e -> e.getType().equals("Warning")).toList();
        assertTrue(warnings.stream().anyMatch(e -> e.getReason().equals("PublishFailed")
                && e.getMessage().contains("device busy")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(e -> e.getReason().equals("AttachPublicSkipped")), warnings.toString());
        assertTrue(annotation("payments-a", KubernetesStatus.STATUS_ANNOTATION).contains("failed"),
                annotation("payments-a", KubernetesStatus.STATUS_ANNOTATION));
    }

    @Test
    void selectorGatewayWithPrivateAddressesOnly() {
        Map<String, String> labels = Map.of("app", "egress");
        k8s.pod("gw-1", labels, "10.0.0.70", "node-a", "Running", true, Map.of());
        k8s.pod("gw-2", labels, "10.0.0.71", "node-b", "Running", true, Map.of());
        ClusterRound r = reconciler(ClusterFixture.config(ClusterFixture.gateway("plain", 0, false, GatewayMode.MANAGED),
                ClusterFixture.selector("app=egress")), WriteGate.OPEN).reconcileOnce();
        assertTrue(r.ok(), () -> String.valueOf(r.report()));
        assertEquals(Set.of("10.0.0.70", "10.0.0.71"), groupIps("k8s-egress-plain"));
        assertEquals(0, cloud.publicIpCount());
        assertNotNull(annotation("gw-1", KubernetesStatus.SLOT_ANNOTATION));
    }

    @Test
    void awsNativeGatewayOnlyPublishesToTheFirewall() {
        k8s.egressGateway("native", 1, Map.of("nativeIP", "Enabled", "elasticIPs", List.of("198.51.100.7")), List.of());
        k8s.egwPod("native", "native-0", "10.0.0.80", "node-a");
        GatewardenConfig config = ClusterFixture.config(ClusterFixture.gateway("native", 0, false, GatewayMode.MANAGED),
                ClusterFixture.calico("native"));
        config = new GatewardenConfig(config.owner(), null, config.publishPolicy(), 1.0, config.clouds(),
                config.firewalls(), List.of(new dev.gatewarden.model.Gateway("native", "aws-test", 0, false, List.of(),
                List.of(), List.of(), List.of(new dev.gatewarden.model.FirewallBinding("fw", "k8s-native-private",
                AddressKind.PRIVATE), new dev.gatewarden.model.FirewallBinding("fw", "k8s-native-public",
                AddressKind.PUBLIC)), GatewayMode.MANAGED, null, false)), config.kubernetes());

        ClusterRound r = reconciler(config, WriteGate.OPEN).reconcileOnce();

        assertTrue(r.ok(), () -> String.valueOf(r.report()));
        assertEquals(Set.of("10.0.0.80"), groupIps("k8s-native-private"));
        assertEquals(Set.of("198.51.100.7"), groupIps("k8s-native-public"));
        assertTrue(r.report().results().stream().noneMatch(c -> c.change() instanceof CloudChange));
        assertEquals(0, cloud.publicIpCount(), "Calico owns the cloud side");
    }

    @Test
    void closedGateWritesNothing() {
        k8s.egressGateway("payments", 1, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        ClusterRound r = reconciler(ClusterFixture.config(ClusterFixture.gateway("payments", 0, true, null),
                ClusterFixture.calico("payments")), () -> false).reconcileOnce();
        assertTrue(r.report().results().stream().allMatch(c -> c.outcome() != Outcome.SUCCEEDED));
        assertEquals(0, cloud.publicIpCount());
        assertTrue(firewall.group("k8s-egress-payments").isEmpty());
        assertNull(annotation("payments-a", KubernetesStatus.SLOT_ANNOTATION));
        assertTrue(events().isEmpty());
    }

    @Test
    void losingTheLeaseMidRoundStopsWritingAtOnce() {
        k8s.egressGateway("payments", 1, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        java.util.concurrent.atomic.AtomicInteger writes = new java.util.concurrent.atomic.AtomicInteger();
        // the lease is lost right after the round's first two writes (recording the binding, allocating the public IP)
        WriteGate gate = () -> writes.getAndIncrement() < 2;
        ClusterRound r = reconciler(ClusterFixture.config(ClusterFixture.gateway("payments", 0, true, null),
                ClusterFixture.calico("payments")), gate).reconcileOnce();
        assertFalse(r.ok());
        assertEquals("payments#0", annotation("payments-a", KubernetesStatus.SLOT_ANNOTATION));
        assertEquals(1, cloud.publicIpCount(), "only the writes before the loss happened");
        assertNull(annotation("payments-a", KubernetesStatus.PUBLIC_IP_ANNOTATION));
        assertTrue(firewall.group("k8s-egress-payments").isEmpty(), "nothing published after the loss");
        assertTrue(r.report().results().stream().anyMatch(c -> c.message() != null && c.message().contains("not the leader")),
                r.report().toString());
        assertTrue(events().isEmpty(), "no events after the loss");
    }

    @Test
    void discoveryFailureWritesNothing() {
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a"); // no EgressGateway resource
        assertThrows(DiscoveryException.class, () -> calico().reconcileOnce());
        assertEquals(0, cloud.publicIpCount());
    }
}
