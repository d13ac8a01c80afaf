package dev.gatewarden.reconcile;

import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.apply.Executor;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.Planner;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.FirewallAdapter;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One reconcile: observe every target, plan (pure), apply. Used by the CLI's {@code plan}, {@code apply} and
 * {@code reconcile}, and by the Kubernetes job.
 */
public final class Reconciler {
    private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);
    private final Map<String, CloudProvider> clouds;
    private final Map<String, FirewallAdapter> firewalls;
    private final Executor executor;

    public Reconciler(Map<String, CloudProvider> clouds, Map<String, FirewallAdapter> firewalls, Executor executor) {
        this.clouds = Map.copyOf(clouds);
        this.firewalls = Map.copyOf(firewalls);
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /** The observed state and the plan computed from it (carrying its fingerprint). */
    public record Planned(ObservedState observed, Plan plan) {
    }

    /** What one round did. */
    public record Round(Planned planned, ApplyReport report) {
        public boolean ok() {
            return report == null || report.ok();
        }
    }

    /**
     * This reconciler with every cloud provider and firewall adapter wrapped (e.g. the Kubernetes job's leader gate on
     * every write), sharing the executor.
     */
    public Reconciler wrapped(UnaryOperator<Map<String, CloudProvider>> cloudWrapper,
                              UnaryOperator<Map<String, FirewallAdapter>> firewallWrapper) {
        return new Reconciler(cloudWrapper.apply(clouds), firewallWrapper.apply(firewalls), executor);
    }

    /** An execution context for {@code owner} that reaches this reconciler's clouds and firewalls. */
    public ExecutionContext.Builder context(String owner) {
        return ExecutionContext.builder(owner).clouds(clouds).firewalls(firewalls);
    }

    public ObservedState observe(DesiredState desired) {
        return Observation.observe(desired, clouds, firewalls);
    }

    public Planned plan(DesiredState desired, PlannerOptions options) {
        return plan(desired, observe(desired), options);
    }

    /** The plan from an observation already taken (e.g. the Kubernetes job's, which binds pods to slots with it). */
    public Planned plan(DesiredState desired, ObservedState observed, PlannerOptions options) {
        Plan plan = Planner.plan(desired, observed, options).withFingerprint(Fingerprint.of(observed));
        return new Planned(observed, plan);
    }

    /**
     * Records, for each intent in the audit log whose outcome is unknown, what this round observed on its target
     * ({@link IntentResolver}); nothing is written when there is none.
     */
    public void resolveIntents(Planned planned, ExecutionContext context) {
        if (context.dryRun()) {
            return;
        }
        for (var e : IntentResolver.resolutions(context.audit().openIntents(), planned.observed(), context.owner())) {
            LOG.warn("audit: {}", e.message());
            context.audit().append(e);
        }
    }

    /** Records each drift the plan repairs ({@link DriftDetector}) in the audit log, then applies the plan. */
    public ApplyReport apply(Planned planned, ExecutionContext context) {
        if (!context.dryRun()) {
            for (DriftDetector.Drift d : DriftDetector.detect(planned.plan(), planned.observed())) {
                LOG.warn("drift: {}; repairing", d.summary());
                context.audit().append(d.auditEntry(context.owner()));
            }
        }
        return executor.apply(planned.plan(), planned.observed(), context);
    }

    /** Observe, plan and apply; a plan with no change writes nothing. */
    public Round reconcileOnce(DesiredState desired, PlannerOptions options, ExecutionContext context) {
        return reconcileOnce(desired, observe(desired), options, context);
    }

    /**
     * Plan from {@code observed}, resolve the audit log's open intents with it and apply; a plan with no change
     * writes nothing.
     */
    public Round reconcileOnce(DesiredState desired, ObservedState observed, PlannerOptions options,
                               ExecutionContext context) {
        Planned planned = plan(desired, observed, options);
        resolveIntents(planned, context);
        if (planned.plan().isEmpty()) {
            LOG.info("no change: {} clouds and {} firewalls match the desired state", clouds.size(), firewalls.size());
            return new Round(planned, null);
        }
        return new Round(planned, apply(planned, context));
    }
}
