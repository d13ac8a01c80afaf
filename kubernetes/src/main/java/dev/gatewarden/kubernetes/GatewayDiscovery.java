package dev.gatewarden.kubernetes;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.config.KubernetesSource;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.IpLiteral;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Finds a gateway's pods and nodes in the cluster.
 *
 * <ul>
 *   <li>{@code calico}: the Calico Enterprise {@code EgressGateway} (operator.tigera.io/v1, read as a generic
 *   resource), its pods (labels of {@code spec.template.metadata.labels}, by default
 *   {@code projectcalico.org/egw: <name>}) and its IP pools. {@code spec.aws.nativeIP: Enabled} means Calico
 *   manages the cloud side: the gateway becomes firewall-only, publishing the pod IPs and the Elastic IPs.</li>
 *   <li>{@code selector}: the pods matching a label selector in a namespace; no Calico resource is read. The
 *   gateway has {@code addresses} slots when the config sets it above 0, else one per live pod.</li>
 * </ul>
 * Only running, ready, not terminating pods with an IP, on a node whose {@code spec.providerID} parses and belongs
 * to the gateway's cloud, can hold a slot; the others are reported with the reason.
 */
public final class GatewayDiscovery {
    public static final ResourceDefinitionContext EGRESS_GATEWAY = new ResourceDefinitionContext.Builder()
            .withGroup("operator.tigera.io").withVersion("v1").withKind("EgressGateway").withPlural("egressgateways")
            .withNamespaced(true).build();
    public static final ResourceDefinitionContext IP_POOL_V3 = new ResourceDefinitionContext.Builder()
            .withGroup("projectcalico.org").withVersion("v3").withKind("IPPool").withPlural("ippools")
            .withNamespaced(false).build();
    public static final ResourceDefinitionContext IP_POOL_CRD = new ResourceDefinitionContext.Builder()
            .withGroup("crd.projectcalico.org").withVersion("v1").withKind("IPPool").withPlural("ippools")
            .withNamespaced(false).build();
    /** The label the Tigera operator puts on an EgressGateway's pods by default. */
    public static final String CALICO_EGW_LABEL = "projectcalico.org/egw";
    /** Set by the Tigera operator on AWS-native gateway pods: a JSON list of Elastic IPs. */
    public static final String AWS_ELASTIC_IPS = "cni.projectcalico.org/awsElasticIPs";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern IPV4 = Pattern.compile("^\\d{1,3}(\\.\\d{1,3}){3}$");

    private final KubernetesClient client;

    public GatewayDiscovery(KubernetesClient client) {
        this.client = Objects.requireNonNull(client, "client");
    }

    /**
     * Discovers one configured gateway.
     *
     * @param configured    the config's gateway (name, {@code addresses} as the cap on slots, mode)
     * @param cloudProvider the provider id of the gateway's cloud account ({@code aws}, {@code azure}, {@code gcp}):
     *                      pods on nodes of another cloud are skipped
     * @throws DiscoveryException when the cluster could not be read or the EgressGateway does not exist
     */
    public DiscoveredGateway discover(Gateway configured, KubernetesSource source, String cloudProvider) {
        Objects.requireNonNull(configured, "configured");
        Objects.requireNonNull(source, "source");
        String ns = source.namespace() != null ? source.namespace()
                : Optional.ofNullable(client.getNamespace()).orElse("default");
        try {
            return source.source() == KubernetesSource.Kind.CALICO
                    ? calico(configured, source, ns, cloudProvider)
                    : selector(configured, source, ns, cloudProvider);
        } catch (KubernetesClientException e) {
            String why = e.getCode() > 0 ? "HTTP " + e.getCode() + ": " + e.getMessage()
                    : "the API server cannot be reached: " + rootCause(e);
            throw new DiscoveryException("gateway " + configured.name() + ": cannot read the " + source.source().label()
                    + " source in namespace " + ns + " (" + why + ")"
                    + (e.getCode() == 403 ? "; grant the service account get/list/watch on pods, nodes and "
                    + "egressgateways (see examples/kubernetes/rbac.yaml)" : ""), e);
        }
    }

