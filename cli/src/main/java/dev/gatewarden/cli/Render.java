package dev.gatewarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.apply.Outcome;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.Skip;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Plans and reports as tables for people and as a stable JSON document for scripts. */
final class Render {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Render() {
    }

    // ------------------------------------------------------------------ JSON

    static ObjectNode changeJson(Change c) {
        ObjectNode n = JSON.createObjectNode();
        n.put("phase", c.phase().label());
        n.put("phaseNumber", c.phase().number());
        n.put("action", c.action());
        n.put("target", c.target());
        n.put("slot", c.slot() == null ? null : c.slot().toString());
        n.put("summary", c.summary());
        ObjectNode details = JSON.valueToTree(c);
        for (String k : List.of("action", "phase", "target", "summary", "slot")) {
            details.remove(k);
        }
        n.set("details", details);
        return n;
    }

    static ObjectNode planJson(String command, Plan plan, Map<String, Map<String, Long>> calls, Verdict verdict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("owner", plan.owner());
        root.put("changed", !plan.isEmpty());
        putVerdict(root, verdict);
        ArrayNode changes = root.putArray("changes");
        plan.changes().forEach(c -> changes.add(changeJson(c)));
        addSkipsAndWarnings(root, plan);
        root.set("calls", JSON.valueToTree(new TreeMap<>(calls)));
        root.put("fingerprint", plan.observedFingerprint());
        return root;
    }

    /**
     * The result of an apply (or of one reconcile round); {@code report} is null when nothing was applied;
     * {@code calls} are the calls of this run (or round), observe included.
     */
    static ObjectNode reportJson(String command, Plan plan, ApplyReport report, Map<String, Map<String, Long>> calls,
                                 Verdict verdict) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("owner", plan.owner());
        putVerdict(root, verdict);
        ArrayNode changes = root.putArray("changes");
        if (report != null) {
            for (ChangeResult r : report.results()) {
                ObjectNode n = changeJson(r.change());
                n.put("outcome", r.outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'));
                n.put("message", r.message());
                changes.add(n);
            }
        }
        addSkipsAndWarnings(root, plan);
        if (report != null) {
            ArrayNode w = (ArrayNode) root.get("warnings");
            report.warnings().forEach(w::add);
            ObjectNode counts = root.putObject("outcomes");
            for (Outcome o : Outcome.values()) {
                counts.put(o.name().toLowerCase(Locale.ROOT).replace('_', '-'), report.count(o));
            }
        }
        root.set("calls", JSON.valueToTree(new TreeMap<>(calls)));
        return root;
    }

