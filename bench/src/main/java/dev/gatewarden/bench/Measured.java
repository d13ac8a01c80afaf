package dev.gatewarden.bench;

import dev.gatewarden.sandbox.CallCounter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one scenario cost, read from outside the engine: the simulators' own request counts and spans, the process's
 * CPU time (with the simulators' threads' share apart), wall time and the heap pools' peak.
 */
record Measured(Map<String, Map<String, Long>> calls, long roundTrips, double wallSeconds, double cpuSeconds,
                double simulatorCpuSeconds, double peakHeapMiB) {

    /** Starts measuring: resets the simulators' counters and the heap peaks, and reads the clocks. */
    static final class Probe {
        private final Map<String, CallCounter> counters;
        private final long wall;
        private final long cpu;
        private final long simCpu;

        Probe(Map<String, CallCounter> counters) {
            this.counters = counters;
            counters.values().forEach(c -> {
                c.reset();
                c.keepSpans(true);
            });
            System.gc();
            heapPools().forEach(MemoryPoolMXBean::resetPeakUsage);
            cpu = processCpuNanos();
            simCpu = simulatorCpuNanos();
            wall = System.nanoTime();
        }

        Measured stop() {
            long w = System.nanoTime() - wall;
            long c = processCpuNanos() - cpu;
            long s = simulatorCpuNanos() - simCpu;
            double peak = heapPools().stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum() / 1048576.0;
            Map<String, Map<String, Long>> calls = new TreeMap<>();
            List<CallCounter.Span> spans = new ArrayList<>();
            counters.forEach((target, counter) -> {
                counter.keepSpans(false);
                calls.put(target, counter.snapshot());
                spans.addAll(counter.spans());
            });
            return new Measured(calls, chain(spans), w / 1e9, c / 1e9, s / 1e9, peak);
        }
    }

    /**
     * The longest chain of requests of which each started after the one before had been answered: the requests
     * that had to wait for one another (all of them when the engine is sequential). Greedy by end time, which
     * finds the largest set of pairwise disjoint intervals.
     */
    static long chain(List<CallCounter.Span> spans) {
        List<CallCounter.Span> byEnd = new ArrayList<>(spans);
        byEnd.sort(Comparator.comparingLong(CallCounter.Span::endNanos));
        long n = 0;
        long free = Long.MIN_VALUE;
        for (CallCounter.Span s : byEnd) {
            if (s.startNanos() >= free) {
                n++;
                free = s.endNanos();
            }
        }
        return n;
    }

    long total() {
        return calls.values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    private static List<MemoryPoolMXBean> heapPools() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP).toList();
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    /** CPU of the simulators' server threads (named {@code sim-*}, and the JDK server's dispatchers). */
    private static long simulatorCpuNanos() {
        ThreadMXBean t = ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (ThreadInfo i : t.getThreadInfo(t.getAllThreadIds())) {
            if (i != null && (i.getThreadName().startsWith("sim-") || i.getThreadName().startsWith("HTTP-Dispatcher"))) {
                long c = t.getThreadCpuTime(i.getThreadId());
                sum += Math.max(0, c);
            }
        }
        return sum;
    }
}
