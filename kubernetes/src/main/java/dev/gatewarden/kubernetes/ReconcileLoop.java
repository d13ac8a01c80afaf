package dev.gatewarden.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The reconcile job's loop: a round shortly after a change in the cluster (debounced: a burst of watch events
 * gives one round) and a full resync every {@code interval}. Rounds run one at a time on the given scheduler;
 * one that throws is logged and counted, and the next one runs. While the {@link WriteGate} is closed (not the
 * leader) rounds are skipped: a standby instance neither reads the clouds nor writes anything.
 */
public final class ReconcileLoop implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReconcileLoop.class);

    /** One round (e.g. {@link ClusterReconciler#reconcileOnce()}). */
    @FunctionalInterface
    public interface Round {
        ClusterRound run();
    }

    private final Round round;
    private final WriteGate gate;
    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final Duration interval;
    private final Duration debounce;
    private final ReconcileMetrics metrics;
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicLong rounds = new AtomicLong();
    private final AtomicLong lastTick;
    private final AtomicReference<ClusterRound> last = new AtomicReference<>();
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private volatile Consumer<ClusterRound> listener = r -> { };
    private volatile Consumer<RuntimeException> errorListener = e -> { };
    private volatile boolean started;

    /**
     * @param scheduler runs the rounds; must be single-threaded so that rounds never overlap (owned by the loop:
     *                  shut down on {@link #close()})
     * @param debounce  how long after a change the round starts (further changes meanwhile join it)
     */
    public ReconcileLoop(Round round, WriteGate gate, ScheduledExecutorService scheduler, Clock clock,
                         Duration interval, Duration debounce, ReconcileMetrics metrics) {
        this.round = Objects.requireNonNull(round, "round");
        this.gate = gate == null ? WriteGate.OPEN : gate;
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.interval = Objects.requireNonNull(interval, "interval");
        this.debounce = debounce == null ? Duration.ofSeconds(2) : debounce;
        this.metrics = metrics == null ? new ReconcileMetrics() : metrics;
        this.lastTick = new AtomicLong(this.clock.millis());
        if (interval.isZero() || interval.isNegative()) {
            throw new IllegalArgumentException("interval must be positive");
        }
    }

    /** Called after each round that ran (for tests and benchmarks). */
    public ReconcileLoop onRound(Consumer<ClusterRound> l) {
        listener = l == null ? r -> { } : l;
        return this;
    }

    /** Called after each round that threw (e.g. a discovery failure). */
    public ReconcileLoop onError(Consumer<RuntimeException> l) {
        errorListener = l == null ? e -> { } : l;
        return this;
    }

    /** Starts the periodic resync (the first round right away). */
    public synchronized ReconcileLoop start() {
        if (!started) {
            started = true;
            scheduler.scheduleWithFixedDelay(() -> runRound("resync"), 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /** Asks for a round soon (debounced). Cheap; safe from any thread, e.g. an informer's. */
    public void request(String why) {
        if (pending.compareAndSet(false, true)) {
            LOG.debug("round requested: {}", why);
            try {
                scheduler.schedule(() -> runRound(why), debounce.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                pending.set(false);
            }
        }
    }

    private void runRound(String why) {
        pending.set(false);
        lastTick.set(clock.millis());
        if (!gate.mayWrite()) {
            metrics.standby();
            return;
        }
        long n = rounds.incrementAndGet();
        MDC.put("round", Long.toString(n));
        Instant start = clock.instant();
        try {
            ClusterRound r = round.run();
            Instant end = clock.instant();
            metrics.round(r, Duration.between(start, end), end);
            last.set(r);
            lastError.set(r.ok() ? null : "round " + n + " had failures");
            if (r.report() == null) {
                LOG.info("round {} ({}): no change", n, why);
            } else {
                LOG.info("round {} ({}): {} applied, {} failed, {} skipped", n, why,
                        r.report().count(dev.gatewarden.apply.Outcome.SUCCEEDED),
                        r.report().count(dev.gatewarden.apply.Outcome.FAILED),
                        r.report().count(dev.gatewarden.apply.Outcome.SKIPPED));
            }
            r.planned().observed().unavailable().forEach((t, reason) ->
                    LOG.warn("round {}: {} could not be observed: {}", n, t, reason));
            listener.accept(r);
        } catch (RuntimeException e) {
            metrics.failed(Duration.between(start, clock.instant()));
            lastError.set(e.getMessage());
            LOG.error("round {} ({}) failed: {}; the next round retries", n, why, e.getMessage());
            errorListener.accept(e);
        } finally {
            lastTick.set(clock.millis());
            MDC.remove("round");
        }
    }

    /** Alive: the loop ticked within three intervals (plus a minute for a long round). */
    public boolean alive() {
        return !scheduler.isShutdown()
                && clock.millis() - lastTick.get() < interval.toMillis() * 3 + Duration.ofMinutes(1).toMillis();
    }

    public long rounds() {
        return rounds.get();
    }

    public ClusterRound lastRound() {
        return last.get();
    }

    /** The last round's failure, null when it succeeded. */
    public String lastError() {
        return lastError.get();
    }

    public ReconcileMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        try {
            scheduler.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