    /** One reconcile round that ended in an error before its report: not ok, with the error. */
    static ObjectNode failedRoundJson(String owner, int round, String error, Map<String, Map<String, Long>> calls) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", "reconcile");
        root.put("owner", owner);
        root.put("round", round);
        root.put("ok", false);
        root.putArray("problems").add("the round failed: " + error);
        root.set("calls", JSON.valueToTree(new TreeMap<>(calls)));
        return root;
    }

    /** The calls made between two snapshots of one recorder (target → operation → count, zero counts left out). */
    static Map<String, Map<String, Long>> callsSince(Map<String, Map<String, Long>> before,
                                                     Map<String, Map<String, Long>> after) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        after.forEach((target, ops) -> ops.forEach((op, n) -> {
            long d = n - before.getOrDefault(target, Map.of()).getOrDefault(op, 0L);
            if (d > 0) {
                out.computeIfAbsent(target, t -> new TreeMap<>()).put(op, d);
            }
        }));
        return out;
    }

    /** {@code ok} and, one line each, what could not be seen, was not allowed or failed. */
    private static void putVerdict(ObjectNode root, Verdict verdict) {
        root.put("ok", verdict.ok());
        ArrayNode problems = root.putArray("problems");
        verdict.problems().forEach(problems::add);
    }

    private static void addSkipsAndWarnings(ObjectNode root, Plan plan) {
        ArrayNode skipped = root.putArray("skipped");
        for (Skip s : plan.skipped()) {
            ObjectNode n = skipped.addObject();
            n.put("kind", s.kind().label());
            n.put("target", s.target());
            n.put("slot", s.slot() == null ? null : s.slot().toString());
            n.put("reason", s.reason());
        }
        ArrayNode warnings = root.putArray("warnings");
        plan.warnings().forEach(warnings::add);
    }

    static void printJson(PrintWriter out, JsonNode node) {
        try {
            out.println(JSON.writeValueAsString(node));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    // ------------------------------------------------------------------ tables

    static void printPlan(PrintWriter out, Plan plan, Map<String, Map<String, Long>> calls, Verdict verdict) {
        if (plan.isEmpty()) {
            printNoChanges(out, verdict);
        } else {
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"PHASE", "ACTION", "TARGET", "SLOT", "WHAT"});
            for (Change c : plan.changes()) {
                rows.add(new String[] {c.phase().number() + " " + c.phase().label(), c.action(), c.target(),
                        c.slot() == null ? "-" : c.slot().toString(), c.summary()});
            }
            table(out, rows);
        }
        printSkipsAndWarnings(out, plan);
        if (!plan.isEmpty()) {
            out.println();
            out.println("Plan: " + plan.changes().size() + " change" + (plan.changes().size() == 1 ? "" : "s") + " ("
                    + perTarget(plan) + ").");
            printProblems(out, verdict);
        }
        printCalls(out, calls);
        out.flush();
    }

    /** The line of a plan without changes: "match" only when everything was seen and nothing was held back. */
    private static void printNoChanges(PrintWriter out, Verdict verdict) {
        if (verdict.ok()) {
            out.println("No changes: the clouds and firewalls match the configuration.");
        } else {
            out.println("No changes can be made now, but the clouds and firewalls may not match the configuration:");
            verdict.problems().forEach(p -> out.println("  " + p));
        }
    }

    private static void printProblems(PrintWriter out, Verdict verdict) {
        if (!verdict.ok()) {
            out.println("Not ok:");
            verdict.problems().forEach(p -> out.println("  " + p));
        }
    }

    static void printReport(PrintWriter out, Plan plan, ApplyReport report, Map<String, Map<String, Long>> calls,
                            Verdict verdict) {
        if (report == null || report.results().isEmpty()) {
            printNoChanges(out, verdict);
            printSkipsAndWarnings(out, plan);
            printCalls(out, report == null ? calls : report.calls());
            out.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"PHASE", "ACTION", "TARGET", "SLOT", "OUTCOME", "WHAT"});
        for (ChangeResult r : report.results()) {
            Change c = r.change();
            rows.add(new String[] {c.phase().number() + " " + c.phase().label(), c.action(), c.target(),
                    c.slot() == null ? "-" : c.slot().toString(), r.outcome().name().toLowerCase(Locale.ROOT),
                    c.summary() + (r.message() == null || r.outcome() == Outcome.SUCCEEDED ? "" : ": " + r.message())});
        }
        table(out, rows);
        printSkipsAndWarnings(out, plan);
        if (!report.warnings().isEmpty()) {
            report.warnings().forEach(w -> out.println("warning: " + w));
        }
        out.println();
        StringBuilder sb = new StringBuilder("Apply: ");
        List<String> parts = new ArrayList<>();
        for (Outcome o : Outcome.values()) {
            long n = report.count(o);
            if (n > 0) {
                parts.add(n + " " + o.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            }
        }
        sb.append(String.join(", ", parts)).append('.');
        out.println(sb);
        List<ChangeResult> failed = report.withOutcome(Outcome.FAILED);
        if (!failed.isEmpty()) {
            out.println("Failed:");
            failed.forEach(r -> out.println("  " + r.change().target() + ": " + r.change().summary() + ": " + r.message()));
        }
        printProblems(out, verdict);
        printCalls(out, report.calls());
        out.flush();
    }

    private static String perTarget(Plan plan) {
        Map<String, Integer> n = new TreeMap<>();
        plan.changes().forEach(c -> n.merge(c.target(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        n.forEach((t, k) -> parts.add(t + ": " + k));
        return String.join(", ", parts);
    }

    private static void printSkipsAndWarnings(PrintWriter out, Plan plan) {
        if (!plan.skipped().isEmpty()) {
            out.println();
            out.println("Not done (" + plan.skipped().size() + "):");
            for (Skip s : plan.skipped()) {
                out.println("  [" + s.kind().label() + "] " + s.target() + (s.slot() == null ? "" : " " + s.slot()) + ": "
                        + s.reason());
            }
        }
        if (!plan.warnings().isEmpty()) {
            out.println();
            plan.warnings().forEach(w -> out.println("warning: " + w));
        }
    }

    /** One line on the audit copy's delivery (stderr): the round's delivery lag. */
    static void printDelivery(PrintWriter err, dev.gatewarden.audit.SyslogForwarder.Delivery d) {
        if (d.caughtUp()) {
            err.println("audit: every record delivered to syslog " + d.target());
        } else {
            err.println("audit: " + d.pending() + " record(s) not yet delivered to syslog " + d.target() + " (oldest "
                    + d.lag().toSeconds() + "s, spooled, retried on the next run): " + d.lastError());
        }
    }

    static void printCalls(PrintWriter out, Map<String, Map<String, Long>> calls) {
        if (calls == null || calls.isEmpty()) {
            return;
        }
        List<String> parts = new ArrayList<>();
        new TreeMap<>(calls).forEach((t, ops) -> {
            long total = ops.values().stream().mapToLong(Long::longValue).sum();
            List<String> o = new ArrayList<>();
            new TreeMap<>(ops).forEach((k, v) -> o.add(k + " " + v));
            parts.add(t + " " + total + " (" + String.join(", ", o) + ")");
        });
        out.println("API calls: " + String.join("; ", parts));
    }

    static void table(PrintWriter out, List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols - 1; i++) {
                w[i] = Math.max(w[i], r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                sb.append(i < cols - 1 ? String.format("%-" + w[i] + "s  ", r[i]) : r[i]);
            }
            out.println(sb.toString().stripTrailing());
        }
    }
}
