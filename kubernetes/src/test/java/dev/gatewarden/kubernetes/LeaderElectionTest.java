package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.testing.InMemoryCloud;
import dev.gatewarden.testing.InMemoryCloudProvider;
import dev.gatewarden.testing.InMemoryFirewall;
import dev.gatewarden.testing.InMemoryFirewallAdapter;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Two instances share one lease in the mock cluster: only the leader writes; the other takes over. */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {
    static final LeaderElection.Timing FAST = new LeaderElection.Timing(Duration.ofSeconds(3),
            Duration.ofSeconds(2), Duration.ofMillis(200));
    KubernetesClient client;

    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(25);
        }
    }

    @Test
    void onlyTheLeaderWritesAndTheOtherTakesOverWhenItStops() throws Exception {
        ClusterFixture k8s = new ClusterFixture(client);
        k8s.node("node-a", "aws:///eu-west-1a/i-0a1b2c3d4e5f60001");
        k8s.egressGateway("payments", 1, null, List.of());
        k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
        InMemoryCloud cloud = InMemoryCloud.withNodes(1);
        InMemoryFirewall firewall = new InMemoryFirewall();
        GatewardenConfig config = ClusterFixture.config(ClusterFixture.gateway("payments", 0, true, GatewayMode.MANAGED),
                ClusterFixture.calico("payments"));

        Instance a = new Instance("gatewarden-a", config, cloud, firewall);
        Instance b = new Instance("gatewarden-b", config, cloud, firewall);
        try (a; b) {
            a.start();
            b.start();
            await(() -> a.election.isLeader() || b.election.isLeader(), "a leader");
            Instance leader = a.election.isLeader() ? a : b;
            Instance standby = leader == a ? b : a;
            await(() -> leader.loop.rounds() >= 1 && cloud.publicIpCount() == 1, "the leader's first round");
            Thread.sleep(400); // the standby's resync ticks pass meanwhile
            assertFalse(standby.election.isLeader());
            assertEquals(0, standby.loop.rounds(), "the standby ran no round");
            Lease lease = client.leases().inNamespace("gatewarden").withName("gatewarden-leader").get();
            assertEquals(leader.election.identity(), lease.getSpec().getHolderIdentity());
            assertEquals(leader.election.identity(), standby.election.currentLeader());

            leader.close(); // releases the lease
            await(standby.election::isLeader, "the standby to take over");
            long before = standby.loop.rounds();
            k8s.deletePod("payments-a");
            k8s.egwPod("payments", "payments-b", "10.0.0.51", "node-a");
            await(() -> standby.loop.rounds() > before && "payments#0".equals(k8s.getPod("payments-b").getMetadata()
                    .getAnnotations().get(KubernetesStatus.SLOT_ANNOTATION)), "the new leader's round");
            assertEquals(1, cloud.publicIpCount(), "the slot kept its public IP across the leader change");
            assertNotEquals(leader.election.identity(), client.leases().inNamespace("gatewarden")
                    .withName("gatewarden-leader").get().getSpec().getHolderIdentity());
        }
    }

    final class Instance implements AutoCloseable {
        final LeaderElection election;
        final ReconcileLoop loop;
        final ClusterWatch watch;

        Instance(String identity, GatewardenConfig config, InMemoryCloud cloud, InMemoryFirewall firewall) {
            ReconcileLoop[] holder = new ReconcileLoop[1];
            election = new LeaderElection(client, "gatewarden", "gatewarden-leader", identity, FAST,
                    leading -> {
                        if (leading && holder[0] != null) {
                            holder[0].request("became leader");
                        }
                    });
            CallRecorder calls = new CallRecorder();
            ClusterReconciler reconciler = new ClusterReconciler(config, new GatewayDiscovery(client),
                    new KubernetesStatus(client, election, Clock.systemUTC(), identity),
                    Map.of("aws-test", new InMemoryCloudProvider("aws-test", ClusterFixture.OWNER, cloud, calls)),
                    Map.of("fw", new InMemoryFirewallAdapter("fw", ClusterFixture.OWNER, firewall, calls)), election,
                    new PlannerOptions(1.0, false), null);
            loop = new ReconcileLoop(reconciler::reconcileOnce, election, Executors.newSingleThreadScheduledExecutor(),
                    Clock.systemUTC(), Duration.ofMillis(100), Duration.ofMillis(50), new ReconcileMetrics());
            holder[0] = loop;
            watch = new ClusterWatch(client, config.kubernetes(), what -> loop.request(what));
        }

        void start() {
            loop.start();
            watch.start();
            election.start();
        }

        @Override
        public void close() {
            election.close();
            watch.close();
            loop.close();
        }
    }
}
