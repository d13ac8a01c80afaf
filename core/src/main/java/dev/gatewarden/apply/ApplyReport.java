package dev.gatewarden.apply;

import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What an {@link Executor} run did.
 *
 * @param results  one per change of the plan, in execution order
 * @param calls    API calls made, target → operation → count (from the run's {@code CallRecorder})
 * @param warnings things worth knowing that are not a change (e.g. the status could not be written back)
 * @param dryRun   nothing was called
 */
public record ApplyReport(List<ChangeResult> results, Map<String, Map<String, Long>> calls, List<String> warnings,
                          boolean dryRun) {
    public ApplyReport {
        results = List.copyOf(results);
        calls = Collections.unmodifiableMap(new java.util.TreeMap<>(calls));
        warnings = List.copyOf(warnings);
    }

    /** True when no change failed or was skipped (a dry run is ok). */
    public boolean ok() {
        return results.stream().noneMatch(r -> r.outcome() == Outcome.FAILED || r.outcome() == Outcome.SKIPPED);
    }

    /**
     * True when changes failed and every failure is transient ({@link ChangeResult#transientFailure}): worth a
     * retry soon (with backoff) rather than waiting for the next resync. A permanent failure needs a change first.
     */
    public boolean retrySoon() {
        List<ChangeResult> failed = withOutcome(Outcome.FAILED);
        return !failed.isEmpty() && failed.stream().allMatch(ChangeResult::transientFailure);
    }

    /** How many changes ended with each outcome (every outcome present, 0 when none). */
    public Map<Outcome, Long> counts() {
        Map<Outcome, Long> m = new EnumMap<>(Outcome.class);
        for (Outcome o : Outcome.values()) {
            m.put(o, 0L);
        }
        results.forEach(r -> m.merge(r.outcome(), 1L, Long::sum));
        return Collections.unmodifiableMap(m);
    }

    public long count(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /** The results with the given outcome, in execution order. */
    public List<ChangeResult> withOutcome(Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).toList();
    }
}
