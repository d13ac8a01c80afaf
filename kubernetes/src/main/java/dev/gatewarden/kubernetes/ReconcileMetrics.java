package dev.gatewarden.kubernetes;

import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.apply.Outcome;
import dev.gatewarden.audit.SyslogForwarder;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.reconcile.DriftDetector;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The reconcile job's metrics (Micrometer, Prometheus format):
 * {@code gatewarden_reconcile_rounds_total{result=ok|failed|standby}},
 * {@code gatewarden_reconcile_duration_seconds}, {@code gatewarden_changes_total{target,outcome}},
 * {@code gatewarden_change_failures_total{target,kind=transient|permanent}} (as the provider or adapter classified
 * the failure), {@code gatewarden_reconcile_retries_total} (retries scheduled after transient failures),
 * {@code gatewarden_managed_addresses{gateway}}, {@code gatewarden_reconcile_last_success_timestamp_seconds},
 * {@code gatewarden_leader} and {@code gatewarden_skipped_pods{gateway}}; for alerting (see
 * {@code examples/kubernetes/prometheusrule.yaml}): {@code gatewarden_target_last_success_timestamp_seconds{target}}
 * (the last round in which the cloud account or firewall was observed and none of its changes failed),
 * {@code gatewarden_target_failing_rounds{target}} (consecutive rounds it failed; 0 when the last one succeeded),
 * {@code gatewarden_drift_total{target}} (repairs of owned objects changed by someone else),
 * {@code gatewarden_audit_undelivered_records} and {@code gatewarden_audit_delivery_lag_seconds} (the syslog copy).
 */
