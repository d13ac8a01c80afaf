package dev.gatewarden.kubernetes;

import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.apply.Executor;
import dev.gatewarden.config.CloudAccount;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.KubernetesSource;
import dev.gatewarden.kubernetes.internal.Guarded;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.FirewallAdapter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * One reconcile of a config whose gateways are (partly) discovered in the cluster:
 * discover → observe → bind pods to slots → record the binding on the pods → plan (pure) → apply (the status
 * phase annotates the pods) → record events. A discovery failure fails the round before anything is written.
 */
public final class ClusterReconciler {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterReconciler.class);

    private final GatewardenConfig config;
    private final GatewayDiscovery discovery;
    private final KubernetesStatus status;
    private final Reconciler reconciler;
    private final PlannerOptions options;
    private final UnaryOperator<ExecutionContext.Builder> context;

    /**
     * @param gate    closes every write (cloud, firewall, cluster) when this instance is not the leader
     * @param context completes each round's execution context (audit sink, publish policy, call recorder, clock)
     */
    public ClusterReconciler(GatewardenConfig config, GatewayDiscovery discovery, KubernetesStatus status,
                             Map<String, CloudProvider> clouds, Map<String, FirewallAdapter> firewalls, WriteGate gate,
                             PlannerOptions options, UnaryOperator<ExecutionContext.Builder> context) {
        this(config, discovery, status, new Reconciler(clouds, firewalls, new Executor()), gate, options, context);
    }

    /**
     * @param reconciler the session's reconciler (its providers and adapters); every write of this job goes through
     *                   {@code gate}
     */
    public ClusterReconciler(GatewardenConfig config, GatewayDiscovery discovery, KubernetesStatus status,
                             Reconciler reconciler, WriteGate gate, PlannerOptions options,
                             UnaryOperator<ExecutionContext.Builder> context) {
        this.config = Objects.requireNonNull(config, "config");
        this.discovery = Objects.requireNonNull(discovery, "discovery");
        this.status = Objects.requireNonNull(status, "status");
        WriteGate g = gate == null ? WriteGate.OPEN : gate;
        this.reconciler = reconciler.wrapped(m -> Guarded.clouds(m, g), m -> Guarded.firewalls(m, g));
        this.options = options == null ? PlannerOptions.DEFAULTS : options;
        this.context = context == null ? UnaryOperator.identity() : context;
    }

    /** Discovers the gateways, observes clouds and firewalls and binds pods to slots. Writes nothing. */
    public ClusterRound.Snapshot snapshot() {
        Map<String, DiscoveredGateway> discovered = discover();
        // First pass: every eligible pod at the slot recorded on it (or a provisional one), so the observation
        // covers every node a pod is on.
        Map<String, SlotBinding> provisional = new LinkedHashMap<>();
        discovered.forEach((name, d) -> provisional.put(name,
                SlotBinder.bind(name, Integer.MAX_VALUE / 2, d.pods(), Map.of())));
        DesiredState first = ClusterDesiredState.build(config, discovered, provisional);
        ObservedState observed = reconciler.observe(first);

        Map<String, SlotBinding> bindings = new LinkedHashMap<>();
        for (Map.Entry<String, DiscoveredGateway> e : discovered.entrySet()) {
            DiscoveredGateway d = e.getValue();
            Gateway g = config.gateway(e.getKey()).orElseThrow();
            if (d.mode() == GatewayMode.FIREWALL_ONLY) {
                bindings.put(e.getKey(), SlotBinder.bind(e.getKey(), d.targetSlots(), d.pods(), Map.of()));
            } else if (!observed.available(g.cloud())) {
                // Without the cloud's view no slot can be matched safely: only recorded bindings stand this round.
                List<GatewayPod> recorded = d.pods().stream().filter(p -> p.recordedSlot() != null).toList();
                bindings.put(e.getKey(), SlotBinder.bind(e.getKey(), d.targetSlots(), recorded, Map.of()));
            } else {
                bindings.put(e.getKey(), SlotBinder.bind(e.getKey(), d.targetSlots(), d.pods(),
                        ClusterDesiredState.existing(observed, config.owner(), g)));
            }
        }
        DesiredState desired = ClusterDesiredState.build(config, discovered, bindings);
        if (!sameShape(first, desired)) {
            observed = reconciler.observe(desired); // nodes or names in scope changed with the final binding
        }
        return new ClusterRound.Snapshot(discovered, bindings, desired, observed);
    }

    /** One round. Writes only while the gate is open. */
    public ClusterRound reconcileOnce() {
        ClusterRound.Snapshot s = snapshot();
        s.discovered().values().forEach(d -> {
            d.skipped().forEach(p -> LOG.info("gateway {}: pod {} skipped: {}", d.gateway(), p.namespace() + "/"
                    + p.name(), p.reason()));
            d.warnings().forEach(w -> LOG.warn("gateway {}: {}", d.gateway(), w));
        });
        s.bindings().values().forEach(b -> b.unbound().forEach(p -> LOG.info("gateway {}: pod {} holds no slot: {}",
                b.gateway(), p.namespace() + "/" + p.name(), p.reason())));
        int annotated = status.recordBindings(s.discovered(), s.bindings());
        ExecutionContext ctx = context.apply(reconciler.context(config.owner()).naming(s.desired().naming())
                .status(status.sink(s.bindings()))).build();
        Reconciler.Round round = reconciler.reconcileOnce(s.desired(), s.observed(), options, ctx);
        ApplyReport report = round.report();
        int events = report == null ? 0 : status.recordEvents(report, s.discovered());
        return new ClusterRound(s, round.planned(), report, annotated, events);
    }

    private Map<String, DiscoveredGateway> discover() {
        Map<String, DiscoveredGateway> found = new LinkedHashMap<>();
        for (Map.Entry<String, KubernetesSource> e : config.kubernetes().entrySet()) {
            Gateway g = config.gateway(e.getKey()).orElse(null);
            if (g == null) {
                continue;
            }
            String provider = config.cloud(g.cloud()).map(CloudAccount::provider).orElse(null);
            MDC.put("gateway", g.name());
            try {
                found.put(g.name(), discovery.discover(g, e.getValue(), provider));
            } finally {
                MDC.remove("gateway");
            }
        }
        return found;
    }

    /** Same nodes and same slot addresses: the first observation still covers the final desired state. */
    private static boolean sameShape(DesiredState a, DesiredState b) {
        return shape(a).equals(shape(b));
    }

    private static List<String> shape(DesiredState d) {
        return d.slots().stream().map(ClusterReconciler::shape).sorted().toList();
    }

    private static String shape(DesiredSlot s) {
        return s.id() + "|" + s.privateIp() + "|" + s.fixedPublicIp() + "|" + (s.node() == null ? "" : s.node().key());
    }

    public GatewardenConfig config() {
        return config;
    }
}
