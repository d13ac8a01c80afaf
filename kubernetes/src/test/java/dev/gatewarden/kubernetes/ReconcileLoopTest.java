package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.apply.Outcome;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.reconcile.Reconciler;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReconcileLoopTest {

    static ClusterRound emptyRound() {
        DesiredState d = new DesiredState("prod", List.of("payments"), List.of(new DesiredSlot(SlotId.parse("payments#0"),
                "aws-test", null, "10.0.0.50", true, "198.51.100.1", GatewayMode.FIREWALL_ONLY, null, false)),
                List.of(), Map.of());
        ObservedState o = ObservedState.empty();
        return new ClusterRound(new ClusterRound.Snapshot(Map.of(), Map.of(), d, o),
                new Reconciler.Planned(o, new Plan("prod", List.of(), List.of(), List.of(), null)), null, 0, 0);
    }

    /** A loop on virtual time: rounds run only when the test advances {@code time}. */
    static ReconcileLoop loop(ManualScheduler time, ReconcileLoop.Round round, WriteGate gate, Duration interval,
                              Duration debounce) {
        return new ReconcileLoop(round, gate, time, time.clock(), interval, debounce, new ReconcileMetrics());
    }

    @Test
    void aBurstOfChangesGivesOneRound() {
        ManualScheduler time = new ManualScheduler();
        AtomicInteger runs = new AtomicInteger();
        try (ReconcileLoop loop = loop(time, () -> {
            runs.incrementAndGet();
            return emptyRound();
        }, WriteGate.OPEN, Duration.ofHours(1), Duration.ofMillis(150))) {
            for (int i = 0; i < 20; i++) {
                loop.request("pod changed " + i);
            }
            time.advance(Duration.ofMillis(149));
            assertEquals(0, runs.get(), "debounced: not before 150 ms");
            time.advance(Duration.ofMillis(1));
            assertEquals(1, runs.get());
            time.advance(Duration.ofMinutes(59));
            assertEquals(1, runs.get(), "nothing else is scheduled");
            assertEquals(0, time.pending());
            loop.request("later change");
            time.advance(Duration.ofMillis(150));
            assertEquals(2, runs.get());
        }
    }

    @Test
    void periodicResyncRunsAndAFailingRoundDoesNotStopTheLoop() {
        ManualScheduler time = new ManualScheduler();
        AtomicInteger runs = new AtomicInteger();
        try (ReconcileLoop loop = loop(time, () -> {
            if (runs.incrementAndGet() == 1) {
                throw new DiscoveryException("EgressGateway egress/payments not found");
            }
            return emptyRound();
        }, WriteGate.OPEN, Duration.ofMillis(50), Duration.ofMillis(10))) {
            loop.start();
            time.advance(Duration.ZERO);
            assertEquals(1, runs.get(), "the first round right away");
            assertEquals("EgressGateway egress/payments not found", loop.lastError());
            time.advance(Duration.ofMillis(49));
            assertEquals(1, runs.get());
            time.advance(Duration.ofMillis(1));
            assertEquals(2, runs.get(), "the resync after a failed round");
            time.advance(Duration.ofMillis(50));
            assertEquals(3, runs.get());
            assertEquals(null, loop.lastError());
            String metrics = loop.metrics().scrape();
            assertTrue(metrics.contains("gatewarden_reconcile_rounds_total{result=\"failed\"} 1.0"), metrics);
            assertTrue(metrics.contains("gatewarden_reconcile_rounds_total{result=\"ok\"} 2.0"), metrics);
            assertTrue(metrics.contains("gatewarden_managed_addresses{gateway=\"payments\"} 2.0"), metrics);
            assertTrue(metrics.contains("gatewarden_reconcile_duration_seconds_count"), metrics);
            assertEquals(time.clock().instant().getEpochSecond(), loop.metrics().lastSuccessEpochSecond());
            assertTrue(loop.alive());
        }
    }

    @Test
    void aLoopThatStopsTickingIsNotAlive() {
        ManualScheduler time = new ManualScheduler();
        ReconcileLoop loop = loop(time, ReconcileLoopTest::emptyRound, WriteGate.OPEN, Duration.ofSeconds(10), null);
        time.advance(Duration.ofSeconds(89));
        assertTrue(loop.alive(), "three intervals and a minute");
        time.advance(Duration.ofSeconds(1));
        assertFalse(loop.alive(), "never started: no tick for three intervals and a minute");
    }

    /** A round in which one change failed, transiently or not (as the provider classified it). */
    static ClusterRound failedRound(boolean transientFailure) {
        ClusterRound empty = emptyRound();
        ChangeResult failed = new ChangeResult(new CloudChange.AllocatePublic("aws-test", SlotId.parse("payments#0")),
                Outcome.FAILED, "RequestLimitExceeded", Instant.EPOCH, transientFailure);
        return new ClusterRound(empty.snapshot(), empty.planned(),
                new ApplyReport(List.of(failed), Map.of(), List.of(), false), 0, 0);
    }

    @Test
    void transientFailuresAreRetriedWithBackoffPermanentOnesWaitForTheResync() {
        ManualScheduler time = new ManualScheduler();
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean throttled = new AtomicBoolean(true);
        try (ReconcileLoop loop = loop(time, () -> {
            runs.incrementAndGet();
            return throttled.get() ? failedRound(true) : emptyRound();
        }, WriteGate.OPEN, Duration.ofMinutes(1), Duration.ofSeconds(1)).retryBackoff(Duration.ofSeconds(5))) {
            loop.start();
            time.advance(Duration.ZERO);
            assertEquals(1, runs.get());
            time.advance(Duration.ofMillis(4999));
            assertEquals(1, runs.get());
            time.advance(Duration.ofMillis(1));
            assertEquals(2, runs.get(), "first retry after 5 s");
            time.advance(Duration.ofSeconds(9));
            assertEquals(2, runs.get());
            time.advance(Duration.ofSeconds(1));
            assertEquals(3, runs.get(), "then after 10 s");
            throttled.set(false);
            time.advance(Duration.ofSeconds(20));
            assertEquals(4, runs.get(), "after 20 s: succeeds, no more retries");
            time.advance(Duration.ofSeconds(20));
            assertEquals(4, runs.get());
            assertTrue(loop.metrics().scrape().contains("gatewarden_reconcile_retries_total 3.0"),
                    loop.metrics().scrape());
            assertTrue(loop.metrics().scrape().contains(
                    "gatewarden_change_failures_total{kind=\"transient\",target=\"aws-test\"} 3.0"),
                    loop.metrics().scrape());
        }

        ManualScheduler later = new ManualScheduler();
        AtomicInteger permanentRuns = new AtomicInteger();
        try (ReconcileLoop loop = loop(later, () -> {
            permanentRuns.incrementAndGet();
            return failedRound(false);
        }, WriteGate.OPEN, Duration.ofMinutes(1), Duration.ofSeconds(1)).retryBackoff(Duration.ofSeconds(5))) {
            loop.start();
            later.advance(Duration.ofSeconds(59));
            assertEquals(1, permanentRuns.get(), "a permanent failure is not retried before the resync");
            later.advance(Duration.ofSeconds(1));
            assertEquals(2, permanentRuns.get());
            assertTrue(loop.metrics().scrape().contains(
                    "gatewarden_change_failures_total{kind=\"permanent\",target=\"aws-test\"} 2.0"),
                    loop.metrics().scrape());
        }
    }

    @Test
    void standbyInstanceRunsNoRound() {
        ManualScheduler time = new ManualScheduler();
        AtomicInteger runs = new AtomicInteger();
        AtomicBoolean leader = new AtomicBoolean(false);
        try (ReconcileLoop loop = loop(time, () -> {
            runs.incrementAndGet();
            return emptyRound();
        }, leader::get, Duration.ofMillis(30), Duration.ofMillis(10))) {
            loop.start();
            time.advance(Duration.ofMillis(200));
            assertEquals(0, runs.get());
            assertTrue(loop.metrics().scrape().contains("gatewarden_reconcile_rounds_total{result=\"standby\"} 7.0"),
                    loop.metrics().scrape());
            leader.set(true);
            time.advance(Duration.ofMillis(30));
            assertEquals(1, runs.get());
        }
    }

    @Test
    void healthReadinessAndMetricsEndpoints() throws Exception {
        ReconcileMetrics metrics = new ReconcileMetrics();
        metrics.leader(true);
        AtomicBoolean ready = new AtomicBoolean(false);
        try (HealthServer server = HealthServer.start(new InetSocketAddress("127.0.0.1", 0), () -> true, ready::get,
                metrics::scrape)) {
            assertEquals("127.0.0.1", server.address().getAddress().getHostAddress());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + server.port();
            assertEquals(200, get(http, base + "/healthz").statusCode());
            assertEquals(503, get(http, base + "/readyz").statusCode());
            ready.set(true);
            assertEquals(200, get(http, base + "/readyz").statusCode());
            HttpResponse<String> m = get(http, base + "/metrics");
            assertEquals(200, m.statusCode());
            assertTrue(m.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
            assertTrue(m.body().contains("gatewarden_leader 1.0"), m.body());
            assertTrue(m.body().contains("# TYPE gatewarden_reconcile_rounds_total counter"), m.body());
            assertEquals(404, get(http, base + "/nope").statusCode());
        }
    }

    @Test
    void closedLoopIsNotAlive() {
        ReconcileLoop loop = loop(new ManualScheduler(), ReconcileLoopTest::emptyRound, WriteGate.OPEN,
                Duration.ofSeconds(1), null);
        loop.close();
        assertFalse(loop.alive());
        loop.request("after close"); // ignored, no exception
    }

    private static HttpResponse<String> get(HttpClient http, String uri) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(uri)).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
