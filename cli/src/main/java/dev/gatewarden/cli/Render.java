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

    static ObjectNode planJson(String command, Plan plan, Map<String, Map<String, Long>> calls) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("owner", plan.owner());
        root.put("changed", !plan.isEmpty());
        ArrayNode changes = root.putArray("changes");
        plan.changes().forEach(c -> changes.add(changeJson(c)));
        addSkipsAndWarnings(root, plan);
        root.set("calls", JSON.valueToTree(new TreeMap<>(calls)));
        root.put("fingerprint", plan.observedFingerprint());
        return root;
    }

    static ObjectNode reportJson(String command, Plan plan, ApplyReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("command", command);
        root.put("owner", plan.owner());
        root.put("ok", (report == null || report.ok()) && plan.heldBack().stream()
                .noneMatch(k -> k.kind() == Skip.Kind.HELD || k.kind() == Skip.Kind.UNAVAILABLE));
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
            root.set("calls", JSON.valueToTree(new TreeMap<>(report.calls())));
        } else {
            root.putObject("calls");
        }
        return root;
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

    /** The line for a plan with no change: converged, or held back (then the skipped items below say why). */
    static String noChange(Plan plan) {
        int held = plan.heldBack().size();
        return held == 0 ? "No changes: the clouds and firewalls match the configuration."
                : "No changes can be made now, but " + held + " item" + (held == 1 ? " is" : "s are")
                + " held back (see 'Not done' below): the clouds and firewalls do not match the configuration yet.";
    }

    static void printPlan(PrintWriter out, Plan plan, Map<String, Map<String, Long>> calls) {
        if (plan.isEmpty()) {
            out.println(noChange(plan));
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
        }
        printCalls(out, calls);
        out.flush();
    }

    static void printReport(PrintWriter out, Plan plan, ApplyReport report) {
        if (report == null || report.results().isEmpty()) {
            out.println(noChange(plan));
            printSkipsAndWarnings(out, plan);
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
