package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.SlotId;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class GatewayDiscoveryTest {
    KubernetesClient client;
    ClusterFixture k8s;
    GatewayDiscovery discovery;

    @BeforeEach
    void setUp() {
        k8s = new ClusterFixture(client);
        discovery = new GatewayDiscovery(client);
        k8s.node("node-a", "aws:///eu-west-1a/i-0a1b2c3d4e5f60001");
        k8s.node("node-b", "aws:///eu-west-1b/i-0a1b2c3d4e5f60002");
        k8s.node("node-bare", "");
        k8s.node("node-gce", "gce://proj/europe-west1-b/gke-node-1");
        k8s.node("node-fargate", "aws:///eu-west-1a/fargate-ip-10-0-0-99.eu-west-1.compute.internal");
    }

    @Test
    void calicoGatewayPodsBecomeSlotCandidatesWithTheirNodes() {
        k8s.ipPool("egress-red", "10.0.0.48/28");
        k8s.egressGateway("payments", 2, null, List.of("egress-red"));
        k8s.egwPod("payments", "payments-0", "10.0.0.50", "node-a");
        k8s.egwPod("payments", "payments-1", "10.0.0.51", "node-b");
        k8s.egwPod("other", "other-0", "10.0.0.60", "node-a"); // another gateway's pod

        DiscoveredGateway d = discovery.discover(ClusterFixture.gateway("payments", 0, true, null),
                ClusterFixture.calico("payments"), "aws");

        assertEquals(2, d.targetSlots());
        assertEquals(GatewayMode.MANAGED, d.mode());
        assertEquals(List.of("payments-0", "payments-1"), d.pods().stream().map(GatewayPod::name).toList());
        GatewayPod first = d.pods().get(0);
        assertEquals("10.0.0.50", first.ip());
        assertEquals("i-0a1b2c3d4e5f60001", first.node().instance());
        assertEquals("node-a", first.nodeName());
        assertEquals("EgressGateway", d.owner().kind());
        assertEquals("payments", d.owner().name());
        assertEquals(List.of("10.0.0.48/28"), d.pools().stream().map(IpPool::cidr).toList());
        assertTrue(d.skipped().isEmpty(), d.skipped().toString());
        assertTrue(d.warnings().isEmpty(), d.warnings().toString());
    }

    @Test
    void skippedPodsAreReportedWithTheReason() {
        k8s.egressGateway("payments", 6, null, List.of());
        Map<String, String> egw = Map.of(GatewayDiscovery.CALICO_EGW_LABEL, "payments");
        k8s.egwPod("payments", "ok", "10.0.0.50", "node-a");
        k8s.pod("pending", egw, null, null, "Pending", false, Map.of());
        k8s.pod("unready", egw, "10.0.0.52", "node-a", "Running", false, Map.of());
        k8s.egwPod("payments", "bare", "10.0.0.53", "node-bare");
        k8s.egwPod("payments", "gce", "10.0.0.54", "node-gce");
        k8s.egwPod("payments", "fargate", "10.0.0.55", "node-fargate");
        k8s.egwPod("payments", "lost", "10.0.0.56", "node-gone");

        DiscoveredGateway d = discovery.discover(ClusterFixture.gateway("payments", 0, true, null),
                ClusterFixture.calico("payments"), "aws");

        assertEquals(List.of("ok"), d.pods().stream().map(GatewayPod::name).toList());
        Map<String, String> why = d.skipped().stream().collect(Collectors.toMap(SkippedPod::name, SkippedPod::reason));
        assertEquals(6, why.size(), why.toString());
        assertTrue(why.get("pending").contains("Pending"), why.get("pending"));
        assertTrue(why.get("unready").contains("not ready"), why.get("unready"));
        assertTrue(why.get("bare").contains("no spec.providerID"), why.get("bare"));
        assertTrue(why.get("gce").startsWith("unsupported cloud"), why.get("gce"));
        assertTrue(why.get("gce").contains("gcp"), why.get("gce"));
        assertTrue(why.get("fargate").contains("Fargate"), why.get("fargate"));
        assertTrue(why.get("lost").contains("not found"), why.get("lost"));
    }

    @Test
    void selectorSourceNeedsNoCalicoResources() {
        Map<String, String> labels = Map.of("app", "egress", "tier", "gw");
        k8s.pod("gw-1", labels, "10.0.0.70", "node-a", "Running", true, Map.of());
        k8s.pod("gw-2", labels, "10.0.0.71", "node-b", "Running", true,
                Map.of(KubernetesStatus.SLOT_ANNOTATION, "plain#1"));
        k8s.pod("gw-3", labels, null, null, "Pending", false, Map.of());
        k8s.pod("web", Map.of("app", "web"), "10.0.0.72", "node-a", "Running", true, Map.of());

        DiscoveredGateway d = discovery.discover(ClusterFixture.gateway("plain", 0, false, null),
                ClusterFixture.selector("app=egress,tier=gw"), "aws");

        assertEquals(List.of("gw-1", "gw-2"), d.pods().stream().map(GatewayPod::name).toList());
        assertEquals(3, d.targetSlots(), "live pods, pending included: the replicas the workload wants");
        assertEquals(List.of("gw-3"), d.skipped().stream().map(SkippedPod::name).toList());
        assertNull(d.pods().get(0).recordedSlot());
        assertEquals(SlotId.parse("plain#1"), d.pods().get(1).recordedSlot());
        assertEquals("Pod", d.owner().kind(), "no controller: events go to a pod");

        DiscoveredGateway fixed = discovery.discover(ClusterFixture.gateway("plain", 2, false, null),
                ClusterFixture.selector("app=egress,tier=gw"), "aws");
        assertEquals(2, fixed.targetSlots(), "addresses fixes the slots of a plain workload (a surge pod waits)");
    }

    @Test
    void configuredAddressesCapTheSlots() {
        k8s.egressGateway("payments", 5, null, List.of());
        DiscoveredGateway d = discovery.discover(ClusterFixture.gateway("payments", 2, true, null),
                ClusterFixture.calico("payments"), "aws");
        assertEquals(2, d.targetSlots());
        assertTrue(d.warnings().get(0).contains("caps"), d.warnings().toString());
    }

    @Test
    void awsNativeGatewayIsFirewallOnlyWithItsElasticIps() {
        k8s.egressGateway("native", 2, Map.of("nativeIP", "Enabled",
                "elasticIPs", List.of("198.51.100.7", "198.51.100.8")), List.of());
        k8s.pod("native-0", Map.of(GatewayDiscovery.CALICO_EGW_LABEL, "native"), "10.0.0.80", "node-a", "Running",
                true, Map.of(GatewayDiscovery.AWS_ELASTIC_IPS, "[\"198.51.100.7\",\"198.51.100.8\",\"eipalloc-0abc\"]"));

        DiscoveredGateway d = discovery.discover(ClusterFixture.gateway("native", 0, false, null),
                ClusterFixture.calico("native"), "aws");

        assertEquals(GatewayMode.FIREWALL_ONLY, d.mode());
        assertEquals(List.of("198.51.100.7", "198.51.100.8"), d.elasticIps());
        assertTrue(d.warnings().stream().anyMatch(w -> w.contains("eipalloc-0abc")), d.warnings().toString());
    }

    @Test
    void missingEgressGatewayFailsDiscovery() {
        DiscoveryException e = assertThrows(DiscoveryException.class, () -> discovery.discover(
                ClusterFixture.gateway("payments", 0, true, null), ClusterFixture.calico("payments"), "aws"));
        assertTrue(e.getMessage().contains("EgressGateway egress/payments not found"), e.getMessage());
    }

    @Test
    void podOutsideTheGatewayPoolsIsWarnedAbout() {
        k8s.ipPool("egress-red", "10.0.0.48/30");
        k8s.egressGateway("payments", 1, null, List.of("egress-red", "missing-pool"));
        k8s.egwPod("payments", "payments-0", "10.0.0.99", "node-a");
        DiscoveredGateway d = discovery.discover(ClusterFixture.gateway("payments", 0, true, null),
                ClusterFixture.calico("payments"), "aws");
        assertEquals(1, d.pods().size());
        assertTrue(d.warnings().stream().anyMatch(w -> w.contains("outside the gateway's IP pools")), d.warnings().toString());
        assertTrue(d.warnings().stream().anyMatch(w -> w.contains("missing-pool")), d.warnings().toString());
    }
}
