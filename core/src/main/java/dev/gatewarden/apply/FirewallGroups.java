package dev.gatewarden.apply;

import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.FirewallChange.Withdraw;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.GroupMembers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The owned members of each firewall's groups as known in one run (observed, then applied), and the
 * {@link FirewallChangeSet} that one phase's changes make of them.
 */
final class FirewallGroups {
    private final ObservedState observed;
    private final String owner;
    /** Owned group members per firewall and group, as known in this run (observed, then applied). */
    private final Map<String, Map<String, LinkedHashMap<String, AddressObject>>> groups = new TreeMap<>();

    FirewallGroups(ObservedState observed, String owner) {
        this.observed = observed;
        this.owner = owner;
    }

    /**
     * One firewall's change set for one phase, with the group members it sets (kept for {@link #applied}) and
     * each change's audit fields from before.
     */
    record Draft(String firewall, FirewallChangeSet set, Map<String, LinkedHashMap<String, AddressObject>> working,
                 Map<Change, Map<String, Object>> befores) {
    }

    /** The change set for {@code ready} (resolved, undecided changes) on {@code firewall}, from the known groups. */
    Draft draft(String firewall, List<Prepared> ready) {
        Map<String, LinkedHashMap<String, AddressObject>> state = groupState(firewall);
        Map<String, LinkedHashMap<String, AddressObject>> working = new LinkedHashMap<>();
        Map<String, String> groupGateway = new LinkedHashMap<>();
        Map<String, AddressObject> create = new LinkedHashMap<>();
        Map<String, AddressObject> delete = new LinkedHashMap<>();
        Map<Change, Map<String, Object>> befores = new LinkedHashMap<>();
        for (Prepared p : ready) {
            if (p.resolved() instanceof Publish pub) {
                LinkedHashMap<String, AddressObject> members = working.computeIfAbsent(pub.group(),
                        g -> new LinkedHashMap<>(state.getOrDefault(g, new LinkedHashMap<>())));
                groupGateway.putIfAbsent(pub.group(), pub.gateway());
                befores.put(pub, Map.of("group", pub.group(), "ownedMembers", members.size(),
                        "listed", members.containsKey(pub.objectName())));
                AddressObject o = new AddressObject(pub.objectName(), pub.ip(), pub.gateway(), pub.slot());
                create.putIfAbsent(o.name(), o);
                members.put(o.name(), o);
            } else {
                Withdraw w = (Withdraw) p.resolved();
                Map<String, Object> before = new LinkedHashMap<>();
                before.put("object", w.objectName());
                before.put("ip", w.ip());
                if (w.group() != null) {
                    LinkedHashMap<String, AddressObject> members = working.computeIfAbsent(w.group(),
                            g -> new LinkedHashMap<>(state.getOrDefault(g, new LinkedHashMap<>())));
                    groupGateway.putIfAbsent(w.group(), w.gateway());
                    before.put("group", w.group());
                    before.put("ownedMembers", members.size());
                    before.put("listed", members.containsKey(w.objectName()));
                    members.remove(w.objectName());
                }
                befores.put(w, before);
                if (w.deleteObject()) {
                    delete.putIfAbsent(w.objectName(),
                            new AddressObject(w.objectName(), w.ip(), w.gateway(), w.slot()));
                }
            }
        }
        FirewallChangeSet set = null;
        if (!ready.isEmpty()) {
            List<GroupMembers> groupSet = new ArrayList<>();
            working.forEach((g, members) -> groupSet.add(
                    new GroupMembers(g, groupGateway.get(g), new ArrayList<>(members.values()))));
            set = new FirewallChangeSet(firewall, new ArrayList<>(create.values()), groupSet,
                    new ArrayList<>(delete.values()));
        }
        return new Draft(firewall, set, working, befores);
    }

    /** Records that the firewall accepted {@code draft}: its groups now hold the draft's members. */
    void applied(Draft draft) {
        groupState(draft.firewall()).putAll(draft.working());
    }

    /** The audit fields after {@code c} succeeded on {@code firewall}. */
    Map<String, Object> after(String firewall, Change c) {
        Map<String, LinkedHashMap<String, AddressObject>> state = groupState(firewall);
        Map<String, Object> after = new LinkedHashMap<>();
        if (c instanceof Publish p) {
            after.put("object", p.objectName());
            after.put("ip", p.ip());
            after.put("group", p.group());
            after.put("ownedMembers", state.getOrDefault(p.group(), new LinkedHashMap<>()).size());
        } else if (c instanceof Withdraw w) {
            if (w.group() != null) {
                after.put("group", w.group());
                after.put("ownedMembers", state.getOrDefault(w.group(), new LinkedHashMap<>()).size());
            }
            after.put("deleted", w.deleteObject());
        }
        return after;
    }

    /** The owned members of each group on {@code firewall}, starting from the observed state. */
    private Map<String, LinkedHashMap<String, AddressObject>> groupState(String firewall) {
        return groups.computeIfAbsent(firewall, f -> {
            ObservedFirewall of = observed.firewall(f);
            Map<String, FirewallObject> objects = new LinkedHashMap<>();
            of.objects().forEach(o -> objects.putIfAbsent(o.name(), o));
            Map<String, LinkedHashMap<String, AddressObject>> m = new TreeMap<>();
            for (FirewallGroup g : of.groups()) {
                LinkedHashMap<String, AddressObject> members = new LinkedHashMap<>();
                for (String name : g.members()) {
                    FirewallObject o = objects.get(name);
                    if (o != null && owner.equals(o.owner()) && o.ip() != null) {
                        members.put(name, new AddressObject(name, o.ip(), o.gateway(), null));
                    }
                }
                m.put(g.name(), members);
            }
            return m;
        });
    }
}
