package dev.gatewarden.sandbox;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Fault injection for one simulator: queue faults for the next N requests of an operation (or of any operation,
 * with {@link #ANY}), and add fixed latency to every request.
 */
public final class Faults {
    public static final String ANY = "*";
    private final Map<String, Deque<Fault>> queued = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    private final Map<String, Duration> latencyByOperation = new ConcurrentHashMap<>();

    /** The next {@code times} requests of {@code operation} fail with {@code fault}. */
    public Faults inject(String operation, Fault fault, int times) {
        Deque<Fault> q = queued.computeIfAbsent(operation, o -> new ArrayDeque<>());
        synchronized (q) {
            for (int i = 0; i < times; i++) {
                q.addLast(fault);
            }
        }
        return this;
    }

    public Faults inject(String operation, Fault fault) {
        return inject(operation, fault, 1);
    }

    public Faults latency(Duration perRequest) {
        this.latency = perRequest == null ? Duration.ZERO : perRequest;
        return this;
    }

    public Duration latency() {
        return latency;
    }

    /** Latency for one operation only (zero or null removes it); it replaces the all-request latency there. */
    public Faults latency(String operation, Duration perRequest) {
        if (perRequest == null || perRequest.isZero()) {
            latencyByOperation.remove(operation);
        } else {
            latencyByOperation.put(operation, perRequest);
        }
        return this;
    }

    /** The latency a request of {@code operation} gets: its own, else the all-request one. */
    public Duration latency(String operation) {
        return latencyByOperation.getOrDefault(operation, latency);
    }

    /** The faults still queued, per operation (for the admin endpoint). */
    public Map<String, Integer> pending() {
        Map<String, Integer> m = new java.util.TreeMap<>();
        queued.forEach((op, q) -> {
            synchronized (q) {
                if (!q.isEmpty()) {
                    m.put(op, q.size());
                }
            }
        });
        return m;
    }

    /** Takes the fault due for this request, if any: the operation's own queue first, then {@link #ANY}. */
    public Optional<Fault> next(String operation) {
        for (String key : new String[] {operation, ANY}) {
            Deque<Fault> q = queued.get(key);
            if (q != null) {
                synchronized (q) {
                    Fault f = q.pollFirst();
                    if (f != null) {
                        return Optional.of(f);
                    }
                }
            }
        }
        return Optional.empty();
    }

    public void clear() {
        queued.clear();
        latency = Duration.ZERO;
        latencyByOperation.clear();
    }
}
