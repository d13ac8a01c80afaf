package dev.gatewarden.plan;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.DesiredGroup;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.IpLiteral;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.PlanDraft.SlotAddresses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The firewall half of a plan: publications of the slots' addresses and withdrawals of what is no longer wanted. */
final class FirewallPlanning {
    private final PlanDraft d;

    FirewallPlanning(PlanDraft draft) {
        this.d = draft;
    }

    /**
     * Plans every firewall: configured or observed. Adds the publications to the draft's changes and the withdrawals
     * to {@code withdrawals} (the guard decides on them); returns, per firewall, {owned objects, objects to delete}
     * for the guard.
     */
    Map<String, int[]> plan(List<Change> withdrawals) {
        Map<String, List<DesiredGroup>> byFirewall = new TreeMap<>();
        for (DesiredGroup g : d.desired.groups()) {
            byFirewall.computeIfAbsent(g.firewall(), k -> new ArrayList<>()).add(g);
        }
        Map<SlotId, DesiredSlot> want = d.desired.slotsById();
        Map<String, int[]> share = new TreeMap<>();
        // Every configured firewall, and every one observed: one with no desired group must lose what we put there.
        Set<String> firewalls = new TreeSet<>(d.desired.firewalls());
        firewalls.addAll(d.observed.firewalls().keySet());
        firewalls.addAll(byFirewall.keySet());

        for (String fw : firewalls) {
            List<DesiredGroup> groups = byFirewall.getOrDefault(fw, List.of()).stream()
                    .sorted(Comparator.comparing(DesiredGroup::group).thenComparing(g -> g.kind().name()))
                    .toList();
            if (!d.observed.available(fw)) {
                if (groups.isEmpty()) {
                    d.warnings.add("firewall " + fw + " could not be observed: nothing is withdrawn there, and no "
                            + "address is released while it may still list it");
                }
                for (DesiredGroup g : groups) {
                    for (SlotId id : g.slots()) {
                        d.skips.add(new Skip(Skip.Kind.UNAVAILABLE, fw, id, "firewall " + fw
                                + " could not be observed: " + d.observed.unavailable().get(fw)));
                        SlotAddresses sa = d.addresses.get(id);
                        if (sa != null && (g.kind() == AddressKind.PUBLIC ? sa.newPublic() : sa.privatePending())) {
                            d.require(id, g.kind(), fw);
                        }
                    }
                }
                continue;
            }
            ObservedFirewall of = d.observed.firewall(fw);
            // indexes: a firewall can hold thousands of objects, looked up once per slot
            Map<String, FirewallObject> objectsByName = new HashMap<>();
            of.objects().forEach(o -> objectsByName.putIfAbsent(o.name(), o));
            Map<String, FirewallGroup> groupsByName = new HashMap<>();
            of.groups().forEach(x -> groupsByName.putIfAbsent(x.name(), x));
            Set<String> expectedOnFirewall = new HashSet<>();
            Set<String> frozenGroups = new HashSet<>();
            Map<String, Set<String>> expectedByGroup = new HashMap<>();
            Map<String, FirewallGroup> withdrawFrom = new TreeMap<>();

            for (DesiredGroup g : groups) {
                FirewallGroup og = groupsByName.get(g.group());
                boolean groupFrozen = g.slots().stream().anyMatch(d.frozen::contains);
                if (og != null && !d.owner.equals(og.owner())) {
                    frozenGroups.add(g.group());
                    for (SlotId id : g.slots()) {
                        d.skips.add(new Skip(Skip.Kind.CONFLICT, fw, id, "group " + g.group() + " exists on " + fw
                                + " but is not marked as owned by " + d.owner
                                + "; rename the binding's group or adopt the group explicitly"));
                        d.require(id, g.kind(), fw);
                    }
                    continue;
                }
                if (groupFrozen) {
                    // Part of the gateway could not be observed: do not withdraw anything from this group.
                    frozenGroups.add(g.group());
                    if (og != null) {
                        expectedOnFirewall.addAll(og.members());
                    }
                }
                Set<String> expected = expectedByGroup.computeIfAbsent(g.group(), k -> new HashSet<>());
                for (SlotId id : g.slots()) {
                    DesiredSlot s = want.get(id);
                    SlotAddresses sa = d.addresses.get(id);
                    if (s == null || sa == null || d.frozen.contains(id)) {
                        continue;
                    }
                    boolean pub = g.kind() == AddressKind.PUBLIC;
                    if (pub && !s.publicIp()) {
                        continue;
                    }
                    String ip = pub ? sa.publicIp() : sa.privateIp();
                    boolean pending = pub ? sa.publicPending() : sa.privatePending();
                    if (ip == null) {
                        if (pending) {
                            d.changes.add(new FirewallChange.Publish(fw, g.group(), g.gateway(), id, g.kind(),
                                    new AddressRef.FromAllocation(id, g.kind()), null));
                            d.require(id, g.kind(), fw);
                        }
                        continue;
                    }
                    String name = d.desired.objectName(fw, g.gateway(), ip, id.index());
                    expected.add(name);
                    expectedOnFirewall.add(name);
                    FirewallObject obj = objectsByName.get(name);
                    if (obj != null && !d.owner.equals(obj.owner())) {
                        d.skips.add(new Skip(Skip.Kind.CONFLICT, fw, id, "address object " + name + " exists on " + fw
                                + " but is not marked as owned by " + d.owner
                                + "; rename or remove it, or adopt it explicitly"));
                        d.require(id, g.kind(), fw);
                        continue;
                    }
                    boolean listed = obj != null && IpLiteral.same(ip, obj.ip()) && og != null && og.members().contains(name);
                    if (!listed) {
                        d.changes.add(FirewallChange.Publish.of(fw, g.group(), g.gateway(), id, g.kind(), ip, name));
                        d.require(id, g.kind(), fw);
                    }
                }
                if (og != null) {
                    withdrawFrom.put(og.name(), og);
                }
            }
            // Owned groups that no binding wants any more: withdraw our members. The group itself stays, emptied
            // (the adapter leaves its placeholder where the vendor needs one): rules may reference it, and deleting a
            // referenced group fails on both vendors, which would hold every release back.
            for (FirewallGroup og : of.groups()) {
                boolean wanted = groups.stream().anyMatch(g -> g.group().equals(og.name()));
                if (!wanted && d.owner.equals(og.owner())) {
                    withdrawFrom.put(og.name(), og);
                    if (!og.members().isEmpty() && !frozenGroups.contains(og.name())) {
                        d.warnings.add("firewall " + fw + ": group " + og.name() + " is no longer wanted by any "
                                + "binding: its members are withdrawn and the group is left in place, emptied (with "
                                + "the vendor's placeholder where an empty group needs one); delete it by hand once no "
                                + "rule references it");
                    }
                }
            }
            for (FirewallGroup og : withdrawFrom.values()) {
                if (frozenGroups.contains(og.name())) {
                    continue;
                }
                Set<String> expected = expectedByGroup.getOrDefault(og.name(), Set.of());
                for (String member : og.members()) {
                    if (!expected.contains(member)) {
                        withdrawMember(fw, objectsByName, og.name(), member, expectedOnFirewall, withdrawals);
                    }
                }
            }
            // Owned objects in no owned group and not expected: leftovers (e.g. a crash between create and
            // group update). Delete them.
            Set<String> inOwnedGroups = new HashSet<>();
            of.groups().stream().filter(g -> d.owner.equals(g.owner())).forEach(g -> inOwnedGroups.addAll(g.members()));
            int owned = 0;
            for (FirewallObject o : of.objects()) {
                if (!d.owner.equals(o.owner())) {
                    continue;
                }
                owned++;
                if (!expectedOnFirewall.contains(o.name()) && !inOwnedGroups.contains(o.name())
                        && frozenGroups.isEmpty()) {
                    withdrawals.add(new FirewallChange.Withdraw(fw, null, o.gateway(), d.slotByIp.get(o.ip()), o.ip(),
                            o.name(), true));
                }
            }
            // Replacing a kept slot's address (a gateway pod got a new IP) is not a retirement: only objects of
            // slots this firewall no longer lists (retired, unbound, moved away), or of no slot, count for the guard.
            Set<SlotId> stillListed = new HashSet<>();
            groups.forEach(g -> stillListed.addAll(g.slots()));
            long deletes = withdrawals.stream()
                    .filter(c -> c instanceof FirewallChange.Withdraw w && w.firewall().equals(fw) && w.deleteObject()
                            && (w.slot() == null || !want.containsKey(w.slot()) || !stillListed.contains(w.slot())))
                    .map(c -> ((FirewallChange.Withdraw) c).objectName()).distinct().count();
            boolean retiring = d.desired.retiring().contains(fw);
            // a retiring firewall is emptied at the user's explicit request: the guard does not count it
            share.put(fw, new int[] {owned, retiring ? 0 : (int) deletes});
            if (retiring && owned == 0 && of.groups().stream().noneMatch(g -> d.owner.equals(g.owner())
                    && !g.members().isEmpty())) {
                d.warnings.add("firewall " + fw + " is retiring (retire: true) and lists nothing of ours any more: "
                        + "it can be removed from the config");
            }
        }
        return share;
    }

    private void withdrawMember(String fw, Map<String, FirewallObject> objectsByName, String group, String member,
                                Set<String> expectedOnFirewall, List<Change> withdrawals) {
        FirewallObject obj = objectsByName.get(member);
        if (obj == null || !d.owner.equals(obj.owner())) {
            d.warnings.add("firewall " + fw + ": group " + group + " lists " + member
                    + ", which is not marked as ours; left in place");
            return;
        }
        withdrawals.add(new FirewallChange.Withdraw(fw, group, obj.gateway(), d.slotByIp.get(obj.ip()), obj.ip(),
                member, !expectedOnFirewall.contains(member)));
    }
}
