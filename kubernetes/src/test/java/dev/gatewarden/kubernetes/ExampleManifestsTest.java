package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every manifest in examples/kubernetes parses as Kubernetes resources with the fields the job relies on. */
class ExampleManifestsTest {
    static final Path DIR = Path.of("..", "examples", "kubernetes");
    static final List<HasMetadata> ALL = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        // parsing only: the client never connects
        try (KubernetesClient client = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder()
                .withMasterUrl("https://127.0.0.1:1").build()).build();
             Stream<Path> files = Files.list(DIR)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml") && !p.endsWith("kustomization.yaml"))
                    .sorted().toList()) {
                try (InputStream in = Files.newInputStream(f)) {
                    List<HasMetadata> items = client.load(in).items();
                    assertFalse(items.isEmpty(), f + " holds no resource");
                    for (HasMetadata r : items) {
                        assertNotNull(r.getMetadata().getName(), f + ": a resource without a name");
                        assertEquals("gatewarden", r.getMetadata().getLabels().get("app.kubernetes.io/name"),
                                f + ": " + r.getKind() + " " + r.getMetadata().getName() + " lacks the app label");
                    }
                    ALL.addAll(items);
                }
            }
        }
    }

    static <T extends HasMetadata> List<T> of(Class<T> type) {
        return ALL.stream().filter(type::isInstance).map(type::cast).toList();
    }

    static <T extends HasMetadata> T one(Class<T> type, String name) {
        return of(type).stream().filter(r -> r.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    @Test
    void deploymentRunsTwoReplicasWithLeaderElectionAndProbes() {
        Deployment d = one(Deployment.class, "gatewarden");
        assertEquals(2, d.getSpec().getReplicas());
        assertEquals("gatewarden", d.getSpec().getTemplate().getSpec().getServiceAccountName());
        Container c = d.getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("reconcile", c.getArgs().get(0));
        assertTrue(c.getArgs().contains("--leader-election"), c.getArgs().toString());
        assertTrue(c.getArgs().contains("--identity=$(POD_NAME)"));
        assertTrue(c.getArgs().contains("--http-address=0.0.0.0"));
        assertEquals("/healthz", c.getLivenessProbe().getHttpGet().getPath());
        assertEquals("/readyz", c.getReadinessProbe().getHttpGet().getPath());
        assertEquals("metadata.name", c.getEnv().stream().filter(e -> e.getName().equals("POD_NAME")).findFirst()
                .orElseThrow().getValueFrom().getFieldRef().getFieldPath());
        assertTrue(c.getEnv().stream().anyMatch(e -> e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null
                && e.getValueFrom().getSecretKeyRef().getName().equals("gatewarden-firewalls")));
        assertEquals(Boolean.TRUE, c.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(Boolean.TRUE, d.getSpec().getTemplate().getSpec().getSecurityContext().getRunAsNonRoot());
        assertEquals("gatewarden-config", d.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(v -> v.getConfigMap() != null).findFirst().orElseThrow().getConfigMap().getName());
    }

    @Test
    void cronJobRunsOneRoundWithoutOverlap() {
        CronJob j = one(CronJob.class, "gatewarden");
        assertEquals("Forbid", j.getSpec().getConcurrencyPolicy());
        Container c = j.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("reconcile", c.getArgs().get(0));
        assertTrue(c.getArgs().contains("--max-rounds=1"), c.getArgs().toString());
        assertEquals("Never", j.getSpec().getJobTemplate().getSpec().getTemplate().getSpec().getRestartPolicy());
    }

    @Test
    void rbacIsLeastPrivilege() {
        Set<String> readOnly = Set.of("get", "list", "watch");
        ClusterRole nodes = one(ClusterRole.class, "gatewarden-nodes");
        for (PolicyRule r : nodes.getRules()) {
            assertTrue(readOnly.containsAll(r.getVerbs()), "cluster-wide access is read-only: " + r);
        }
        assertTrue(nodes.getRules().stream().anyMatch(r -> r.getResources().contains("nodes")));
        assertTrue(nodes.getRules().stream().anyMatch(r -> r.getResources().contains("ippools")
                && r.getApiGroups().contains("projectcalico.org") && r.getApiGroups().contains("crd.projectcalico.org")));

        Role gateways = one(Role.class, "gatewarden-gateways");
        PolicyRule pods = gateways.getRules().stream().filter(r -> r.getResources().contains("pods")).findFirst().orElseThrow();
        assertEquals(Set.of("get", "list", "watch", "patch"), Set.copyOf(pods.getVerbs()));
        assertTrue(gateways.getRules().stream().anyMatch(r -> r.getResources().contains("egressgateways")
                && r.getApiGroups().contains("operator.tigera.io") && readOnly.containsAll(r.getVerbs())));
        assertTrue(gateways.getRules().stream().anyMatch(r -> r.getResources().contains("events")
                && r.getVerbs().equals(List.of("create"))));
        for (PolicyRule r : gateways.getRules()) {
            assertFalse(r.getVerbs().contains("delete") || r.getVerbs().contains("*") || r.getVerbs().contains("update"),
                    "no delete/update/wildcard: " + r);
        }
        Role leases = one(Role.class, "gatewarden-leader-election");
        assertTrue(leases.getRules().stream().allMatch(r -> r.getResources().equals(List.of("leases"))
                && r.getApiGroups().equals(List.of("coordination.k8s.io"))));
        assertTrue(leases.getRules().stream().anyMatch(r -> r.getResourceNames() != null
                && r.getResourceNames().contains("gatewarden") && r.getVerbs().contains("update")));

        for (RoleBinding b : of(RoleBinding.class)) {
            assertEquals("gatewarden", b.getSubjects().get(0).getName());
            assertTrue(of(Role.class).stream().anyMatch(r -> r.getMetadata().getName().equals(b.getRoleRef().getName())
                    && r.getMetadata().getNamespace().equals(b.getMetadata().getNamespace())), "binding to a missing role: " + b);
        }
        ClusterRoleBinding cb = one(ClusterRoleBinding.class, "gatewarden-nodes");
        assertEquals("gatewarden", cb.getSubjects().get(0).getNamespace());
        assertEquals("gatewarden", one(ServiceAccount.class, "gatewarden").getMetadata().getNamespace());
        assertEquals("gatewarden", one(Namespace.class, "gatewarden").getMetadata().getName());
    }

    @Test
    void configMapHoldsAConfigWithDiscoveredGatewaysAndSecretsByReferenceOnly() throws IOException {
        ConfigMap cm = one(ConfigMap.class, "gatewarden-config");
        String yaml = cm.getData().get("gatewarden.yaml");
        JsonNode config = new ObjectMapper(new YAMLFactory()).readTree(yaml);
        assertTrue(config.path("owner").isTextual());
        List<String> sources = new ArrayList<>();
        config.path("gateways").forEach(g -> sources.add(g.path("kubernetes").path("source").asText()));
        assertEquals(List.of("calico", "selector"), sources);
        assertTrue(yaml.contains("${env:PANOS_API_KEY}") && yaml.contains("${env:FORTIOS_TOKEN}"));
        Secret s = one(Secret.class, "gatewarden-firewalls");
        assertEquals(Set.of("PANOS_API_KEY", "FORTIOS_TOKEN"), s.getStringData().keySet());
        assertTrue(s.getStringData().values().stream().allMatch(v -> v.startsWith("REPLACE_")), "placeholders only");
    }

    @Test
    void kustomizationListsExistingFiles() throws IOException {
        JsonNode k = new ObjectMapper(new YAMLFactory()).readTree(DIR.resolve("kustomization.yaml").toFile());
        assertTrue(k.path("resources").size() >= 6);
        k.path("resources").forEach(r -> assertTrue(Files.exists(DIR.resolve(r.asText())), r.asText()));
        assertTrue(Files.readString(DIR.resolve("README.md")).contains("IRSA"));
    }
}
