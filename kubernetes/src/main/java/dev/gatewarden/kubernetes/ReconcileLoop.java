package dev.gatewarden.kubernetes;

import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.apply.ApplyReport;
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
 *
 * <p>A round whose failures are all transient ({@link ApplyReport#retrySoon()}: throttling, a 5xx, a configuration
 * lock, as the provider or adapter classified it in {@code ProviderException#isTransient}), or that threw a
 * transient {@code ProviderException}, is retried with exponential backoff (first after {@link #retryBackoff},
 * doubling, while that is shorter than the resync interval); a permanent failure waits for the resync (or a change),
 * since the same request would fail again.
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
    private volatile Duration retryFirst = Duration.ofSeconds(5);
    private final AtomicBoolean retryPending = new AtomicBoolean();
    /** Consecutive retries after transient failures (only touched by the rounds, which never overlap). */
    private int retries;

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

    /** The first retry's delay after a round with only transient failures (default 5 s; doubles per retry). */
    public ReconcileLoop retryBackoff(Duration first) {
        if (first == null || first.isZero() || first.isNegative()) {
            throw new IllegalArgumentException("retry backoff must be positive");
        }
        retryFirst = first;
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
        if (why.startsWith("retry")) {
            retryPending.set(false);
        } else {
            pending.set(false);
        }
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
            afterRound(r.report() != null && r.report().retrySoon());
            listener.accept(r);
        } catch (RuntimeException e) {
            metrics.failed(Duration.between(start, clock.instant()));
            lastError.set(e.getMessage());
            LOG.error("round {} ({}) failed: {}; the next round retries", n, why, e.getMessage());
            afterRound(e instanceof ProviderException pe && pe.isTransient());
            errorListener.accept(e);
        } finally {
            lastTick.set(clock.millis());
            MDC.remove("round");
        }
    }

    /** Schedules a retry with backoff after a round that failed transiently; resets the backoff otherwise. */
    private void afterRound(boolean transientOnly) {
        if (!transientOnly) {
            retries = 0;
            return;
        }
        long delay = retryFirst.toMillis() << Math.min(retries, 30);
        if (delay <= 0 || delay >= interval.toMillis()) {
            retries = 0;
            return; // the resync comes first anyway
        }
        retries++;
        if (retryPending.compareAndSet(false, true)) {
            metrics.retry();
            LOG.info("transient failures only; retry {} in {} ms", retries, delay);
            try {
                scheduler.schedule(() -> runRound("retry " + retries), delay, TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException stopped) {
                retryPending.set(false);
            }
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
