package dev.gatewarden.plan;

import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.IpLiteral;
import dev.gatewarden.model.ObservedFirewall;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The release rule, applied to the finished plan: an address is released (or unassigned) only when every firewall
 * that may list it was observed in this round and either does not list it or has its withdrawal (object deleted) in
 * the same plan. A configured firewall that could not be observed may list anything; a firewall no longer configured
 * may list what the publication history says was published there. Releases that fail the rule are taken out of the
 * plan and reported as {@link Skip.Kind#HELD}. The executor then releases only after those withdrawals succeeded.
 */
final class ReleaseSafety {
    private final PlanDraft d;

    ReleaseSafety(PlanDraft draft) {
        this.d = draft;
    }

    void hold() {
        List<String> unobserved = d.desired.firewalls().stream().filter(fw -> !d.observed.available(fw)).toList();
        // owned objects per firewall and IP, and the objects this plan deletes
        Map<String, Map<String, List<String>>> ownedByIp = new HashMap<>();
        Set<String> firewalls = new TreeSet<>(d.desired.firewalls());
        firewalls.addAll(d.observed.firewalls().keySet());
        for (String fw : firewalls) {
            if (!d.observed.available(fw)) {
                continue;
            }
            ObservedFirewall of = d.observed.firewall(fw);
            for (FirewallObject o : of.objects()) {
                if (d.owner.equals(o.owner()) && o.ip() != null) {
                    ownedByIp.computeIfAbsent(canonical(o.ip()), k -> new HashMap<>())
                            .computeIfAbsent(fw, k -> new ArrayList<>()).add(o.name());
                }
            }
        }
        Set<String> deleted = new HashSet<>();
        for (Change c : d.changes) {
            if (c instanceof FirewallChange.Withdraw w && w.deleteObject()) {
                deleted.add(w.firewall() + "\u0000" + w.objectName());
            }
        }
        Map<String, Set<String>> formerlyPublished = new HashMap<>();
        d.options.history().listedByFirewall().forEach((fw, ips) -> {
            if (!d.desired.firewalls().contains(fw) && !d.options.forgottenFirewalls().contains(fw)) {
                ips.forEach(ip -> formerlyPublished.computeIfAbsent(canonical(ip), k -> new TreeSet<>()).add(fw));
            }
        });

        for (Iterator<Change> it = d.changes.iterator(); it.hasNext(); ) {
            Change c = it.next();
            if (!(c instanceof CloudChange.Release r)) {
                continue;
            }
            String ip = r instanceof CloudChange.ReleasePublic rp ? rp.publicIp() : ((CloudChange.UnassignPrivate) r).ip();
            List<String> why = new ArrayList<>();
            for (String fw : unobserved) {
                why.add("firewall " + fw + " could not be observed (" + d.observed.unavailable().get(fw)
                        + ") and may still list it");
            }
            ownedByIp.getOrDefault(canonical(ip), Map.of()).forEach((fw, names) -> {
                for (String name : names) {
                    if (!deleted.contains(fw + "\u0000" + name)) {
                        why.add("firewall " + fw + " still lists it as " + name + " and this plan does not withdraw it");
                    }
                }
            });
            for (String fw : formerlyPublished.getOrDefault(canonical(ip), Set.of())) {
                why.add("it was published to firewall " + fw + ", which is no longer configured: add " + fw
                        + " back with 'retire: true' so its objects are withdrawn, or confirm that it no longer "
                        + "trusts our addresses with --forget-firewall " + fw);
            }
            if (!why.isEmpty()) {
                it.remove();
                d.skips.add(new Skip(Skip.Kind.HELD, r.cloud(), r.slot(), "not releasing " + ip + ": "
                        + String.join("; ", why.stream().distinct().toList())));
            }
        }
        for (String fw : new TreeSet<>(d.options.history().listedByFirewall().keySet())) {
            if (!d.desired.firewalls().contains(fw) && !d.options.forgottenFirewalls().contains(fw)) {
                d.warnings.add("firewall " + fw + " is no longer configured, but the audit log says it may still list "
                        + d.options.history().listedBy(fw).size() + " of our addresses: they are not released until "
                        + fw + " is configured again with 'retire: true' (withdraws them) or confirmed gone with "
                        + "--forget-firewall " + fw);
            }
        }
    }

    /** One form per address, so 2001:db8::1 and 2001:DB8:0::1 compare equal. */
    static String canonical(String ip) {
        return IpLiteral.parse(ip).map(InetAddress::getHostAddress).orElse(ip);
    }
}
