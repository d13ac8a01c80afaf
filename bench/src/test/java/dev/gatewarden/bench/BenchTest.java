package dev.gatewarden.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Runs the benchmark at the sizes and RTTs of {@code -Dbench.sizes} / {@code -Dbench.rtts} (CI: 10 slots, 0 ms) and
 * writes the table to {@code target/bench}; every scenario must converge and no measured count may fall below the
 * computed minimum (that would mean the minimum, or the counting, is wrong).
 */
class BenchTest {

    @Test
    void everyScenarioConvergesAndNoCountBeatsTheMinimum() throws Exception {
        List<Integer> sizes = Bench.ints(System.getProperty("bench.sizes", "10"));
        List<Integer> rtts = Bench.ints(System.getProperty("bench.rtts", "0"));
        Path out = Path.of(System.getProperty("bench.out", "target/bench"));
        List<Bench.Row> rows = Bench.run(sizes, rtts, out);
        assertEquals(sizes.size() * rtts.size() * 5, rows.size());
        for (Bench.Row r : rows) {
            assertNull(r.problem(), r.scenario() + " at " + r.slots());
            assertTrue(r.measured().total() >= r.minimum().total(), r.scenario() + ": " + r.measured().calls()
                    + " below the minimum " + r.minimum().calls());
            assertTrue(r.measured().roundTrips() >= r.minimum().roundTrips(), r.scenario() + " round trips "
                    + r.measured().roundTrips() + " below the minimum " + r.minimum().roundTrips());
        }
        assertTrue(Files.readString(out.resolve("bench.md")).contains("| no-op plan | " + sizes.get(0) + " |"));
        System.out.print(Report.markdown(rows));
    }

    @Test
    void theChainCountsOnlyRequestsThatWaitedForOneAnother() {
        var a = new dev.gatewarden.sandbox.CallCounter.Span("a", 0, 10);
        var b = new dev.gatewarden.sandbox.CallCounter.Span("b", 5, 15);
        var c = new dev.gatewarden.sandbox.CallCounter.Span("c", 10, 20);
        var d = new dev.gatewarden.sandbox.CallCounter.Span("d", 21, 30);
        assertEquals(3, Measured.chain(List.of(d, c, b, a)));
        assertEquals(1, Measured.chain(List.of(a, b)));
    }
}
