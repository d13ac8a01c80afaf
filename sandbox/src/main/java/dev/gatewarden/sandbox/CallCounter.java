package dev.gatewarden.sandbox;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts the requests a simulator served, per operation. Tests assert on it (batching, no per-object calls). */
public final class CallCounter {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();

    public void record(String operation) {
        counts.computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    public long count(String operation) {
        LongAdder a = counts.get(operation);
        return a == null ? 0 : a.sum();
    }

    public long total() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    public Map<String, Long> snapshot() {
        Map<String, Long> m = new TreeMap<>();
        counts.forEach((k, v) -> m.put(k, v.sum()));
        return m;
    }

    public void reset() {
        counts.clear();
    }
}