    private DiscoveredGateway calico(Gateway configured, KubernetesSource source, String ns, String cloudProvider) {
        GenericKubernetesResource egw;
        try {
            egw = client.genericKubernetesResources(EGRESS_GATEWAY).inNamespace(ns).withName(source.name()).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                egw = null; // the CRD itself is missing
            } else {
                throw e;
            }
        }
        if (egw == null) {
            throw new DiscoveryException("gateway " + configured.name() + ": EgressGateway " + ns + "/" + source.name()
                    + " not found; check gateways[" + configured.name() + "].kubernetes (name, namespace), or use "
                    + "source: selector when the gateway is not a Calico Enterprise EgressGateway");
        }
        List<String> warnings = new ArrayList<>();
        Object replicasValue = egw.get("spec", "replicas");
        int replicas = replicasValue instanceof Number n ? n.intValue() : 1;
        Map<String, String> labels = new LinkedHashMap<>();
        Object templateLabels = egw.get("spec", "template", "metadata", "labels");
        if (templateLabels instanceof Map<?, ?> m && !m.isEmpty()) {
            m.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
        } else {
            labels.put(CALICO_EGW_LABEL, source.name());
        }
        Object nativeValue = egw.get("spec", "aws", "nativeIP");
        boolean nativeIp = "Enabled".equalsIgnoreCase(String.valueOf(nativeValue));
        List<String> specEips = strings(egw.get("spec", "aws", "elasticIPs"));
        List<IpPool> pools = pools(egw.get("spec", "ipPools"), warnings);

