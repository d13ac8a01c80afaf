package dev.gatewarden.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's table: Markdown for the README, JSON with every operation's count for tools. */
final class Report {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Report() {
    }

    static String markdown(List<Bench.Row> rows) {
        StringBuilder b = new StringBuilder();
        b.append("| scenario | slots | RTT ms | calls EC2 / PAN-OS / FortiOS | minimum | calls ÷ min | round trips")
                .append(" (min) | trips ÷ min | wall s | CPU s (simulators) | peak heap MiB | ok |\n");
        b.append("|---|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---|\n");
        for (Bench.Row r : rows) {
            Measured m = r.measured();
            b.append("| ").append(r.scenario()).append(" | ").append(r.slots()).append(" | ").append(r.rttMillis())
                    .append(" | ").append(split(Minimum.totals(m.calls()))).append(" | ")
                    .append(split(Minimum.totals(r.minimum().calls()))).append(" | ").append(num(r.ratio(), 2))
                    .append(" | ").append(m.roundTrips()).append(" (").append(r.minimum().roundTrips()).append(") | ")
                    .append(num(r.roundTripRatio(), 1)).append(" | ").append(num(m.wallSeconds(), 2)).append(" | ")
                    .append(num(m.cpuSeconds(), 2)).append(" (").append(num(m.simulatorCpuSeconds(), 2))
                    .append(") | ").append(num(m.peakHeapMiB(), 0)).append(" | ")
                    .append(r.problem() == null ? "yes" : "NO: " + r.problem().replace('|', '/')).append(" |\n");
        }
        return b.toString();
    }

    static String json(List<Bench.Row> rows) {
        ArrayNode a = JSON.createArrayNode();
        for (Bench.Row r : rows) {
            Measured m = r.measured();
            ObjectNode o = a.addObject();
            o.put("scenario", r.scenario());
            o.put("slots", r.slots());
            o.put("rttMillis", r.rttMillis());
            o.set("calls", JSON.valueToTree(m.calls()));
            o.set("minimumCalls", JSON.valueToTree(r.minimum().calls()));
            o.put("callsTotal", m.total());
            o.put("minimumCallsTotal", r.minimum().total());
            o.put("callRatio", r.ratio());
            o.put("roundTrips", m.roundTrips());
            o.put("minimumRoundTrips", r.minimum().roundTrips());
            o.put("roundTripRatio", r.roundTripRatio());
            o.put("wallSeconds", m.wallSeconds());
            o.put("cpuSeconds", m.cpuSeconds());
            o.put("simulatorCpuSeconds", m.simulatorCpuSeconds());
            o.put("peakHeapMiB", m.peakHeapMiB());
            o.put("ok", r.problem() == null);
            if (r.problem() != null) {
                o.put("problem", r.problem());
            }
        }
        try {
            return JSON.writeValueAsString(a) + "\n";
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String split(Map<String, Long> totals) {
        return String.join(" / ", totals.values().stream().map(String::valueOf).toList());
    }

    private static String num(double v, int decimals) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}
