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
 */
public record ChangeResult(Change change, Outcome outcome, String message, Instant at) {
    public ChangeResult {
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(at, "at");
    }
}
