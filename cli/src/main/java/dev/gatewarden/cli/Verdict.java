package dev.gatewarden.cli;

import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.apply.Outcome;
import dev.gatewarden.plan.Skip;
import dev.gatewarden.reconcile.Reconciler;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Whether a plan or an apply did (or can do) everything the configuration asks; when not, what could not be seen
 * or was not allowed. One rule behind every exit code, the {@code ok} of the JSON and the closing line of the
 * tables, so that they never disagree.
 *
 * <p>Not ok: a target that could not be observed; a skipped item of any kind other than {@code not-owned} (a
 * foreign object left alone) and {@code policy} (what the configuration chose): {@code unavailable},
 * {@code guard}, {@code conflict}, {@code invalid} and every kind added later (a release held back for safety,
 * …) count against it; a change that {@code failed} or was {@code skipped}.
 *
 * @param problems one line per thing not seen, not allowed or not done, in a stable order; empty when ok
 */
record Verdict(List<String> problems) {
    /** Skip kinds that are the configuration's own choice or an object that is not ours: they do not fail a run. */
    private static final Set<Skip.Kind> INFORMATIONAL = Set.of(Skip.Kind.NOT_OWNED, Skip.Kind.POLICY);

    Verdict {
        problems = List.copyOf(problems);
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /** The verdict of a plan, and of its apply when {@code report} is not null. */
    static Verdict of(Reconciler.Planned planned, ApplyReport report) {
        List<String> out = new ArrayList<>();
        new TreeMap<>(planned.observed().unavailable()).forEach((target, why) ->
                out.add(target + " could not be observed: " + why));
        Map<String, Integer> held = new TreeMap<>();
        for (Skip s : planned.plan().skipped()) {
            if (!INFORMATIONAL.contains(s.kind())) {
                held.merge(s.kind().label(), 1, Integer::sum);
            }
        }
        held.forEach((kind, n) -> out.add(n + " item(s) not done [" + kind + "] (listed under 'Not done')"));
        if (report != null) {
            for (Outcome o : List.of(Outcome.FAILED, Outcome.SKIPPED)) {
                List<ChangeResult> rs = report.withOutcome(o);
                if (!rs.isEmpty()) {
                    out.add(rs.size() + " change(s) " + o.label());
                }
            }
        }
        return new Verdict(out);
    }
}
