package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.SandboxStore;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reconcile} and {@code status} with a gateway discovered in a (mock) cluster, on the embedded sandbox. */
@EnableKubernetesMockClient(crud = true)
class KubernetesCliTest {
    static final ResourceDefinitionContext EGW = new ResourceDefinitionContext.Builder().withGroup("operator.tigera.io")
            .withVersion("v1").withKind("EgressGateway").withPlural("egressgateways").withNamespaced(true).build();
    KubernetesClient client;

    @TempDir
    Path dir;
    Path config;
    Path kubeconfig;

    @BeforeEach
    void setUp() throws Exception {
        System.setProperty(SandboxStore.PROPERTY, dir.resolve("sandbox").toString());
        config = dir.resolve("gatewarden.yaml");
        Files.writeString(config, """
                owner: k8s-cli
                clouds:
                  - name: aws-sandbox
                    provider: aws
                    region: eu-west-1
                firewalls:
                  - name: dc1-pa
                    type: paloalto
                    url: https://pa-dc1.corp.example
                    apiKey: ${env:PANOS_API_KEY}
                    vsys: vsys1
                gateways:
                  - name: payments
                    cloud: aws-sandbox
                    addresses: 0
                    public: true
                    kubernetes: {source: calico, namespace: egress, name: payments}
                    publish:
                      - {firewall: dc1-pa, group: k8s-egress-payments, addresses: public}
                """);
        kubeconfig = dir.resolve("kubeconfig");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "%s", insecure-skip-tls-verify: true}
                users:
                  - name: test
                    user: {token: not-a-secret}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: test, namespace: egress}
                current-context: mock
                """.formatted(client.getConfiguration().getMasterUrl()));
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                .withNewSpec().withProviderID("aws:///eu-west-1a/i-0a1b2c3d4e5f60001").endSpec().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-2").endMetadata()
                .withNewSpec().withProviderID("aws:///eu-west-1b/i-0a1b2c3d4e5f60002").endSpec().build()).create();
        client.genericKubernetesResources(EGW).inNamespace("egress").resource(new GenericKubernetesResourceBuilder()
                .withApiVersion("operator.tigera.io/v1").withKind("EgressGateway").withNewMetadata().withNamespace("egress")
                .withName("payments").endMetadata().withAdditionalProperties(Map.of("spec", Map.of("replicas", 2)))
                .build()).create();
        pod("payments-a", "10.0.1.50", "node-1", "Running", true);
        pod("payments-b", "10.0.2.50", "node-2", "Running", true);
        pod("payments-c", null, null, "Pending", false);
    }

    @AfterEach
    void clear() {
        System.clearProperty(SandboxStore.PROPERTY);
    }

    void pod(String name, String ip, String node, String phase, boolean ready) {
        Pod p = new PodBuilder().withNewMetadata().withNamespace("egress").withName(name)
                .withLabels(Map.of("projectcalico.org/egw", "payments")).endMetadata()
                .withNewSpec().withNodeName(node).endSpec()
                .withNewStatus().withPhase(phase).withPodIP(ip).addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").endCondition().endStatus().build();
        client.pods().resource(p).create();
    }

    String annotation(String pod, String key) {
        Map<String, String> a = client.pods().inNamespace("egress").withName(pod).get().getMetadata().getAnnotations();
        return a == null ? null : a.get(key);
    }

    @Test
    void reconcileWithLeaderElectionThenStatus() throws Exception {
        Cli.Result r = Cli.run("reconcile", "--sandbox", "-f", config.toString(), "--kubeconfig", kubeconfig.toString(),
                "--max-rounds", "1", "--leader-election", "--lease-namespace", "egress", "--identity", "cli-test",
                "--debounce", "50ms", "--http-port", "0", "--audit-log", dir.resolve("audit.jsonl").toString());
        assertEquals(0, r.exit(), r.all());
        assertEquals("cli-test", client.leases().inNamespace("egress").withName("gatewarden").get().getSpec()
                .getHolderIdentity(), "the lease was taken");
        assertEquals("payments#0", annotation("payments-a", "gatewarden.dev/slot"));
        assertEquals("payments#1", annotation("payments-b", "gatewarden.dev/slot"));
        assertTrue(annotation("payments-a", "gatewarden.dev/public-ip").matches("\\d+\\.\\d+\\.\\d+\\.\\d+"));
        assertTrue(client.v1().events().inNamespace("egress").list().getItems().size() >= 4);
        assertTrue(Files.readString(dir.resolve("audit.jsonl")).contains("\"attach-public\""));

        Cli.Result status = Cli.run("status", "--sandbox", "-f", config.toString(), "--kubeconfig", kubeconfig.toString());
        assertEquals(0, status.exit(), status.all());
        assertTrue(status.out().contains("egress/payments-a (node-1)"), status.out());
        assertTrue(status.out().contains("listed"), status.out());
        assertTrue(status.out().contains("no slot: egress/payments-c: pod is Pending"), status.out());

        Cli.Result json = Cli.run("status", "--sandbox", "-f", config.toString(), "--kubeconfig", kubeconfig.toString(),
                "-o", "json");
        JsonNode root = new ObjectMapper().readTree(json.out());
        assertEquals(2, root.get("slots").size());
        assertEquals("egress/payments-a (node-1)", root.at("/slots/0/pod").asText());
        boolean pendingReported = false;
        for (JsonNode p : root.get("pods")) {
            pendingReported |= p.path("pod").asText().equals("egress/payments-c") && p.path("reason").asText().contains("Pending");
        }
        assertTrue(pendingReported, root.toString());
    }

    @Test
    void exampleConfigMapHoldsAValidConfig() throws Exception {
        JsonNode cm = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory())
                .readTree(Path.of("..", "examples", "kubernetes", "configmap.yaml").toFile());
        Path example = dir.resolve("example.yaml");
        Files.writeString(example, cm.at("/data/gatewarden.yaml").asText());
        Cli.Result r = Cli.run("validate", "--sandbox", "-f", example.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("valid (owner prod-eu-1"), r.out());
    }
}
