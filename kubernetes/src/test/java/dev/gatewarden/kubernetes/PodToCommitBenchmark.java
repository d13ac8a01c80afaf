package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.plan.PlannerOptions;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * A benchmark, not a timed test: how long from a gateway pod change in the cluster (a pod added on scale-up, or
 * deleted on scale-down) until the firewall committed the new address list, through the whole job (watch →
 * debounce → discovery → observe → plan → EC2 → PAN-OS commit). Mock cluster, EC2 and PAN-OS simulators on
 * loopback. Run with:
 * {@code mvn -o -pl kubernetes -am verify -Dsurefire.failIfNoSpecifiedTests=false -Dtest=PodToCommitBenchmark
 * -Dgatewarden.benchmark=true} (optionally {@code -Dgatewarden.benchmark.debounce=2s}).
 */
@Tag("benchmark")
@EnabledIfSystemProperty(named = "gatewarden.benchmark", matches = "true")
@EnableKubernetesMockClient(crud = true)
class PodToCommitBenchmark {
    static final int ITERATIONS = 8;
    KubernetesClient client;

    @TempDir
    Path dir;

    @Test
    void podChangeToFirewallCommit() throws Exception {
        Duration debounce = Duration.parse("PT" + System.getProperty("gatewarden.benchmark.debounce", "0.2s")
                .toUpperCase());
        ClusterFixture k8s = new ClusterFixture(client);
        for (int n = 1; n <= 3; n++) {
            k8s.node("node-" + n, SandboxBed.providerId(n));
        }
        k8s.egressGateway("payments", 1, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.1.50", "node-1");
        BlockingQueue<AuditEntry> commits = new ArrayBlockingQueue<>(1000);
        try (SandboxBed bed = new SandboxBed(dir)) {
            ClusterReconciler reconciler = new ClusterReconciler(bed.config, new GatewayDiscovery(client),
                    new KubernetesStatus(client, WriteGate.OPEN, Clock.systemUTC(), "bench"), Map.of("aws-sandbox", bed.aws),
                    Map.of("pa", bed.pa), WriteGate.OPEN, new PlannerOptions(1.0, false), b -> b.calls(bed.calls)
                    .audit(e -> {
                        bed.audit.append(e);
                        if (e.target().equals("pa") && e.outcome().equals("SUCCEEDED")) {
                            commits.add(e);
                        }
                    }));
            BlockingQueue<ClusterRound> rounds = new ArrayBlockingQueue<>(1000);
            try (ReconcileLoop loop = new ReconcileLoop(reconciler::reconcileOnce, WriteGate.OPEN,
                    Executors.newSingleThreadScheduledExecutor(), Clock.systemUTC(), Duration.ofMinutes(10), debounce,
                    new ReconcileMetrics()).onRound(rounds::add);
                 ClusterWatch watch = new ClusterWatch(client, bed.config.kubernetes(), loop::request)) {
                loop.start();
                watch.start();
                settle(loop, rounds);
                List<Long> up = new ArrayList<>();
                List<Long> down = new ArrayList<>();
                for (int i = 0; i < ITERATIONS; i++) {
                    k8s.scale("payments", 2);
                    settle(loop, rounds);
                    commits.clear();
                    long t0 = System.nanoTime();
                    k8s.egwPod("payments", "payments-n" + i, "10.0.1." + (60 + i), "node-" + (2 + i % 2));
                    awaitEntry(commits, "publish", "payments#1");
                    up.add(System.nanoTime() - t0);
                    settle(loop, rounds);
                    commits.clear();
                    long t1 = System.nanoTime();
                    k8s.scale("payments", 1); // the highest slot (the new pod's) is retired
                    awaitEntry(commits, "withdraw", "payments#1");
                    down.add(System.nanoTime() - t1);
                    k8s.deletePod("payments-n" + i);
                }
                String report = "cluster change -> PAN-OS commit (debounce " + debounce.toMillis() + " ms, " + ITERATIONS
                        + " iterations): pod added on scale-up -> publish committed " + stats(up)
                        + "; EgressGateway scaled down -> withdraw committed " + stats(down);
                System.out.println(report);
                Path out = Path.of("target", "pod-to-commit-benchmark.txt");
                java.nio.file.Files.writeString(out, report + System.lineSeparator());
                assertTrue(up.size() == ITERATIONS && down.size() == ITERATIONS);
            }
        }
    }

    /** Waits until a round changed nothing (everything before it has converged). */
    private static void settle(ReconcileLoop loop, BlockingQueue<ClusterRound> rounds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            rounds.clear();
            loop.request("settle");
            ClusterRound r = rounds.poll(30, TimeUnit.SECONDS);
            if (r != null && !r.changed()) {
                rounds.clear();
                return;
            }
        }
        throw new AssertionError("did not converge within 60 s");
    }

    private static void awaitEntry(BlockingQueue<AuditEntry> q, String action, String slot)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            AuditEntry e = q.poll(100, TimeUnit.MILLISECONDS);
            if (e != null && e.action().equals(action) && slot.equals(e.slot())) {
                return;
            }
        }
        throw new AssertionError("no " + action + " committed within 60 s");
    }

    private static String stats(List<Long> nanos) {
        List<Long> ms = new ArrayList<>(nanos.stream().map(n -> n / 1_000_000).toList());
        Collections.sort(ms);
        return "median " + ms.get(ms.size() / 2) + " ms (min " + ms.get(0) + ", max " + ms.get(ms.size() - 1) + ")";
    }
}
