package dev.gatewarden.apply;

import dev.gatewarden.plan.Change;
import java.time.Instant;
import java.util.Objects;

/**
 * One change of a plan and what became of it.
 *
 * @param change  the change with the values resolved during the run filled in (e.g. the new IP of a publish)
 * @param message why it failed or was skipped, or a note (e.g. attached without confirmation); may be null
 * @param at      when the outcome was known
 * @param transientFailure failed for a reason the vendor reports as temporary ({@code ProviderException#isTransient}:
 *                throttling, a 5xx, a configuration lock, not the leader): the same change may succeed on a retry
 */
public record ChangeResult(Change change, Outcome outcome, String message, Instant at, boolean transientFailure) {
    public ChangeResult {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
        if (transientFailure && outcome != Outcome.FAILED) {
            throw new IllegalArgumentException("only a failure is transient");
        }
    }

    public ChangeResult(Change change, Outcome outcome, String message, Instant at) {
        this(change, outcome, message, at, false);
    }
}
