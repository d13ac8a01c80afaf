package dev.gatewarden.kubernetes;

import dev.gatewarden.config.CloudAccount;
import dev.gatewarden.config.FirewallTarget;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.KubernetesSource;
import dev.gatewarden.apply.PublishPolicy;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.spi.Settings;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Calico-shaped resources in the fabric8 mock cluster (CRUD mode), for tests. */
final class ClusterFixture {
    static final String NS = "egress";
    static final String OWNER = "prod";
    private final KubernetesClient client;
    private int seconds;

    ClusterFixture(KubernetesClient client) {
        this.client = client;
    }

    Node node(String name, String providerId) {
        Node n = new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withProviderID(providerId).endSpec().build();
        return client.nodes().resource(n).create();
    }

    /** A running, ready pod of the Calico gateway {@code egw}. */
    Pod egwPod(String egw, String name, String ip, String node) {
        return pod(name, Map.of(GatewayDiscovery.CALICO_EGW_LABEL, egw), ip, node, "Running", true, Map.of());
    }

    Pod pod(String name, Map<String, String> labels, String ip, String node, String phase, boolean ready,
            Map<String, String> annotations) {
        Pod p = new PodBuilder().withNewMetadata().withNamespace(NS).withName(name).withLabels(labels)
                .withAnnotations(new LinkedHashMap<>(annotations))
                .withCreationTimestamp(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(seconds++).toString())
                .endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("calico-egw").withImage("egw").endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase).withPodIP(ip)
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False").endCondition()
                .endStatus().build();
        Pod created = client.pods().resource(p).create();
        if (created.getStatus() == null || created.getStatus().getPhase() == null) {
            created.setStatus(p.getStatus());
            created = client.pods().resource(created).updateStatus();
        }
        return created;
    }

    void deletePod(String name) {
        client.pods().inNamespace(NS).withName(name).delete();
        // the CRUD mock deletes at once (no graceful termination)
    }

    Pod getPod(String name) {
        return client.pods().inNamespace(NS).withName(name).get();
    }

    GenericKubernetesResource egressGateway(String name, int replicas, Map<String, Object> aws, List<String> pools) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("replicas", replicas);
        List<Map<String, Object>> ipPools = new ArrayList<>();
        pools.forEach(p -> ipPools.add(Map.of("name", p)));
        spec.put("ipPools", ipPools);
        spec.put("logSeverity", "Info");
        if (aws != null) {
            spec.put("aws", aws);
        }
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("operator.tigera.io/v1")
                .withKind("EgressGateway").withNewMetadata().withNamespace(NS).withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", spec)).build();
        return client.genericKubernetesResources(GatewayDiscovery.EGRESS_GATEWAY).inNamespace(NS).resource(r).create();
    }

    void scale(String egw, int replicas) {
        GenericKubernetesResource r = client.genericKubernetesResources(GatewayDiscovery.EGRESS_GATEWAY).inNamespace(NS)
                .withName(egw).get();
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = (Map<String, Object>) r.getAdditionalProperties().get("spec");
        spec.put("replicas", replicas);
        client.genericKubernetesResources(GatewayDiscovery.EGRESS_GATEWAY).inNamespace(NS).resource(r).update();
    }

    GenericKubernetesResource ipPool(String name, String cidr) {
        GenericKubernetesResource r = new GenericKubernetesResourceBuilder().withApiVersion("projectcalico.org/v3")
                .withKind("IPPool").withNewMetadata().withName(name).endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of("cidr", cidr, "blockSize", 32,
                        "nodeSelector", "!all()", "allowedUses", List.of("Workload"))))
                .build();
        return client.genericKubernetesResources(GatewayDiscovery.IP_POOL_V3).resource(r).create();
    }

    static Gateway gateway(String name, int cap, boolean publicIps, GatewayMode mode) {
        return new Gateway(name, "aws-test", cap, publicIps, List.of(), List.of(), List.of(),
                List.of(new FirewallBinding("fw", "k8s-egress-" + name, publicIps ? AddressKind.PUBLIC : AddressKind.PRIVATE)),
                mode, null, false);
    }

    static GatewardenConfig config(Gateway gateway, KubernetesSource source) {
        return new GatewardenConfig(OWNER, null, PublishPolicy.STRICT, 1.0,
                List.of(new CloudAccount("aws-test", "aws", Settings.of("clouds[aws-test]", Map.of("region", "eu-west-1")))),
                List.of(new FirewallTarget("fw", "paloalto", NameTemplate.DEFAULT, Settings.of("firewalls[fw]", Map.of()))),
                List.of(gateway), Map.of(gateway.name(), source));
    }

    static KubernetesSource calico(String name) {
        return new KubernetesSource(KubernetesSource.Kind.CALICO, NS, name, null);
    }

    static KubernetesSource selector(String selector) {
        return new KubernetesSource(KubernetesSource.Kind.SELECTOR, NS, null, selector);
    }
}
