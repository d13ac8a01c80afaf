package dev.gatewarden.kubernetes;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.Delayed;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * A single-threaded scheduler on virtual time for tests: nothing runs until {@link #advance} moves the time on, and
 * then every task due runs on the caller's thread, in due order. {@link #clock()} reads the same virtual time, so a
 * test neither sleeps nor depends on the machine's speed.
 */
final class ManualScheduler extends AbstractExecutorService implements ScheduledExecutorService {
    private final PriorityQueue<Task<?>> queue = new PriorityQueue<>();
    private long now = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    private long sequence;
    private boolean shutdown;

    /** The virtual time as a clock. */
    Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(now);
            }
        };
    }

    /** Moves the time on by {@code by}, running every task that falls due meanwhile (at its due time). */
    void advance(Duration by) {
        long until = now + by.toMillis();
        while (!queue.isEmpty() && queue.peek().due <= until) {
            Task<?> t = queue.poll();
            now = Math.max(now, t.due);
            t.run();
        }
        now = until;
    }

    /** How many tasks are waiting (periodic ones included). */
    int pending() {
        return queue.size();
    }

    private final class Task<V> extends FutureTask<V> implements ScheduledFuture<V> {
        private long due;
        private final long delay;
        private final long seq = sequence++;

        Task(Callable<V> work, long due, long delay) {
            super(work);
            this.due = due;
            this.delay = delay;
        }

        @Override
        public void run() {
            if (delay <= 0) {
                super.run();
            } else if (super.runAndReset() && !shutdown) {
                due = now + delay; // fixed delay: the next run counts from the end of this one
                queue.add(this);
            }
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return unit.convert(due - now, TimeUnit.MILLISECONDS);
        }

        @Override
        public int compareTo(Delayed o) {
            Task<?> other = (Task<?>) o;
            return due != other.due ? Long.compare(due, other.due) : Long.compare(seq, other.seq);
        }
    }

    private <V> Task<V> add(Callable<V> work, long delayMillis, long periodMillis) {
        if (shutdown) {
            throw new RejectedExecutionException("shut down");
        }
        Task<V> t = new Task<>(work, now + Math.max(0, delayMillis), periodMillis);
        queue.add(t);
        return t;
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, unit.toMillis(delay), 0);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
        return add(callable, unit.toMillis(delay), 0);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        throw new UnsupportedOperationException("the loop uses fixed delays");
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay, TimeUnit unit) {
        return add(() -> {
            command.run();
            return null;
        }, unit.toMillis(initialDelay), unit.toMillis(delay));
    }

    @Override
    public void execute(Runnable command) {
        schedule(command, 0, TimeUnit.MILLISECONDS);
    }

    @Override
    public void shutdown() {
        shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
        shutdown = true;
        List<Runnable> left = new ArrayList<>(queue);
        queue.clear();
        return left;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return true;
    }
}
