package dev.gatewarden.spi;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts API calls per target and operation, for the apply report and the {@code calls} JSON. Thread-safe. */
public final class CallRecorder {
    private final Map<String, Map<String, LongAdder>> counts = new ConcurrentHashMap<>();

    public void record(String target, String operation) {
        counts.computeIfAbsent(target, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(operation, o -> new LongAdder()).increment();
    }

    public long count(String target, String operation) {
        Map<String, LongAdder> m = counts.get(target);
        LongAdder a = m == null ? null : m.get(operation);
        return a == null ? 0 : a.sum();
    }

    public long total(String target) {
        Map<String, LongAdder> m = counts.get(target);
        return m == null ? 0 : m.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** target → operation → count, sorted. */
    public Map<String, Map<String, Long>> snapshot() {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        counts.forEach((t, ops) -> {
            Map<String, Long> m = new TreeMap<>();
            ops.forEach((o, a) -> m.put(o, a.sum()));
            out.put(t, m);
        });
        return out;
    }
}
