package dev.gatewarden.reconcile;

import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.audit.OpenIntents;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves intents whose outcome is unknown (a run stopped between a call and its record) by what the next round
 * observes: for each one whose target was observed, an {@code OBSERVED} record of the same target, action and slot
 * says what the target holds now for that slot (the cloud's owned addresses, or the firewall's object and the
 * groups listing it), so the audit log shows whether the change took effect. The plan repairs the rest. Pure.
 */
public final class IntentResolver {
    /** The outcome of a record that resolves an intent by observation. */
    public static final String OBSERVED = "OBSERVED";

    private IntentResolver() {
    }

    public static List<AuditEntry> resolutions(List<OpenIntents.Intent> open, ObservedState observed, String owner) {
        List<AuditEntry> out = new ArrayList<>();
        for (OpenIntents.Intent i : open) {
            Map<String, Object> found;
            if (!observed.available(i.target())) {
                continue;
            } else if (observed.clouds().containsKey(i.target())) {
                found = cloud(i, observed, owner);
            } else if (observed.firewalls().containsKey(i.target())) {
                found = firewall(i, observed.firewall(i.target()));
            } else {
                continue; // not part of this round (another config, or the target was removed)
            }
            Map<String, Object> before = new LinkedHashMap<>();
            before.put("intentSeq", i.seq());
            out.add(new AuditEntry(owner, i.target(), i.phase(), i.action(), i.slot(), i.change(), before, found,
                    OBSERVED, "outcome of seq " + i.seq() + " was not recorded (the run stopped after the call); "
                    + "resolved by observing " + i.target() + ": " + found));
        }
        return out;
    }

    private static Map<String, Object> cloud(OpenIntents.Intent i, ObservedState observed, String owner) {
        List<Map<String, Object>> addresses = new ArrayList<>();
        for (CloudAddress a : observed.cloud(i.target()).addresses()) {
            if (owner.equals(a.owner()) && a.slot() != null && a.slot().toString().equals(i.slot())) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("kind", a.kind().name().toLowerCase(java.util.Locale.ROOT));
                m.put("ip", a.ip());
                m.put("ref", a.ref());
                m.put("node", a.node() == null ? null : a.node().providerId());
                m.put("boundPrivateIp", a.boundPrivateIp());
                addresses.add(m);
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("addresses", addresses);
        return m;
    }

    private static Map<String, Object> firewall(OpenIntents.Intent i, ObservedFirewall fw) {
        Map<String, Object> m = new LinkedHashMap<>();
        Object name = i.change().get("objectName");
        if (name == null) {
            m.put("object", null);
            return m;
        }
        FirewallObject obj = fw.object(name.toString()).orElse(null);
        m.put("object", name.toString());
        m.put("exists", obj != null);
        m.put("ip", obj == null ? null : obj.ip());
        m.put("groups", fw.groups().stream().filter(g -> g.members().contains(name.toString()))
                .map(FirewallGroup::name).toList());
        return m;
    }
}
