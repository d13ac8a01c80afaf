package dev.gatewarden.kubernetes;

import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.reconcile.Reconciler;
import java.util.Map;

/**
 * What one round over the cluster found and did.
 *
 * @param snapshot  the cluster, the binding, the desired and observed state
 * @param planned   the plan and what it was computed from
 * @param report    what the executor did; null when the plan was empty (nothing written)
 * @param annotated pods whose slot annotation was written before applying
 * @param events    events recorded
 */
public record ClusterRound(Snapshot snapshot, Reconciler.Planned planned, ApplyReport report, int annotated,
                           int events) {

    /**
     * The state of the world at the start of a round.
     *
     * @param discovered per discovered gateway: its pods and what was skipped
     * @param bindings   per discovered gateway: which pod holds which slot
     */
    public record Snapshot(Map<String, DiscoveredGateway> discovered, Map<String, SlotBinding> bindings,
                           DesiredState desired, ObservedState observed) {
        public Snapshot {
            discovered = Map.copyOf(discovered);
            bindings = Map.copyOf(bindings);
        }
    }

    /** Every change succeeded and every target could be observed. */
    public boolean ok() {
        return (report == null || report.ok()) && planned.observed().unavailable().isEmpty();
    }

    public boolean changed() {
        return report != null;
    }
}
