package dev.gatewarden.plan;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.IpLiteral;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.plan.PlanDraft.AttachIntent;
import dev.gatewarden.plan.PlanDraft.SlotAddresses;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The cloud half of a plan: slots matched to observed addresses, allocations, moves and retirements. */
final class CloudPlanning {
    private final PlanDraft d;

    CloudPlanning(PlanDraft draft) {
        this.d = draft;
    }

    /** Plans every cloud: observed or desired. */
    void plan() {
        Map<SlotId, DesiredSlot> want = d.desired.slotsById();
        Set<String> clouds = new TreeSet<>(d.observed.clouds().keySet());
        want.values().forEach(s -> clouds.add(s.cloud()));

        for (String cloud : clouds) {
            boolean available = d.observed.available(cloud);
            ObservedCloud obs = d.observed.cloud(cloud);
            Map<SlotId, List<CloudAddress>> privates = new TreeMap<>();
            Map<SlotId, List<CloudAddress>> publics = new TreeMap<>();
            for (CloudAddress a : obs.addresses()) {
                if (!d.owner.equals(a.owner())) {
                    continue; // another owner's, or untagged: never ours to touch
                }
                if (a.slot() == null) {
                    d.warnings.add("cloud " + cloud + ": address " + a.ip() + " carries our owner tag but no slot tag;"
                            + " left alone (tag it or release it by hand)");
                    continue;
                }
                d.managedCloudAddresses++;
                if (a.ip() != null) {
                    d.slotByIp.put(a.ip(), a.slot());
                }
                (a.kind() == AddressKind.PRIVATE ? privates : publics)
                        .computeIfAbsent(a.slot(), k -> new ArrayList<>()).add(a);
            }
            for (DesiredSlot s : want.values()) {
                if (!s.cloud().equals(cloud)) {
                    continue;
                }
                if (!s.managed()) {
                    d.addresses.put(s.id(), new SlotAddresses(s.privateIp(), false, s.fixedPublicIp(), false, false));
                    continue;
                }
                if (!available) {
                    d.frozen.add(s.id());
                    d.skips.add(new Skip(Skip.Kind.UNAVAILABLE, cloud, s.id(),
                            "cloud " + cloud + " could not be observed: " + d.observed.unavailable().get(cloud)));
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
                d.retiredSlots.add(id);
                for (CloudAddress a : publics.getOrDefault(id, List.of())) {
                    retirePublic(cloud, a, true);
                }
                for (CloudAddress a : privates.getOrDefault(id, List.of())) {
                    d.retiredCloudAddresses++;
                    d.retirements.add(new CloudChange.UnassignPrivate(cloud, id, a.node(), a.ip()));
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
            d.frozen.add(s.id());
            d.skips.add(new Skip(Skip.Kind.INVALID, cloud, s.id(), "node " + s.node().instance()
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
                ? sortedPrivs.stream().filter(a -> IpLiteral.same(s.privateIp(), a.ip())).findFirst().orElse(null)
                : sortedPrivs.stream().findFirst().orElse(null);
        String privateIp;
        boolean privatePending = false;
        if (keptPriv == null) {
            if (s.privateIp() != null && IpLiteral.same(s.privateIp(), nic.primaryIp())) {
                d.frozen.add(s.id());
                d.skips.add(new Skip(Skip.Kind.INVALID, cloud, s.id(), "private IP " + s.privateIp()
                        + " is the primary IP of " + nic.interfaceId() + " on " + s.node().instance()
                        + "; a gateway slot needs a secondary IP"));
                return;
            }
            d.changes.add(new CloudChange.AssignPrivate(cloud, s.id(), s.node(), s.nic(), nic.interfaceId(),
                    s.privateIp()));
            privateIp = s.privateIp();
            privatePending = s.privateIp() == null;
        } else {
            privateIp = keptPriv.ip();
            boolean sameNode = keptPriv.node() != null && keptPriv.node().sameNode(s.node());
            boolean sameNic = keptPriv.interfaceId() == null || keptPriv.interfaceId().equals(nic.interfaceId());
            if (!sameNode || !sameNic) {
                d.moves.add(new CloudChange.MovePrivate(cloud, s.id(), keptPriv.ip(), keptPriv.node(), s.node(),
                        s.nic(), nic.interfaceId(), List.of()));
            }
        }
        for (CloudAddress a : sortedPrivs) {
            if (a != keptPriv) { // replaced (e.g. the gateway pod got a new IP): not a retirement of the slot
                d.retirements.add(new CloudChange.UnassignPrivate(cloud, s.id(), a.node(), a.ip()));
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
                d.skips.add(new Skip(Skip.Kind.POLICY, cloud, s.id(), "waiting for the Terraform reservation of "
                        + s.id() + ": a public IP tagged " + Ownership.OWNER + "=" + d.owner + ", "
                        + Ownership.GATEWAY + "=" + s.id().gateway() + ", " + Ownership.SLOT + "=" + s.id().index()
                        + ", " + Ownership.LIFECYCLE + "=" + Ownership.LIFECYCLE_EXTERNAL
                        + " (reservation: external; run terraform apply on the gatewarden synth output)"));
            }
            if (kept == null) {
                if (!external) {
                    d.changes.add(new CloudChange.AllocatePublic(cloud, s.id()));
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
                d.skips.add(new Skip(Skip.Kind.POLICY, cloud, s.id(), "not associating a public IP with "
                        + privateIp + ", the primary IP of " + s.node().instance()
                        + ": it would silently replace the node's own public IP (set allowPrimaryIp: true to allow)"));
                d.warnings.add("slot " + s.id() + ": its private IP is the node's primary IP; public IP not attached");
            } else {
                boolean bound = kept != null && kept.boundPrivateIp() != null && privateIp != null
                        && kept.boundPrivateIp().equals(privateIp) && kept.node() != null
                        && kept.node().sameNode(s.node()) && keptPriv != null;
                if (!bound) {
                    d.attaches.add(new AttachIntent(s, nic.interfaceId(), kept, privateIp));
                }
            }
        } else {
            for (CloudAddress a : pubs) {
                retirePublic(cloud, a, true);
            }
        }
        d.addresses.put(s.id(), new SlotAddresses(privateIp, privatePending, publicIp, publicPending, newPublic));
    }

    private void retirePublic(String cloud, CloudAddress a, boolean countsForGuard) {
        if (countsForGuard) {
            d.retiredCloudAddresses++;
        }
        if (a.boundPrivateIp() != null) {
            d.retirements.add(new CloudChange.DetachPublic(cloud, a.slot(), a.ip(), a.ref(), a.node(),
                    a.boundPrivateIp()));
        }
        if (a.external()) {
            // attach-only: Terraform (or whoever reserved it) owns its lifecycle; never a ReleasePublic for it
            d.skips.add(new Skip(Skip.Kind.POLICY, cloud, a.slot(), "public IP " + a.ip()
                    + " is reserved outside Gatewarden (gatewarden-lifecycle=external): detached only, never released"));
        } else {
            d.retirements.add(new CloudChange.ReleasePublic(cloud, a.slot(), a.ip(), a.ref()));
        }
    }
}
