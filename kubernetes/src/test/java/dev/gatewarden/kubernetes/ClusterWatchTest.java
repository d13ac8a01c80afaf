package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.config.KubernetesSource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ClusterWatchTest {
    KubernetesClient client;

    @Test
    void relevantChangesAskForARoundAndOurOwnAnnotationsDoNot() throws Exception {
        ClusterFixture k8s = new ClusterFixture(client);
        k8s.node("node-a", "aws:///eu-west-1a/i-0a1b2c3d4e5f60001");
        k8s.egressGateway("payments", 1, null, List.of());
        BlockingQueue<String> changes = new LinkedBlockingQueue<>();
        try (ClusterWatch watch = new ClusterWatch(client,
                Map.of("payments", new KubernetesSource(KubernetesSource.Kind.CALICO, ClusterFixture.NS, "payments", null)),
                changes::add).start()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!watch.synced() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(watch.synced());
            drain(changes); // the initial list: its events may still be arriving after the sync

            k8s.egwPod("payments", "payments-a", "10.0.0.50", "node-a");
            String added = changes.poll(10, TimeUnit.SECONDS);
            assertTrue(added != null && added.contains("pod egress/payments-a"), String.valueOf(added));
            drain(changes);

            // Gatewarden's own status patch: not a reason for another round
            client.pods().inNamespace(ClusterFixture.NS).withName("payments-a").patch(PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\":{\"annotations\":{\"gatewarden.dev/slot\":\"payments#0\"}}}");
            assertNull(changes.poll(500, TimeUnit.MILLISECONDS), "annotation-only updates are ignored");

            k8s.scale("payments", 2);
            String scaled = changes.poll(10, TimeUnit.SECONDS);
            assertTrue(scaled != null && scaled.contains("egressgateway egress/payments changed"), String.valueOf(scaled));

            k8s.deletePod("payments-a");
            String deleted = changes.poll(10, TimeUnit.SECONDS);
            assertTrue(deleted != null && deleted.contains("deleted"), String.valueOf(deleted));
        }
    }

    /** Waits until no event arrives for 300 ms (a loaded machine delivers the informers' events late). */
    private static void drain(BlockingQueue<String> changes) throws InterruptedException {
        while (changes.poll(300, TimeUnit.MILLISECONDS) != null) {
            // keep draining
        }
    }
}
