package dev.gatewarden.cli;

import dev.gatewarden.apply.Outcome;
import dev.gatewarden.audit.AuditTrail;
import dev.gatewarden.kubernetes.ClusterReconciler;
import dev.gatewarden.kubernetes.ClusterRound;
import dev.gatewarden.kubernetes.ClusterWatch;
import dev.gatewarden.kubernetes.HealthServer;
import dev.gatewarden.kubernetes.LeaderElection;
import dev.gatewarden.kubernetes.ReconcileLoop;
import dev.gatewarden.kubernetes.ReconcileMetrics;
import dev.gatewarden.kubernetes.WriteGate;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code reconcile} for a config that discovers gateways in the cluster: watches (debounced rounds) plus the
 * periodic resync, optional Lease-based leader election, and the health/metrics endpoints.
 */
final class KubernetesReconcile {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesReconcile.class);

    private KubernetesReconcile() {
    }

    static int run(ReconcileCommand cmd, Session s, AuditTrail audit) throws InterruptedException {
        String identity = cmd.identity != null ? cmd.identity : KubernetesRuntime.identity();
        ReconcileMetrics metrics = new ReconcileMetrics();
        AtomicReference<ReconcileLoop> loopRef = new AtomicReference<>();
        AtomicBoolean lastOk = new AtomicBoolean(false);
        AtomicInteger rounds = new AtomicInteger();
        CountDownLatch stop = cmd.stop;
        try (KubernetesClient client = KubernetesRuntime.client(cmd.kubeconfig)) {
            LeaderElection election = null;
            if (cmd.leaderElection) {
                String ns = cmd.leaseNamespace != null ? cmd.leaseNamespace
                        : client.getNamespace() != null ? client.getNamespace() : "default";
                election = new LeaderElection(client, ns, cmd.leaseName, identity, LeaderElection.Timing.DEFAULT,
                        leading -> {
                            metrics.leader(leading);
                            ReconcileLoop l = loopRef.get();
                            if (leading && l != null) {
                                l.request("became leader");
                            }
                        });
            } else {
                metrics.leader(true);
            }
            WriteGate gate = election == null ? WriteGate.OPEN : election;
            dev.gatewarden.plan.PlannerOptions options = cmd.run.plannerOptions(s.config);
            cmd.run.recordForgotten(s.config, options, audit);
            ClusterReconciler reconciler = KubernetesRuntime.reconciler(s, client, gate, identity, options,
                    b -> b.policy(cmd.run.policy(s.config)).calls(s.calls).audit(RunAudit.of(s, audit)));
            ReconcileLoop loop = new ReconcileLoop(reconciler::reconcileOnce, gate,
                    Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "gatewarden-reconcile");
                        t.setDaemon(true);
                        return t;
                    }), Clock.systemUTC(), cmd.interval, cmd.debounce, metrics);
            loopRef.set(loop);
            loop.onRound(r -> {
                audit.flush().ifPresent(metrics::audit);
                after(cmd, s, r, rounds, lastOk, stop);
            }).onError(e -> {
                if (stop.getCount() == 0) {
                    return; // interrupted while stopping
                }
                int n = rounds.incrementAndGet();
                if (cmd.maxRounds != 0 && n > cmd.maxRounds) {
                    return;
                }
                lastOk.set(false);
                if (cmd.maxRounds != 0 && n >= cmd.maxRounds) {
                    stop.countDown();
                }
            });
            ClusterWatch watch = new ClusterWatch(client, s.config.kubernetes(), loop::request);
            HealthServer http = null;
            try {
                if (cmd.httpPort != null) {
                    LeaderElection e = election;
                    http = HealthServer.start(new InetSocketAddress(cmd.httpAddress, cmd.httpPort), loop::alive,
                            () -> watch.synced() && (loop.rounds() > 0 || (e != null && !e.isLeader())),
                            metrics::scrape);
                    LOG.info("serving /healthz, /readyz and /metrics on {}:{}", cmd.httpAddress, http.port());
                }
                loop.start();
                watch.start();
                Thread release = null;
                if (election != null) {
                    LeaderElection e = election;
                    // on SIGTERM the JVM does not wait for this thread: release the lease from the hook itself
                    release = new Thread(e::close, "gatewarden-release-lease");
                    Runtime.getRuntime().addShutdownHook(release);
                    election.start();
                }
                stop.await();
                if (release != null) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(release);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook runs (or ran) already
                    }
                }
                LOG.info("stopping after {} round(s)", loop.rounds());
            } finally {
                if (election != null) {
                    election.close(); // release the lease first: a standby takes over at once
                }
                watch.close();
                loop.close();
                if (http != null) {
                    http.close();
                }
            }
            return lastOk.get() ? Main.OK : Main.ERROR;
        }
    }

    private static void after(ReconcileCommand cmd, Session s, ClusterRound r, AtomicInteger rounds,
                              AtomicBoolean lastOk, CountDownLatch stop) {
        if (stop.getCount() == 0) {
            return; // finished while stopping (interrupted by the shutdown): its result is not the run's
        }
        int n = rounds.incrementAndGet();
        if (cmd.maxRounds != 0 && n > cmd.maxRounds) {
            return; // a round begun while stopping (interrupted by the shutdown): its result is not the run's
        }
        lastOk.set(r.ok());
        r.snapshot().discovered().values().forEach(d -> d.skipped().forEach(p ->
                LOG.debug("gateway {}: {}", d.gateway(), p)));
        if (r.report() != null && r.report().count(Outcome.FAILED) > 0) {
            LOG.warn("{} change(s) failed; the next round retries", r.report().count(Outcome.FAILED));
        }
        if (s.sandbox != null) {
            s.sandbox.save();
        }
        if (cmd.maxRounds != 0 && n >= cmd.maxRounds) {
            stop.countDown();
        }
    }
}
