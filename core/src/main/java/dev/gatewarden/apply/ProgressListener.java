package dev.gatewarden.apply;

import dev.gatewarden.plan.Phase;

/** Told about each change as its outcome becomes known, e.g. to print progress. Must not throw. */
@FunctionalInterface
public interface ProgressListener {

    ProgressListener NONE = (phase, n, total, result) -> { };

    /**
     * @param n     1-based position of the change in the run
     * @param total number of changes in the plan
     */
    void changed(Phase phase, int n, int total, ChangeResult result);

    /**
     * Called when a phase with at least one change starts; for {@link Phase#STATUS}, when status is written,
     * with the number of slots instead of changes.
     */
    default void phaseStarted(Phase phase, int changes) {
    }
}
