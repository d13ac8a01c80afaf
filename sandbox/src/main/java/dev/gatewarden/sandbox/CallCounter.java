package dev.gatewarden.sandbox;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counts the requests a simulator served, per operation. Tests assert on it (batching, no per-object calls). On
 * request ({@link #keepSpans}) it also keeps when each request started and ended ({@link System#nanoTime}), so a
 * benchmark can tell how many of them had to wait for one another.
 */
public final class CallCounter {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final List<Span> spans = new ArrayList<>();
    private volatile boolean keepSpans;

    /** One served request: its operation, and when it arrived and was answered (nanoTime). */
    public record Span(String operation, long startNanos, long endNanos) {
    }

    /** Starts (or stops) keeping a {@link Span} per request; off by default, as the list grows with every call. */
    public void keepSpans(boolean keep) {
        keepSpans = keep;
    }

    void span(String operation, long startNanos, long endNanos) {
        if (keepSpans) {
            synchronized (spans) {
                spans.add(new Span(operation, startNanos, endNanos));
            }
        }
    }

    /** The spans kept since the last {@link #reset}, in the order the requests ended. */
    public List<Span> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

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
        synchronized (spans) {
            spans.clear();
        }
    }
}
