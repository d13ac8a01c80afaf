package dev.gatewarden.bench;

import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.sandbox.CallCounter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the scenarios (apply from empty, no-op plan, no-op apply, 1 % churn, remove-all) at each size and simulated
 * round-trip time, and writes one table as Markdown and JSON.
 *
 * <pre>
 * Bench [--sizes 10,100,1000,4000] [--rtts 0,20,100] [--out target/bench] [--warmup 10]
 * </pre>
 * The warm-up (a world of that many slots at 0 ms, not reported; 0 for none) keeps class loading and the JIT's first
 * compilations out of the first row.
 */
public final class Bench {
    /** A scenario: the layout it starts from and goes to, and whether it applies. */
    private record Scenario(String name, Layout before, Layout after, boolean apply) {
    }

    private Bench() {
    }

    public static void main(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>(Map.of("--sizes", "10,100", "--rtts", "0", "--out",
                "target/bench", "--warmup", "10"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!opts.containsKey(args[i])) {
                throw new IllegalArgumentException("unknown option " + args[i] + "; expected " + opts.keySet());
            }
            opts.put(args[i], args[i + 1]);
        }
        Path out = Path.of(opts.get("--out"));
        int warmup = Integer.parseInt(opts.get("--warmup"));
        if (warmup > 0) {
            run(List.of(warmup), List.of(0), out.resolve("warmup"));
        }
        List<Row> rows = run(ints(opts.get("--sizes")), ints(opts.get("--rtts")), out);
        System.out.print(Report.markdown(rows));
    }

    static List<Integer> ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).map(Integer::valueOf).toList();
    }

    /** Every size at every RTT, in a fresh world each; writes bench.md and bench.json into {@code out}. */
    static List<Row> run(List<Integer> sizes, List<Integer> rtts, Path out) {
        List<Row> rows = new ArrayList<>();
        try {
            Files.createDirectories(out);
            for (int size : sizes) {
                for (int rtt : rtts) {
                    rows.addAll(world(size, rtt, Files.createTempDirectory(out, "world-" + size + "-" + rtt + "-")));
                }
            }
            Files.writeString(out.resolve("bench.md"), Report.markdown(rows));
            Files.writeString(out.resolve("bench.json"), Report.json(rows));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    /** The five scenarios, in order, on one world of {@code size} slots with {@code rttMillis} added per request. */
    static List<Row> world(int size, int rttMillis, Path dir) {
        Layout full = Layout.of(size);
        Layout empty = full.emptied();
        Layout churned = full.churned();
        List<Scenario> scenarios = List.of(
                new Scenario("apply from empty", empty, full, true),
                new Scenario("no-op plan", full, full, false),
                new Scenario("no-op apply", full, full, true),
                new Scenario("1 % churn", full, churned, true),
                new Scenario("remove all", churned, churned.emptied(), true));
        List<Row> rows = new ArrayList<>();
        try (Bed bed = new Bed(full, dir)) {
            Map<String, CallCounter> counters = new LinkedHashMap<>();
            bed.targets().forEach((t, s) -> counters.put(t, s.calls()));
            for (Scenario s : scenarios) {
                bed.latency(Duration.ofMillis(rttMillis));
                Measured.Probe probe = new Measured.Probe(counters);
                Reconciler.Round round = bed.round(s.after(), s.apply());
                Measured m = probe.stop();
                bed.latency(Duration.ZERO);
                String problem = check(bed, s, round);
                rows.add(new Row(s.name(), size, rttMillis, m, Minimum.of(s.before(), s.after(), s.apply(),
                        Bed.COMMIT_POLLS), problem));
            }
        }
        return rows;
    }

    /** Null when the round did what it should (applied rounds: a following plan is empty), else what went wrong. */
    private static String check(Bed bed, Scenario s, Reconciler.Round round) {
        if (!round.ok()) {
            var report = round.report();
            String first = report.results().stream().filter(r -> r.message() != null).map(r -> r.message())
                    .findFirst().orElse("no message");
            return "the round did not succeed: " + report.counts() + "; first: " + first;
        }
        if (!s.apply()) {
            return round.planned().plan().isEmpty() ? null : "a no-op plan has changes: " + round.planned().plan();
        }
        var after = bed.round(s.after(), false).planned().plan();
        return after.isEmpty() ? null : "not converged, the next plan has " + after.changes().size() + " changes";
    }

    /** One scenario's line of the table. */
    record Row(String scenario, int slots, int rttMillis, Measured measured, Minimum.Count minimum, String problem) {
        double ratio() {
            return minimum.total() == 0 ? Double.NaN : (double) measured.total() / minimum.total();
        }

        double roundTripRatio() {
            return minimum.roundTrips() == 0 ? Double.NaN : (double) measured.roundTrips() / minimum.roundTrips();
        }

        static Comparator<Row> order() {
            return Comparator.comparingInt(Row::slots).thenComparingInt(Row::rttMillis);
        }
    }
}
