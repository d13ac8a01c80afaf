package dev.gatewarden.reconcile;

import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.Plan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Finds, in a plan and the observation it was computed from, the repairs of things Gatewarden owns that someone
 * else changed: states Gatewarden never writes itself, so they can only come from a change behind its back.
 * <ul>
 *   <li>{@code object-value}: an owned address object whose value is not the IP its name was rendered from;</li>
 *   <li>{@code group-member-removed}: an owned object with the right value that its owned group no longer lists;</li>
 *   <li>{@code public-ip-reassociated}: an owned public IP associated with something other than its slot's owned
 *       private IP (another address of the node, another instance).</li>
 * </ul>
 * Not detectable from one observation, so not reported: an owned object or public IP deleted outright, or a public
 * IP disassociated (both look like a first run or an interrupted one); they are repaired all the same.
 * Pure: no I/O.
 */
public final class DriftDetector {
    private DriftDetector() {
    }

    /**
     * One difference found.
     *
     * @param target   the firewall or cloud account
     * @param kind     {@code object-value}, {@code group-member-removed} or {@code public-ip-reassociated}
     * @param subject  the object, group or address that differed
     * @param expected what Gatewarden wrote
     * @param observed what it found instead
     */
    public record Drift(String target, String slot, String kind, String subject, Map<String, Object> expected,
                        Map<String, Object> observed, String summary) {
        public Drift {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(kind, "kind");
            expected = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(expected));
            observed = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(observed));
        }

        /** The {@code drift} audit record: outcome {@code DETECTED}, what was expected before, what was found after. */
        public AuditEntry auditEntry(String owner) {
            Map<String, Object> change = new LinkedHashMap<>();
            change.put("kind", kind);
            change.put("subject", subject);
            change.put("summary", summary);
            return new AuditEntry(owner, target, "drift", "drift", slot, change, expected, observed, "DETECTED",
                    summary + "; this round repairs it");
        }
    }

    public static List<Drift> detect(Plan plan, ObservedState observed) {
        List<Drift> out = new ArrayList<>();
        for (Change c : plan.changes()) {
            if (c instanceof Publish p && p.ip() != null && p.objectName() != null && observed.available(p.firewall())) {
                firewall(p, observed.firewall(p.firewall()), plan.owner()).ifPresent(out::add);
            } else if (c instanceof AttachPublic a && a.publicIp() != null && observed.available(a.cloud())) {
                cloud(a, observed, plan.owner()).ifPresent(out::add);
            }
        }
        return out;
    }

    private static Optional<Drift> firewall(Publish p, ObservedFirewall fw, String owner) {
        Optional<FirewallObject> obj = fw.object(p.objectName());
        if (obj.isEmpty() || !owner.equals(obj.get().owner())) {
            return Optional.empty();
        }
        String slot = p.slot() == null ? null : p.slot().toString();
        if (!p.ip().equals(obj.get().ip())) {
            return Optional.of(new Drift(p.firewall(), slot, "object-value", p.objectName(),
                    Map.of("object", p.objectName(), "ip", p.ip()),
                    mapOf("object", p.objectName(), "ip", obj.get().ip()),
                    "address object " + p.objectName() + " on " + p.firewall() + " holds " + obj.get().ip()
                            + " instead of " + p.ip()));
        }
        Optional<FirewallGroup> group = fw.group(p.group());
        if (group.isPresent() && owner.equals(group.get().owner()) && !group.get().members().contains(p.objectName())) {
            return Optional.of(new Drift(p.firewall(), slot, "group-member-removed", p.group(),
                    Map.of("group", p.group(), "member", p.objectName()),
                    Map.of("group", p.group(), "members", group.get().members()),
                    "group " + p.group() + " on " + p.firewall() + " no longer lists " + p.objectName()));
        }
        return Optional.empty();
    }

    private static Optional<Drift> cloud(AttachPublic a, ObservedState observed, String owner) {
        List<CloudAddress> owned = observed.cloud(a.cloud()).addresses().stream()
                .filter(x -> owner.equals(x.owner()) && a.slot().equals(x.slot())).toList();
        Optional<CloudAddress> pub = owned.stream()
                .filter(x -> x.kind() == AddressKind.PUBLIC && a.publicIp().equals(x.ip())).findFirst();
        Optional<CloudAddress> priv = owned.stream().filter(x -> x.kind() == AddressKind.PRIVATE).findFirst();
        if (pub.isEmpty() || priv.isEmpty() || pub.get().boundPrivateIp() == null
                || pub.get().boundPrivateIp().equals(priv.get().ip())) {
            return Optional.empty();
        }
        CloudAddress p = pub.get();
        return Optional.of(new Drift(a.cloud(), a.slot().toString(), "public-ip-reassociated", p.ip(),
                mapOf("publicIp", p.ip(), "privateIp", priv.get().ip(),
                        "node", priv.get().node() == null ? null : priv.get().node().providerId()),
                mapOf("publicIp", p.ip(), "privateIp", p.boundPrivateIp(),
                        "node", p.node() == null ? null : p.node().providerId()),
                "public IP " + p.ip() + " of " + a.slot() + " on " + a.cloud() + " is associated with "
                        + p.boundPrivateIp() + " instead of its slot's private IP " + priv.get().ip()));
    }

    private static Map<String, Object> mapOf(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
