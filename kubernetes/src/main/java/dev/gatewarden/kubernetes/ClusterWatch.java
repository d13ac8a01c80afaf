package dev.gatewarden.kubernetes;

import dev.gatewarden.config.KubernetesSource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Informers on the gateways' pods, the nodes and the EgressGateways; each relevant change asks for a round.
 * Changes Gatewarden makes itself (annotations) and node heartbeats are not relevant: only what discovery reads
 * (a pod's phase, readiness, IP, node, labels, deletion; a node's provider ID; an EgressGateway's spec).
 */
public final class ClusterWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterWatch.class);
    private final KubernetesClient client;
    private final Map<String, KubernetesSource> sources;
    private final Consumer<String> onChange;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    /** @param onChange told what changed, e.g. {@code pod egress/payments-0} */
    public ClusterWatch(KubernetesClient client, Map<String, KubernetesSource> sources, Consumer<String> onChange) {
        this.client = Objects.requireNonNull(client, "client");
        this.sources = Map.copyOf(sources);
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    public synchronized ClusterWatch start() {
        String fallback = client.getNamespace() == null ? "default" : client.getNamespace();
        Set<String> podNamespaces = new TreeSet<>();
        Set<String> calicoNamespaces = new TreeSet<>();
        for (KubernetesSource s : sources.values()) {
            String ns = s.namespace() == null ? fallback : s.namespace();
            podNamespaces.add(ns);
            if (s.source() == KubernetesSource.Kind.CALICO) {
                calicoNamespaces.add(ns);
            }
        }
        for (String ns : podNamespaces) {
            add(client.pods().inNamespace(ns).runnableInformer(0), new Handler<>(ClusterWatch::podShape, "pod"),
                    "pods in " + ns);
        }
        add(client.nodes().runnableInformer(0), new Handler<>(ClusterWatch::nodeShape, "node"), "nodes");
        for (String ns : calicoNamespaces) {
            add(client.genericKubernetesResources(GatewayDiscovery.EGRESS_GATEWAY).inNamespace(ns).runnableInformer(0),
                    new Handler<>(ClusterWatch::egwShape, "egressgateway"), "EgressGateways in " + ns);
        }
        return this;
    }

    /**
     * Starts an informer without waiting for it: when the API server cannot be reached (or RBAC refuses the
     * watch), it keeps retrying in the background while the periodic resync carries on.
     */
    private <T extends io.fabric8.kubernetes.api.model.HasMetadata> void add(SharedIndexInformer<T> informer,
                                                                            Handler<T> handler, String what) {
        informer.addEventHandler(handler);
        informer.exceptionHandler((started, error) -> {
            LOG.warn("watching {} failed ({}); retrying", what, error.getMessage());
            return true;
        });
        informer.start();
        informers.add(informer);
    }

    /** Every informer has listed its resources once. */
    public boolean synced() {
        return informers.stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public synchronized void close() {
        informers.forEach(SharedIndexInformer::close);
        informers.clear();
    }

    static String podShape(Pod p) {
        var s = p.getStatus();
        boolean ready = s != null && s.getConditions() != null && s.getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return String.join("|", String.valueOf(s == null ? null : s.getPhase()), Boolean.toString(ready),
                String.valueOf(s == null ? null : s.getPodIP()),
                String.valueOf(p.getSpec() == null ? null : p.getSpec().getNodeName()),
                String.valueOf(p.getMetadata().getDeletionTimestamp()),
                String.valueOf(p.getMetadata().getLabels()));
    }

    static String nodeShape(Node n) {
        return String.valueOf(n.getSpec() == null ? null : n.getSpec().getProviderID());
    }

    static String egwShape(GenericKubernetesResource r) {
        return String.valueOf(r.getAdditionalProperties().get("spec"));
    }

    private final class Handler<T extends io.fabric8.kubernetes.api.model.HasMetadata>
            implements ResourceEventHandler<T> {
        private final java.util.function.Function<T, String> shape;
        private final String kind;

        Handler(java.util.function.Function<T, String> shape, String kind) {
            this.shape = shape;
            this.kind = kind;
        }

        private String name(T o) {
            String ns = o.getMetadata().getNamespace();
            return kind + " " + (ns == null ? "" : ns + "/") + o.getMetadata().getName();
        }

        @Override
        public void onAdd(T o) {
            onChange.accept(name(o) + " added");
        }

        @Override
        public void onUpdate(T before, T after) {
            if (!shape.apply(before).equals(shape.apply(after))) {
                onChange.accept(name(after) + " changed");
            }
        }

        @Override
        public void onDelete(T o, boolean unknownFinalState) {
            onChange.accept(name(o) + " deleted");
        }
    }
}
