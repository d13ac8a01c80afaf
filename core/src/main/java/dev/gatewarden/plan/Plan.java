package dev.gatewarden.plan;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of changes (by phase, then target, slot and action: deterministic), the things deliberately
 * not done with their reasons, and warnings. Empty when nothing differs.
 *
 * @param observedFingerprint a digest of the observed state the plan was computed from; a saved plan is
 *                            refused when the world moved underneath it
 */
public record Plan(String owner, List<Change> changes, List<Skip> skipped, List<String> warnings,
                   String observedFingerprint) {

    public static final Comparator<Change> ORDER = Comparator
            .comparingInt((Change c) -> c.phase().number())
            .thenComparing(Change::target)
            .thenComparing(c -> c.slot() == null ? "" : c.slot().gateway())
            .thenComparingInt(c -> c.slot() == null ? -1 : c.slot().index())
            // a slot's private IP moves before its public IP is associated with it on the new node
            .thenComparingInt(c -> c instanceof CloudChange.MovePrivate ? 0 : 1)
            .thenComparing(Change::action)
            .thenComparing(Change::summary);

    public Plan {
        Objects.requireNonNull(owner, "owner");
        changes = changes.stream().sorted(ORDER).toList();
        skipped = List.copyOf(skipped);
        warnings = List.copyOf(warnings);
    }

    @JsonIgnore
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /**
     * The skipped items that leave the world short of the configuration for safety's sake: releases held back, targets
     * that could not be observed, retirements held by the deletion guard. A plan with any is not converged even when
     * it has no change.
     */
    @JsonIgnore
    public List<Skip> heldBack() {
        return skipped.stream().filter(s -> s.kind() == Skip.Kind.HELD || s.kind() == Skip.Kind.UNAVAILABLE
                || s.kind() == Skip.Kind.GUARD).toList();
    }

    public List<Change> inPhase(Phase phase) {
        return changes.stream().filter(c -> c.phase() == phase).toList();
    }

    public Plan withFingerprint(String fingerprint) {
        return new Plan(owner, changes, skipped, warnings, fingerprint);
    }
}