public final class ReconcileMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter ok;
    private final Counter failed;
    private final Counter standby;
    private final Counter retries;
    private final Timer duration;
    private final AtomicLong lastSuccess = new AtomicLong();
    private final AtomicInteger leader = new AtomicInteger();
    private final Map<String, AtomicInteger> managed = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> skipped = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> targetLastSuccess = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> targetFailing = new ConcurrentHashMap<>();
    private final AtomicLong undelivered = new AtomicLong();
    private final AtomicLong deliveryLag = new AtomicLong();

    public ReconcileMetrics() {
        ok = rounds("ok");
        failed = rounds("failed");
        standby = rounds("standby");
        retries = Counter.builder("gatewarden.reconcile.retries")
                .description("rounds scheduled early, with backoff, after a round with only transient failures")
                .register(registry);
        duration = Timer.builder("gatewarden.reconcile.duration").description("time of one reconcile round")
                .register(registry);
        Gauge.builder("gatewarden.reconcile.last.success.timestamp", lastSuccess, AtomicLong::get).baseUnit("seconds")
                .description("when the last round succeeded (Unix time; 0: never)").register(registry);
        Gauge.builder("gatewarden.audit.undelivered.records", undelivered, AtomicLong::get)
                .description("audit records not yet delivered to syslog (spooled)").register(registry);
        Gauge.builder("gatewarden.audit.delivery.lag", deliveryLag, AtomicLong::get).baseUnit("seconds")
                .description("age of the oldest audit record not yet delivered to syslog (0: none)").register(registry);
        Gauge.builder("gatewarden.leader", leader, AtomicInteger::get)
                .description("1 while this instance holds the lease (or runs without leader election)")
                .register(registry);
    }

    private Counter rounds(String result) {
        return Counter.builder("gatewarden.reconcile.rounds").tag("result", result)
                .description("reconcile rounds by result").register(registry);
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    public void standby() {
        standby.increment();
    }

    /** A retry round scheduled after transient failures. */
    public void retry() {
        retries.increment();
    }

    /** A round that failed before it could apply anything (e.g. discovery). */
    public void failed(Duration took) {
        failed.increment();
        duration.record(took);
    }

    public void round(ClusterRound r, Duration took, Instant finished) {
        duration.record(took);
        if (r.ok()) {
            ok.increment();
            lastSuccess.set(finished.getEpochSecond());
        } else {
            failed.increment();
        }
        if (r.report() != null) {
            for (ChangeResult c : r.report().results()) {
                if (c.outcome() == Outcome.SUCCEEDED || c.outcome() == Outcome.FAILED) {
                    Counter.builder("gatewarden.changes").tag("target", c.change().target())
                            .tag("outcome", c.outcome() == Outcome.SUCCEEDED ? "applied" : "failed")
                            .description("changes applied or failed, by target").register(registry).increment();
                }
                if (c.outcome() == Outcome.FAILED) {
                    Counter.builder("gatewarden.change.failures").tag("target", c.change().target())
                            .tag("kind", c.transientFailure() ? "transient" : "permanent")
                            .description("failed changes by target and kind (transient: worth a retry)")
                            .register(registry).increment();
                }
            }
        }
        targets(r, finished);
        Map<String, Integer> counts = new TreeMap<>();
        r.snapshot().desired().gateways().forEach(g -> counts.put(g, 0));
        for (DesiredSlot s : r.snapshot().desired().slots()) {
            int n = (s.privateIp() != null || s.managed() ? 1 : 0) + (s.publicIp() ? 1 : 0);
            counts.merge(s.id().gateway(), n, Integer::sum);
        }
        counts.forEach((g, n) -> managed.computeIfAbsent(g, k -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("gatewarden.managed.addresses", v, AtomicInteger::get).tag("gateway", k)
                    .description("addresses Gatewarden keeps for the gateway (private and public)").register(registry);
            return v;
        }).set(n));
        r.snapshot().discovered().forEach((g, d) -> skipped.computeIfAbsent(g, k -> {
            AtomicInteger v = new AtomicInteger();
            Gauge.builder("gatewarden.skipped.pods", v, AtomicInteger::get).tag("gateway", k)
                    .description("gateway pods holding no slot (pending, not ready, no provider ID, no free slot)")
                    .register(registry);
            return v;
        }).set(d.skipped().size() + r.snapshot().bindings().get(g).unbound().size()));
    }

    /** Per target: success or failure of this round, and the drift it repaired. */
    private void targets(ClusterRound r, Instant finished) {
        ObservedState observed = r.planned().observed();
        Set<String> all = new TreeSet<>(observed.clouds().keySet());
        all.addAll(observed.firewalls().keySet());
        all.addAll(observed.unavailable().keySet());
        Set<String> failing = new TreeSet<>(observed.unavailable().keySet());
        if (r.report() != null) {
            r.report().results().stream().filter(c -> c.outcome() == Outcome.FAILED)
                    .forEach(c -> failing.add(c.change().target()));
        }
        all.addAll(failing);
        for (String t : all) {
            AtomicLong last = targetLastSuccess.computeIfAbsent(t, k -> {
                AtomicLong v = new AtomicLong();
                Gauge.builder("gatewarden.target.last.success.timestamp", v, AtomicLong::get).tag("target", k)
                        .baseUnit("seconds").description("when a round last observed the target and none of its "
                                + "changes failed (Unix time; 0: never)").register(registry);
                return v;
            });
            AtomicInteger rounds = targetFailing.computeIfAbsent(t, k -> {
                AtomicInteger v = new AtomicInteger();
                Gauge.builder("gatewarden.target.failing.rounds", v, AtomicInteger::get).tag("target", k)
                        .description("consecutive rounds in which the target could not be observed or a change to it "
                                + "failed (0: the last round succeeded)").register(registry);
                return v;
            });
            if (failing.contains(t)) {
                rounds.incrementAndGet();
            } else {
                rounds.set(0);
                last.set(finished.getEpochSecond());
            }
        }
        if (r.report() != null) {
            for (DriftDetector.Drift d : DriftDetector.detect(r.planned().plan(), observed)) {
                drift(d.target());
            }
        }
    }

    private void drift(String target) {
        Counter.builder("gatewarden.drift").tag("target", target)
                .description("owned objects or addresses changed by someone else and repaired, by target")
                .register(registry).increment();
    }

    /** Where the syslog copy of the audit log stands after a round. */
    public void audit(SyslogForwarder.Delivery d) {
        undelivered.set(Math.max(0, d.pending()));
        deliveryLag.set(d.lag().toSeconds());
    }

    public long lastSuccessEpochSecond() {
        return lastSuccess.get();
    }

    /** The Prometheus text exposition. */
    public String scrape() {
        return registry.scrape();
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }
}
