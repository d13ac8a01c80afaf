package dev.gatewarden.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change attempted and its result, as the executor hands it to an {@link AuditSink}. Holds summaries, names
 * and addresses only: never a credential.
 *
 * @param owner   the owner the change was made for
 * @param target  the cloud account or firewall name
 * @param phase   the phase label ({@code allocate}, {@code publish}, …)
 * @param action  the change's action id ({@code allocate-public}, …)
 * @param slot    the slot ({@code payments#0}), null when the change concerns no slot
 * @param change  the change's fields and summary, as in the plan's JSON (resolved values filled in)
 * @param before  what was known before the change (e.g. node, ip); may be empty
 * @param after   what is known after it; may be empty
 * @param outcome {@code SUCCEEDED}, {@code FAILED} or {@code SKIPPED}
 * @param message why it failed or was skipped, or a note; may be null
 */
public record AuditEntry(String owner, String target, String phase, String action, String slot,
                         Map<String, Object> change, Map<String, Object> before, Map<String, Object> after,
                         String outcome, String message) {
    public AuditEntry {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(outcome, "outcome");
        change = copy(change);
        before = copy(before);
        after = copy(after);
    }

    private static Map<String, Object> copy(Map<String, Object> m) {
        // LinkedHashMap: null values ("unbound") are meaningful and Map.copyOf refuses them
        return m == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(m));
    }
}
