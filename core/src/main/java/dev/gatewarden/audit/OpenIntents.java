package dev.gatewarden.audit;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pairs intents ({@code outcome: INTENT}, written before a provider or adapter call) with the next record of the
 * same target, action and slot: what stays unpaired is a change whose outcome is unknown (the run stopped between
 * the call and its record).
 */
public final class OpenIntents {
    /**
     * An intent with no outcome after it.
     *
     * @param change the intended change's fields, as written
     */
    public record Intent(long seq, String target, String phase, String action, String slot,
                         Map<String, Object> change) {
        public Intent {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(action, "action");
            change = change == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(change));
        }

        /** {@code seq N: target summary}, for reports. */
        public String describe() {
            Object summary = change.get("summary");
            return "seq " + seq + ": " + target + " " + (summary == null ? action : summary);
        }
    }

    private final Map<String, Deque<Intent>> open = new LinkedHashMap<>();

    /** Takes one audit line into account. */
    @SuppressWarnings("unchecked")
    void accept(JsonNode line) {
        String target = line.path("target").asText();
        String action = line.path("action").asText();
        String slot = line.path("slot").isNull() ? null : line.path("slot").asText(null);
        String id = target + "\u0000" + action + "\u0000" + slot;
        if (AuditVerifier.INTENT.equals(line.path("outcome").asText())) {
            Map<String, Object> change = line.path("change").isObject()
                    ? AuditJson.MAPPER.convertValue(line.get("change"), Map.class) : Map.of();
            open.computeIfAbsent(id, k -> new ArrayDeque<>()).add(new Intent(line.path("seq").asLong(), target,
                    line.path("phase").asText(), action, slot, change));
        } else {
            Deque<Intent> q = open.get(id);
            if (q != null) {
                q.poll();
                if (q.isEmpty()) {
                    open.remove(id);
                }
            }
        }
    }

    /** The unpaired intents, oldest first. */
    public List<Intent> list() {
        List<Intent> out = new ArrayList<>();
        open.values().forEach(out::addAll);
        out.sort(Comparator.comparingLong(Intent::seq));
        return out;
    }
}
