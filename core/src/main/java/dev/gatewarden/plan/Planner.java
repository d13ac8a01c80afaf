package dev.gatewarden.plan;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredGroup;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.ownership.Ownership;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The pure heart of Gatewarden: {@code plan(desired, observed, options) -> Plan}. No I/O, no clock, no mutation of
 * its inputs; the same inputs give the same plan, in the same order.
 *
 * <p>Rules:
 * <ul>
 *   <li>Only addresses and firewall objects marked with the desired owner are changed; everything else is left
 *       alone (an unmarked object with a name we would use is a {@link Skip.Kind#CONFLICT}).</li>
 *   <li>Slots are matched by identity ({@code gateway#index}), so addresses survive restarts, node moves and
 *       config reordering; a slot keeps its public IP when its node or private IP changes.</li>
 *   <li>Changes follow the make-before-break phases of {@link Phase}; attaching a new address waits for the
 *       firewalls that must list it ({@code requires}).</li>
 *   <li>A target that could not be observed is not changed, and nothing is retired on its account.</li>
 *   <li>The deletion guard holds back every retirement when too large a share would go.</li>
 *   <li>Addresses reserved outside Gatewarden ({@code gatewarden-lifecycle=external}, e.g. by Terraform) are
 *       attach-only: detached when their slot goes, never released. A slot whose gateway has
 *       {@code reservation: external} is never given an allocated address: it waits for the reservation.</li>
 * </ul>
 */
public final class Planner {

    private Planner() {
    }

    public static Plan plan(DesiredState desired, ObservedState observed, PlannerOptions options) {
        return new Run(desired, observed, options).run();
    }

    /** The addresses a slot will have once the plan ran: known IPs, or pending (assigned by the cloud this run). */
    private record SlotAddresses(String privateIp, boolean privatePending, String publicIp, boolean publicPending,
                                 boolean newPublic) {
    }

    /** An attachment to emit once the firewall side is planned (its {@code requires} depends on it). */
    private record AttachIntent(DesiredSlot slot, CloudAddress keptPublic, String privateIp) {
    }

    private static final class Run {
        private final DesiredState desired;
        private final ObservedState observed;
        private final PlannerOptions options;
        private final String owner;
        private final List<Change> changes = new ArrayList<>();
        private final List<Change> retirements = new ArrayList<>();
        private final List<Skip> skips = new ArrayList<>();
        private final Set<String> warnings = new LinkedHashSet<>();
        private final Map<SlotId, SlotAddresses> addresses = new TreeMap<>();
        /** Slots whose cloud could not be observed (or whose node is unknown): their firewall state is frozen. */
        private final Set<SlotId> frozen = new TreeSet<>();
        /** Retired slots: guarded as a whole. */
        private final Set<SlotId> retiredSlots = new TreeSet<>();
        /** ip → slot, for every owned cloud address observed. */
        private final Map<String, SlotId> slotByIp = new HashMap<>();
        private final List<AttachIntent> attaches = new ArrayList<>();
        private final List<CloudChange.MovePrivate> moves = new ArrayList<>();
        /** (slot, kind) → firewalls that must confirm before the address is attached. */
        private final Map<String, Set<String>> requires = new HashMap<>();
        private int managedCloudAddresses;
        private int retiredCloudAddresses;

        Run(DesiredState desired, ObservedState observed, PlannerOptions options) {
            this.desired = Objects.requireNonNull(desired, "desired");
            this.observed = Objects.requireNonNull(observed, "observed");
            this.options = options == null ? PlannerOptions.DEFAULTS : options;
            this.owner = desired.owner();
        }

        Plan run() {
            planClouds();
            List<Change> firewallWithdrawals = new ArrayList<>();
            Map<String, int[]> firewallDeleteShare = planFirewalls(firewallWithdrawals);
            emitAttachments();
            applyGuard(firewallWithdrawals, firewallDeleteShare);
            return new Plan(owner, changes, skips, List.copyOf(warnings), null);
        }

        // ------------------------------------------------------------------ clouds

        private void planClouds() {
            Map<SlotId, DesiredSlot> want = desired.slotsById();
            Set<String> clouds = new TreeSet<>(observed.clouds().keySet());
            want.values().forEach(s -> clouds.add(s.cloud()));

            for (String cloud : clouds) {
                boolean available = observed.available(cloud);
                ObservedCloud obs = observed.cloud(cloud);
                Map<SlotId, List<CloudAddress>> privates = new TreeMap<>();
                Map<SlotId, List<CloudAddress>> publics = new TreeMap<>();
                for (CloudAddress a : obs.addresses()) {
                    if (!owner.equals(a.owner())) {
                        continue; // another owner's, or untagged: never ours to touch
                    }
                    if (a.slot() == null) {
                        warnings.add("cloud " + cloud + ": address " + a.ip() + " carries our owner tag but no slot tag;"
                                + " left alone (tag it or release it by hand)");
                        continue;
                    }
                    managedCloudAddresses++;
                    if (a.ip() != null) {
                        slotByIp.put(a.ip(), a.slot());
                    }
                    (a.kind() == AddressKind.PRIVATE ? privates : publics)
                            .computeIfAbsent(a.slot(), k -> new ArrayList<>()).add(a);
                }
                for (DesiredSlot s : want.values()) {
                    if (!s.cloud().equals(cloud)) {
                        continue;
                    }
                    if (!s.managed()) {
                        addresses.put(s.id(), new SlotAddresses(s.privateIp(), false, s.fixedPublicIp(), false, false));
                        continue;
                    }
                    if (!available) {
                        frozen.add(s.id());
                        skips.add(new Skip(Skip.Kind.UNAVAILABLE, cloud, s.id(),
                                "cloud " + cloud + " could not be observed: " + observed.unavailable().get(cloud)));
                        continue;
                    }
                    planSlot(cloud, s, obs, privates.getOrDefault(s.id(), List.of()),
                            publics.getOrDefault(s.id(), List.of()));
                }
                if (!available) {
                    continue;
                }
                // Observed slots no longer desired: retire them.
                Set<SlotId> observedSlots = new TreeSet<>();
                observedSlots.addAll(privates.keySet());
                observedSlots.addAll(publics.keySet());
                for (SlotId id : observedSlots) {
                    DesiredSlot s = want.get(id);
                    if (s != null && (s.cloud().equals(cloud))) {
                        continue;
                    }
                    retiredSlots.add(id);
                    for (CloudAddress a : publics.getOrDefault(id, List.of())) {
                        retirePublic(cloud, a, true);
                    }
                    for (CloudAddress a : privates.getOrDefault(id, List.of())) {
                        retiredCloudAddresses++;
                        retirements.add(new CloudChange.UnassignPrivate(cloud, id, a.node(), a.ip()));
                    }
                }
            }
        }

        private void planSlot(String cloud, DesiredSlot s, ObservedCloud obs, List<CloudAddress> privs,
                              List<CloudAddress> pubs) {
            NodeInterface nic = obs.interfaces().stream()
                    .filter(i -> i.node().sameNode(s.node()) && i.matches(s.nic()))
                    .findFirst().orElse(null);
            if (nic == null) {
                frozen.add(s.id());
                skips.add(new Skip(Skip.Kind.INVALID, cloud, s.id(), "node " + s.node().instance()
                        + " has no interface matching " + s.nic() + " in cloud " + cloud
                        + ": check the node reference and the interface selection"));
                return;
            }

            // ---- private address
            List<CloudAddress> sortedPrivs = privs.stream()
                    .sorted(Comparator.comparing((CloudAddress a) -> !(a.node() != null && a.node().sameNode(s.node())))
                            .thenComparing(CloudAddress::ip))
                    .toList();
            CloudAddress keptPriv = s.privateIp() != null
                    ? sortedPrivs.stream().filter(a -> s.privateIp().equals(a.ip())).findFirst().orElse(null)
                    : sortedPrivs.stream().findFirst().orElse(null);
            String privateIp;
            boolean privatePending = false;
            if (keptPriv == null) {
                if (s.privateIp() != null && s.privateIp().equals(nic.primaryIp())) {
                    frozen.add(s.id());
                    skips.add(new Skip(Skip.Kind.INVALID, cloud, s.id(), "private IP " + s.privateIp()
                            + " is the primary IP of " + nic.interfaceId() + " on " + s.node().instance()
                            + "; a gateway slot needs a secondary IP"));
                    return;
                }
                changes.add(new CloudChange.AssignPrivate(cloud, s.id(), s.node(), s.nic(), s.privateIp()));
                privateIp = s.privateIp();
                privatePending = s.privateIp() == null;
            } else {
                privateIp = keptPriv.ip();
                boolean sameNode = keptPriv.node() != null && keptPriv.node().sameNode(s.node());
                boolean sameNic = keptPriv.interfaceId() == null || keptPriv.interfaceId().equals(nic.interfaceId());
                if (!sameNode || !sameNic) {
                    moves.add(new CloudChange.MovePrivate(cloud, s.id(), keptPriv.ip(), keptPriv.node(), s.node(),
                            s.nic(), List.of()));
                }
            }
            for (CloudAddress a : sortedPrivs) {
                if (a != keptPriv) { // replaced (e.g. the gateway pod got a new IP): not a retirement of the slot
                    retirements.add(new CloudChange.UnassignPrivate(cloud, s.id(), a.node(), a.ip()));
                }
            }

            // ---- public address
            String publicIp = null;
            boolean publicPending = false;
            boolean newPublic = false;
            if (s.publicIp()) {
                boolean external = s.externalReservation();
                List<CloudAddress> sortedPubs = pubs.stream()
                        .sorted(Comparator.comparing((CloudAddress a) -> external && !a.external())
                                .thenComparing(a -> a.boundPrivateIp() == null)
                                .thenComparing(a -> a.ip() == null ? "" : a.ip()))
                        .toList();
                CloudAddress kept = sortedPubs.isEmpty() ? null : sortedPubs.get(0);
                if (external && (kept == null || !kept.external())) {
                    // attach only: the reservation comes from Terraform (tagged gatewarden-lifecycle=external);
                    // never allocate in its place. An address of ours the slot still has keeps serving meanwhile.
                    skips.add(new Skip(Skip.Kind.POLICY, cloud, s.id(), "waiting for the Terraform reservation of "
                            + s.id() + ": a public IP tagged " + Ownership.OWNER + "=" + owner + ", "
                            + Ownership.GATEWAY + "=" + s.id().gateway() + ", " + Ownership.SLOT + "=" + s.id().index()
                            + ", " + Ownership.LIFECYCLE + "=" + Ownership.LIFECYCLE_EXTERNAL
                            + " (reservation: external; run terraform apply on the gatewarden synth output)"));
                }
                if (kept == null) {
                    if (!external) {
                        changes.add(new CloudChange.AllocatePublic(cloud, s.id()));
                        publicPending = true;
                        newPublic = true;
                    }
                } else {
                    publicIp = kept.ip();
                }
                for (int i = 1; i < sortedPubs.size(); i++) {
                    retirePublic(cloud, sortedPubs.get(i), false);
                }
                boolean onPrimary = privateIp != null && privateIp.equals(nic.primaryIp());
                if (kept == null && external) {
                    // nothing to attach until the reservation exists (the skip above says so)
                } else if (onPrimary && !s.allowPrimaryIp()) {
                    skips.add(new Skip(Skip.Kind.POLICY, cloud, s.id(), "not associating a public IP with "
                            + privateIp + ", the primary IP of " + s.node().instance()
                            + ": it would silently replace the node's own public IP (set allowPrimaryIp: true to allow)"));
                    warnings.add("slot " + s.id() + ": its private IP is the node's primary IP; public IP not attached");
                } else {
                    boolean bound = kept != null && kept.boundPrivateIp() != null && privateIp != null
                            && kept.boundPrivateIp().equals(privateIp) && kept.node() != null
                            && kept.node().sameNode(s.node()) && keptPriv != null;
                    if (!bound) {
                        attaches.add(new AttachIntent(s, kept, privateIp));
                    }
                }
            } else {
                for (CloudAddress a : pubs) {
                    retirePublic(cloud, a, true);
                }
            }
            addresses.put(s.id(), new SlotAddresses(privateIp, privatePending, publicIp, publicPending, newPublic));
        }

        private void retirePublic(String cloud, CloudAddress a, boolean countsForGuard) {
            if (countsForGuard) {
                retiredCloudAddresses++;
            }
            if (a.boundPrivateIp() != null) {
                retirements.add(new CloudChange.DetachPublic(cloud, a.slot(), a.ip(), a.ref(), a.node(),
                        a.boundPrivateIp()));
            }
            if (a.external()) {
                // attach-only: Terraform (or whoever reserved it) owns its lifecycle; never a ReleasePublic for it
                skips.add(new Skip(Skip.Kind.POLICY, cloud, a.slot(), "public IP " + a.ip()
                        + " is reserved outside Gatewarden (gatewarden-lifecycle=external): detached only, never released"));
            } else {
                retirements.add(new CloudChange.ReleasePublic(cloud, a.slot(), a.ip(), a.ref()));
            }
        }

        // ------------------------------------------------------------------ firewalls

        /** Returns, per firewall, {owned objects, objects to delete} for the guard. */
        private Map<String, int[]> planFirewalls(List<Change> withdrawals) {
            Map<String, List<DesiredGroup>> byFirewall = new TreeMap<>();
            for (DesiredGroup g : desired.groups()) {
                byFirewall.computeIfAbsent(g.firewall(), k -> new ArrayList<>()).add(g);
            }
            Map<SlotId, DesiredSlot> want = desired.slotsById();
            Map<String, int[]> share = new TreeMap<>();

            for (Map.Entry<String, List<DesiredGroup>> e : byFirewall.entrySet()) {
                String fw = e.getKey();
                List<DesiredGroup> groups = e.getValue().stream()
                        .sorted(Comparator.comparing(DesiredGroup::group).thenComparing(g -> g.kind().name()))
                        .toList();
                if (!observed.available(fw)) {
                    for (DesiredGroup g : groups) {
                        for (SlotId id : g.slots()) {
                            skips.add(new Skip(Skip.Kind.UNAVAILABLE, fw, id, "firewall " + fw
                                    + " could not be observed: " + observed.unavailable().get(fw)));
                            SlotAddresses sa = addresses.get(id);
                            if (sa != null && (g.kind() == AddressKind.PUBLIC ? sa.newPublic() : sa.privatePending())) {
                                require(id, g.kind(), fw);
                            }
                        }
                    }
                    continue;
                }
                ObservedFirewall of = observed.firewall(fw);
                NameTemplate template = desired.naming().getOrDefault(fw, NameTemplate.DEFAULT);
                Set<String> expectedOnFirewall = new HashSet<>();
                Set<String> frozenGroups = new HashSet<>();
                Map<String, Set<String>> expectedByGroup = new HashMap<>();
                Map<String, FirewallGroup> withdrawFrom = new TreeMap<>();

                for (DesiredGroup g : groups) {
                    FirewallGroup og = of.group(g.group()).orElse(null);
                    boolean groupFrozen = g.slots().stream().anyMatch(frozen::contains);
                    if (og != null && !owner.equals(og.owner())) {
                        frozenGroups.add(g.group());
                        for (SlotId id : g.slots()) {
                            skips.add(new Skip(Skip.Kind.CONFLICT, fw, id, "group " + g.group() + " exists on " + fw
                                    + " but is not marked as owned by " + owner
                                    + "; rename the binding's group or adopt the group explicitly"));
                            require(id, g.kind(), fw);
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
                        SlotAddresses sa = addresses.get(id);
                        if (s == null || sa == null || frozen.contains(id)) {
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
                                changes.add(new FirewallChange.Publish(fw, g.group(), g.gateway(), id, g.kind(), null, null));
                                require(id, g.kind(), fw);
                            }
                            continue;
                        }
                        String name = template.objectName(owner, g.gateway(), ip, id.index());
                        expected.add(name);
                        expectedOnFirewall.add(name);
                        FirewallObject obj = of.object(name).orElse(null);
                        if (obj != null && !owner.equals(obj.owner())) {
                            skips.add(new Skip(Skip.Kind.CONFLICT, fw, id, "address object " + name + " exists on " + fw
                                    + " but is not marked as owned by " + owner
                                    + "; rename or remove it, or adopt it explicitly"));
                            require(id, g.kind(), fw);
                            continue;
                        }
                        boolean listed = obj != null && ip.equals(obj.ip()) && og != null && og.members().contains(name);
                        if (!listed) {
                            changes.add(new FirewallChange.Publish(fw, g.group(), g.gateway(), id, g.kind(), ip, name));
                            require(id, g.kind(), fw);
                        }
                    }
                    if (og != null) {
                        withdrawFrom.put(og.name(), og);
                    }
                }
                // Owned groups that no binding wants any more: withdraw our members (the group itself stays).
                for (FirewallGroup og : of.groups()) {
                    boolean wanted = groups.stream().anyMatch(g -> g.group().equals(og.name()));
                    if (!wanted && owner.equals(og.owner())) {
                        withdrawFrom.put(og.name(), og);
                    }
                }
                for (FirewallGroup og : withdrawFrom.values()) {
                    if (frozenGroups.contains(og.name())) {
                        continue;
                    }
                    Set<String> expected = expectedByGroup.getOrDefault(og.name(), Set.of());
                    for (String member : og.members()) {
                        if (!expected.contains(member)) {
                            withdrawMember(fw, of, og.name(), member, expectedOnFirewall, withdrawals);
                        }
                    }
                }
                // Owned objects in no owned group and not expected: leftovers (e.g. a crash between create and
                // group update). Delete them.
                Set<String> inOwnedGroups = new HashSet<>();
                of.groups().stream().filter(g -> owner.equals(g.owner())).forEach(g -> inOwnedGroups.addAll(g.members()));
                int owned = 0;
                for (FirewallObject o : of.objects()) {
                    if (!owner.equals(o.owner())) {
                        continue;
                    }
                    owned++;
                    if (!expectedOnFirewall.contains(o.name()) && !inOwnedGroups.contains(o.name())
                            && frozenGroups.isEmpty()) {
                        withdrawals.add(new FirewallChange.Withdraw(fw, null, o.gateway(), slotByIp.get(o.ip()), o.ip(),
                                o.name(), true));
                    }
                }
                // Replacing a kept slot's address (a gateway pod got a new IP) is not a retirement: only objects of
                // retired slots, or of no slot, count for the guard.
                long deletes = withdrawals.stream()
                        .filter(c -> c instanceof FirewallChange.Withdraw w && w.firewall().equals(fw) && w.deleteObject()
                                && (w.slot() == null || !want.containsKey(w.slot())))
                        .map(c -> ((FirewallChange.Withdraw) c).objectName()).distinct().count();
                share.put(fw, new int[] {owned, (int) deletes});
            }
            return share;
        }

        private void withdrawMember(String fw, ObservedFirewall of, String group, String member,
                                    Set<String> expectedOnFirewall, List<Change> withdrawals) {
            FirewallObject obj = of.object(member).orElse(null);
            if (obj == null || !owner.equals(obj.owner())) {
                warnings.add("firewall " + fw + ": group " + group + " lists " + member
                        + ", which is not marked as ours; left in place");
                return;
            }
            withdrawals.add(new FirewallChange.Withdraw(fw, group, obj.gateway(), slotByIp.get(obj.ip()), obj.ip(),
                    member, !expectedOnFirewall.contains(member)));
        }

        private void require(SlotId id, AddressKind kind, String firewall) {
            requires.computeIfAbsent(id + "/" + kind, k -> new TreeSet<>()).add(firewall);
        }

        private List<String> requiresFor(SlotId id, AddressKind kind) {
            return List.copyOf(requires.getOrDefault(id + "/" + kind, Set.of()));
        }

        // ------------------------------------------------------------------ attachments and guard

        private void emitAttachments() {
            for (CloudChange.MovePrivate mp : moves) {
                changes.add(new CloudChange.MovePrivate(mp.cloud(), mp.slot(), mp.ip(), mp.fromNode(), mp.node(),
                        mp.nic(), requiresFor(mp.slot(), AddressKind.PRIVATE)));
            }
            for (AttachIntent a : attaches) {
                DesiredSlot s = a.slot();
                CloudAddress kept = a.keptPublic();
                List<String> req = new ArrayList<>(requiresFor(s.id(), AddressKind.PUBLIC));
                NodeRef from = kept == null ? null : kept.node();
                changes.add(new CloudChange.AttachPublic(s.cloud(), s.id(), kept == null ? null : kept.ip(),
                        kept == null ? null : kept.ref(), s.node(), s.nic(), a.privateIp(), from, req));
            }
        }

        private void applyGuard(List<Change> firewallWithdrawals, Map<String, int[]> firewallShare) {
            double max = options.maxDeleteFraction();
            boolean cloudTrips = retiredCloudAddresses > 0
                    && retiredCloudAddresses > max * managedCloudAddresses;
            List<String> firewallsTripping = new ArrayList<>();
            firewallShare.forEach((fw, s) -> {
                if (s[1] > 0 && s[1] > max * s[0]) {
                    firewallsTripping.add(fw);
                }
            });
            boolean trips = (cloudTrips || !firewallsTripping.isEmpty()) && !options.allowDeletions();
            if (!trips) {
                changes.addAll(retirements);
                changes.addAll(firewallWithdrawals);
                if (options.allowDeletions() && (cloudTrips || !firewallsTripping.isEmpty())) {
                    warnings.add("deletion guard exceeded and overridden by the user (allow deletions)");
                }
                return;
            }
            String why = cloudTrips
                    ? "it would retire " + retiredCloudAddresses + " of " + managedCloudAddresses + " managed addresses"
                    : "it would delete most owned objects on " + String.join(", ", firewallsTripping);
            String reason = "deletion guard: " + why + " (more than " + Math.round(max * 100)
                    + "%); nothing retired. Check the config and the discovered gateways, then rerun with "
                    + "--allow-deletions to proceed";
            warnings.add(reason);
            for (Change c : retirements) {
                skips.add(new Skip(Skip.Kind.GUARD, c.target(), c.slot(), reason + " [" + c.summary() + "]"));
            }
            for (Change c : firewallWithdrawals) {
                skips.add(new Skip(Skip.Kind.GUARD, c.target(), c.slot(), reason + " [" + c.summary() + "]"));
            }
        }
    }
}