        List<Pod> pods = client.pods().inNamespace(ns).withLabels(labels).list().getItems();
        EventTarget owner = new EventTarget(egw.getApiVersion() == null ? "operator.tigera.io/v1" : egw.getApiVersion(),
                "EgressGateway", ns, source.name(), egw.getMetadata().getUid());
        GatewayMode mode = nativeIp ? GatewayMode.FIREWALL_ONLY : configured.mode();
        return classify(configured, source, pods, replicas, mode, specEips, pools, owner, cloudProvider, warnings);
    }

    private DiscoveredGateway selector(Gateway configured, KubernetesSource source, String ns, String cloudProvider) {
        List<Pod> pods = client.pods().inNamespace(ns).withLabelSelector(source.selector()).list().getItems();
        long live = pods.stream().filter(GatewayDiscovery::live).count();
        EventTarget owner = pods.stream().filter(GatewayDiscovery::live)
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getName()))
                .map(p -> controller(p).map(o -> new EventTarget(o.getApiVersion(), o.getKind(), ns, o.getName(),
                        o.getUid())).orElse(new EventTarget("v1", "Pod", ns, p.getMetadata().getName(),
                        p.getMetadata().getUid())))
                .findFirst().orElse(null);
        // A plain workload has no replica count to read without more privileges: the config's addresses fix the
        // number of slots (so a rolling update's surge pod waits for the slot of the pod it replaces); without
        // it, every live pod (pending included) gets a slot.
        int target = configured.addresses() > 0 ? configured.addresses() : (int) live;
        return classify(configured, source, pods, target, configured.mode(), List.of(), List.of(), owner,
                cloudProvider, new ArrayList<>());
    }

    private DiscoveredGateway classify(Gateway configured, KubernetesSource source, List<Pod> pods, int target,
                                       GatewayMode mode, List<String> specEips, List<IpPool> pools, EventTarget owner,
                                       String cloudProvider, List<String> warnings) {
        List<Pod> sorted = new ArrayList<>(pods);
        sorted.sort(Comparator.comparing((Pod p) -> created(p)).thenComparing(p -> p.getMetadata().getName()));
        Map<String, Optional<Node>> nodes = new HashMap<>();
        List<GatewayPod> eligible = new ArrayList<>();
        List<SkippedPod> skipped = new ArrayList<>();
        Set<String> eips = new LinkedHashSet<>();
        for (Pod p : sorted) {
            String ns = p.getMetadata().getNamespace();
            String name = p.getMetadata().getName();
            String nodeName = p.getSpec() == null ? null : p.getSpec().getNodeName();
            String ip = p.getStatus() == null ? null : blankToNull(p.getStatus().getPodIP());
            String why = unusable(p, ip, nodeName);
            NodeRef ref = null;
            if (why == null) {
                Optional<Node> node = nodes.computeIfAbsent(nodeName,
                        n -> Optional.ofNullable(client.nodes().withName(n).get()));
                String providerId = node.map(n -> n.getSpec() == null ? null : n.getSpec().getProviderID())
                        .map(GatewayDiscovery::blankToNull).orElse(null);
                if (node.isEmpty()) {
                    why = "node " + nodeName + " not found";
                } else if (providerId == null) {
                    why = "node " + nodeName + " has no spec.providerID (not a cloud node, or the cloud controller "
                            + "has not initialised it yet)";
                } else {
                    try {
                        ref = NodeRef.parse(providerId);
                        if (ref.instance().startsWith("fargate-")) {
                            why = "node " + nodeName + " is an AWS Fargate node, which cannot hold secondary IPs";
                        } else if (cloudProvider != null && !cloudProvider.equals(ref.cloud())) {
                            why = "unsupported cloud: node " + nodeName + " is on " + ref.cloud() + " but gateway "
                                    + configured.name() + "'s cloud account " + configured.cloud() + " is "
                                    + cloudProvider;
                        }
                    } catch (IllegalArgumentException e) {
                        why = "unsupported cloud: node " + nodeName + ": " + e.getMessage();
                    }
                }
            }
            if (why != null) {
                skipped.add(new SkippedPod(ns, name, nodeName, ip, why));
                continue;
            }
            List<String> podEips = strings(parseJsonList(annotation(p, AWS_ELASTIC_IPS)));
            eips.addAll(podEips);
            eligible.add(new GatewayPod(ns, name, p.getMetadata().getUid(), ip, nodeName, ref, created(p),
                    recordedSlot(p, configured.name()), podEips));
            if (!pools.isEmpty() && pools.stream().noneMatch(pool -> contains(pool.cidr(), ip))) {
                warnings.add("pod " + ns + "/" + name + " has IP " + ip + ", outside the gateway's IP pools");
            }
        }
        if (eips.isEmpty()) {
            eips.addAll(specEips);
        }
        List<String> elasticIps = new ArrayList<>();
        for (String e : eips) {
            if (IpLiteral.problem(e) == null) {
                elasticIps.add(e);
            } else {
                warnings.add("Elastic IP '" + e + "' is not an IP address (an allocation id?): it cannot be published;"
                        + " list the Elastic IPs by address in spec.aws.elasticIPs");
            }
        }
        int cap = configured.addresses();
        int slots = target;
        if (cap > 0 && target > cap) {
            warnings.add("gateway " + configured.name() + " wants " + target + " slots but addresses: " + cap
                    + " caps it; raise addresses in the config to give every replica an address");
            slots = cap;
        }
        return new DiscoveredGateway(configured.name(), source, slots, mode, eligible, skipped, elasticIps, pools,
                owner, warnings);
    }

    private static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : " " + c.getMessage());
    }

    /** Why a pod cannot hold a slot (before looking at its node), or null. */
    private static String unusable(Pod p, String ip, String nodeName) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return "terminating";
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        if (!"Running".equals(phase)) {
            return "pod is " + (phase == null ? "Pending" : phase) + ", not Running";
        }
        boolean ready = p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch((PodCondition c) -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        if (!ready) {
            return "pod is not ready";
        }
        if (ip == null) {
            return "pod has no IP yet";
        }
        if (nodeName == null) {
            return "pod is not scheduled on a node";
        }
        return null;
    }

    /** Not terminating and not finished: counts towards the replicas a selector gateway wants. */
    static boolean live(Pod p) {
        if (p.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return !"Succeeded".equals(phase) && !"Failed".equals(phase);
    }

    private static Optional<OwnerReference> controller(Pod p) {
        List<OwnerReference> refs = p.getMetadata().getOwnerReferences();
        if (refs == null) {
            return Optional.empty();
        }
        return refs.stream().filter(r -> Boolean.TRUE.equals(r.getController())).findFirst()
                .or(() -> refs.stream().findFirst());
    }

    private static SlotId recordedSlot(Pod p, String gateway) {
        String text = annotation(p, KubernetesStatus.SLOT_ANNOTATION);
        if (text == null) {
            return null;
        }
        try {
            SlotId id = SlotId.parse(text.trim());
            return id.gateway().equals(gateway) ? id : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static String annotation(Pod p, String key) {
        Map<String, String> a = p.getMetadata().getAnnotations();
        return a == null ? null : blankToNull(a.get(key));
    }

    private static Instant created(Pod p) {
        String ts = p.getMetadata().getCreationTimestamp();
        if (ts == null) {
            return Instant.EPOCH;
        }
        try {
            return Instant.parse(ts);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private List<IpPool> pools(Object specPools, List<String> warnings) {
        if (!(specPools instanceof List<?> wanted) || wanted.isEmpty()) {
            return List.of();
        }
        List<GenericKubernetesResource> all = new ArrayList<>();
        for (ResourceDefinitionContext ctx : List.of(IP_POOL_V3, IP_POOL_CRD)) {
            try {
                all = client.genericKubernetesResources(ctx).list().getItems();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 403) {
                    throw e;
                }
                all = List.of();
            }
            if (!all.isEmpty()) {
                break;
            }
        }
        List<IpPool> found = new ArrayList<>();
        for (Object w : wanted) {
            if (!(w instanceof Map<?, ?> m)) {
                continue;
            }
            Object name = m.get("name");
            Object cidr = m.get("cidr");
            Optional<GenericKubernetesResource> pool = all.stream().filter(r ->
                    (name != null && name.equals(r.getMetadata().getName()))
                            || (cidr != null && cidr.equals(r.get("spec", "cidr")))).findFirst();
            if (pool.isEmpty()) {
                warnings.add("IP pool " + (name != null ? name : cidr) + " of the EgressGateway was not found "
                        + "(neither projectcalico.org/v3 nor crd.projectcalico.org/v1)");
                continue;
            }
            GenericKubernetesResource r = pool.get();
            found.add(new IpPool(r.getMetadata().getName(), stringOrNull(r.get("spec", "cidr")),
                    stringOrNull(r.get("spec", "awsSubnetID")), Boolean.TRUE.equals(r.get("spec", "disabled"))));
        }
        return found;
    }

    private static Object parseJsonList(String text) {
        if (text == null) {
            return List.of();
        }
        try {
            return JSON.readValue(text, new TypeReference<List<Object>>() { });
        } catch (java.io.IOException e) {
            return List.of();
        }
    }

    private static List<String> strings(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(Objects::nonNull).map(String::valueOf).map(String::trim)
                .filter(s -> !s.isEmpty()).toList();
    }

    private static String stringOrNull(Object o) {
        return o == null ? null : o.toString();
    }

    static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    /** Whether an IPv4 {@code cidr} contains {@code ip} (false for anything else). */
    static boolean contains(String cidr, String ip) {
        if (cidr == null || !IPV4.matcher(ip).matches()) {
            return false;
        }
        int slash = cidr.indexOf('/');
        String base = slash < 0 ? cidr : cidr.substring(0, slash);
        if (!IPV4.matcher(base).matches()) {
            return false;
        }
        int bits = slash < 0 ? 32 : Integer.parseInt(cidr.substring(slash + 1));
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (v4(base) & mask) == (v4(ip) & mask);
    }

    private static long v4(String ip) {
        long v = 0;
        for (String part : ip.split("\\.")) {
            v = (v << 8) | Integer.parseInt(part);
        }
        return v;
    }
}
