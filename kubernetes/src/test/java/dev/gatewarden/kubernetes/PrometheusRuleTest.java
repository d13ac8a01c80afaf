package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.apply.Outcome;
import dev.gatewarden.audit.SyslogForwarder;
import dev.gatewarden.audit.SyslogTarget;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.FirewallChange;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.reconcile.Reconciler;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The PrometheusRule in examples/kubernetes parses, has the alerts the job promises (stale sync, a target failing
 * several rounds, undelivered audit records, drift), and every metric its expressions use is one that
 * {@link ReconcileMetrics} exports, with the values a round gives it.
 */
class PrometheusRuleTest {
    static final Path RULE = Path.of("..", "examples", "kubernetes", "prometheusrule.yaml");
    static final Pattern METRIC = Pattern.compile("\\bgatewarden_[a-z_]+\\b");

    @Test
    void theRuleParsesAndReferencesOnlyExportedMetrics() throws Exception {
        JsonNode rule = new ObjectMapper(new YAMLFactory()).readTree(RULE.toFile());
        assertEquals("monitoring.coreos.com/v1", rule.get("apiVersion").asText());
        assertEquals("PrometheusRule", rule.get("kind").asText());
        Set<String> alerts = new TreeSet<>();
        Set<String> used = new TreeSet<>();
        for (JsonNode group : rule.at("/spec/groups")) {
            for (JsonNode r : group.get("rules")) {
                alerts.add(r.get("alert").asText());
                Matcher m = METRIC.matcher(r.get("expr").asText());
                while (m.find()) {
                    used.add(m.group());
                }
            }
        }
        assertTrue(alerts.containsAll(Set.of("GatewardenSyncStale", "GatewardenTargetStale", "GatewardenTargetFailing",
                "GatewardenAuditUndelivered", "GatewardenDrift")), alerts.toString());

        ReconcileMetrics metrics = new ReconcileMetrics();
        metrics.round(roundWithDriftAndAFailingTarget(), Duration.ofMillis(5), Instant.parse("2026-12-01T10:00:00Z"));
        metrics.round(roundWithDriftAndAFailingTarget(), Duration.ofMillis(5), Instant.parse("2026-12-01T10:01:00Z"));
        metrics.audit(new SyslogForwarder.Delivery(SyslogTarget.parse("tcp://127.0.0.1:6514", null), 3, 2,
                Duration.ofSeconds(42), "ConnectException"));
        String scrape = metrics.scrape();
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith("# TYPE ")) {
                exported.add(line.split(" ")[2]);
            }
        }
        for (String name : used) {
            String family = name.endsWith("_total") ? name.substring(0, name.length() - "_total".length()) : name;
            assertTrue(exported.contains(name) || exported.contains(family), name + " is not exported; exported: "
                    + exported);
        }
        assertTrue(scrape.contains("gatewarden_target_failing_rounds{target=\"aws-x\"} 2.0"), scrape);
        assertTrue(scrape.contains("gatewarden_target_failing_rounds{target=\"fw-a\"} 0.0"), scrape);
        assertTrue(scrape.contains("gatewarden_target_last_success_timestamp_seconds{target=\"fw-a\"} 1.79611926E9"),
                scrape);
        assertTrue(scrape.contains("gatewarden_drift_total{target=\"fw-a\"} 2.0"), scrape);
        assertTrue(scrape.contains("gatewarden_audit_undelivered_records 2.0"), scrape);
        assertTrue(scrape.contains("gatewarden_audit_delivery_lag_seconds 42.0"), scrape);
        assertFalse(used.isEmpty());
    }

    /** fw-a: an owned object was edited (drift) and is republished; aws-x could not be observed. */
    static ClusterRound roundWithDriftAndAFailingTarget() {
        SlotId slot = new SlotId("payments", 0);
        String name = "gw-prod-payments-203.0.113.5";
        ObservedFirewall fw = new ObservedFirewall("fw-a", List.of(new FirewallObject(name, "192.0.2.9", "prod",
                "payments")), List.of(new FirewallGroup("gw-prod-payments", List.of(name), "prod")));
        ObservedState observed = new ObservedState(Map.of(), Map.of("fw-a", fw), Map.of("aws-x", "connection refused"));
        FirewallChange.Publish publish = FirewallChange.Publish.of("fw-a", "gw-prod-payments", "payments", slot,
                AddressKind.PUBLIC, "203.0.113.5", name);
        Plan plan = new Plan("prod", List.of(publish), List.of(), List.of(), null);
        DesiredState desired = new DesiredState("prod", List.of(), List.of(), List.of(), Map.of());
        ApplyReport report = new ApplyReport(List.of(new ChangeResult(publish, Outcome.SUCCEEDED, null,
                Instant.parse("2026-12-01T10:00:00Z"))), Map.of(), List.of(), false);
        return new ClusterRound(new ClusterRound.Snapshot(Map.of(), Map.of(), desired, observed),
                new Reconciler.Planned(observed, plan), report, 0, 0);
    }
}
