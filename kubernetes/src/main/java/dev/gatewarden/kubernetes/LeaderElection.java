package dev.gatewarden.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElector;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lease-based leader election ({@code coordination.k8s.io/v1} Lease, fabric8's {@code LeaderElector} with a
 * {@code LeaseLock}). The gate is open only while this instance holds the lease; it closes at once when the lease
 * is lost (renewal failed past the renew deadline) or released, and the instance then campaigns again.
 */
public final class LeaderElection implements WriteGate, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LeaderElection.class);

    /** The usual client-go timings: 15 s lease, 10 s renew deadline, 2 s retry. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        public static final Timing DEFAULT = new Timing(Duration.ofSeconds(15), Duration.ofSeconds(10),
                Duration.ofSeconds(2));

        public Timing {
            if (!(renewDeadline.compareTo(leaseDuration) < 0 && retryPeriod.compareTo(renewDeadline) < 0)) {
                throw new IllegalArgumentException("leader election needs retryPeriod < renewDeadline < leaseDuration");
            }
        }
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Timing timing;
    private final Consumer<Boolean> onChange;
    private final AtomicBoolean leader = new AtomicBoolean();
    private volatile String currentLeader;
    private volatile boolean closed;
    private volatile CompletableFuture<?> running;
    private volatile LeaderElector elector;

    /**
     * @param identity this instance's name in the lease (the pod name)
     * @param onChange told {@code true} when this instance starts leading, {@code false} when it stops
     */
    public LeaderElection(KubernetesClient client, String namespace, String leaseName, String identity, Timing timing,
                          Consumer<Boolean> onChange) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.leaseName = Objects.requireNonNull(leaseName, "leaseName");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.timing = timing == null ? Timing.DEFAULT : timing;
        this.onChange = onChange == null ? b -> { } : onChange;
    }

    /** Starts campaigning in the background. */
    public synchronized LeaderElection start() {
        if (closed || running != null) {
            return this;
        }
        campaign();
        return this;
    }

    private synchronized void campaign() {
        if (closed) {
            return;
        }
        LOG.info("campaigning for lease {}/{} as {}", namespace, leaseName, identity);
        LeaderElector e = client.leaderElector().withConfig(new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::started, this::stopped, this::newLeader))
                .build()).build();
        elector = e;
        CompletableFuture<?> f = e.start();
        running = f;
        f.whenComplete((ok, error) -> {
            stopped();
            if (!closed) {
                campaign(); // lost the lease: stand by and campaign again
            }
        });
    }

    private void started() {
        if (leader.compareAndSet(false, true)) {
            LOG.info("{} is now the leader (lease {}/{})", identity, namespace, leaseName);
            onChange.accept(true);
        }
    }

    private void stopped() {
        if (leader.compareAndSet(true, false)) {
            LOG.warn("{} stopped leading (lease {}/{}): no more writes", identity, namespace, leaseName);
            onChange.accept(false);
        }
    }

    private void newLeader(String who) {
        currentLeader = who;
        if (!identity.equals(who)) {
            LOG.info("leader is {}", who);
        }
    }

    @Override
    public boolean mayWrite() {
        return leader.get();
    }

    public boolean isLeader() {
        return leader.get();
    }

    /** The identity last seen holding the lease (null before the first observation). */
    public String currentLeader() {
        return currentLeader;
    }

    public String identity() {
        return identity;
    }

    /**
     * Stops campaigning and releases the lease if held (synchronously, so it also works from a shutdown hook), so
     * another instance takes over without waiting for the lease to expire.
     */
    @Override
    public void close() {
        CompletableFuture<?> f;
        LeaderElector e;
        synchronized (this) {
            closed = true;
            f = running;
            e = elector;
        }
        boolean wasLeader = leader.getAndSet(false);
        if (f != null) {
            f.cancel(true);
        }
        if (wasLeader && e != null) {
            try {
                e.release();
            } catch (RuntimeException ex) {
                LOG.warn("could not release lease {}/{}: {}; it expires by itself", namespace, leaseName, ex.getMessage());
            }
        }
    }
}
