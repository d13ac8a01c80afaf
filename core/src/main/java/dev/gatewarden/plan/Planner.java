package dev.gatewarden.plan;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.PlanDraft.AttachIntent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 *   <li>Every configured firewall ends up listing exactly what the desired groups call for: one with no group left
 *       (binding removed, gateway moved or removed) has every owned object withdrawn.</li>
 *   <li>An address is released only when every firewall that may list it was observed and does not list it, or
 *       withdraws it in this plan ({@link ReleaseSafety}); otherwise the release is {@link Skip.Kind#HELD held}.</li>
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
        PlanDraft d = new PlanDraft(desired, observed, options);
        new CloudPlanning(d).plan();
        List<Change> firewallWithdrawals = new ArrayList<>();
        Map<String, int[]> firewallDeleteShare = new FirewallPlanning(d).plan(firewallWithdrawals);
        emitAttachments(d);
        applyGuard(d, firewallWithdrawals, firewallDeleteShare);
        new ReleaseSafety(d).hold();
        return new Plan(d.owner, d.changes, d.skips, List.copyOf(d.warnings), null);
    }

    private static void emitAttachments(PlanDraft d) {
        for (CloudChange.MovePrivate mp : d.moves) {
            d.changes.add(new CloudChange.MovePrivate(mp.cloud(), mp.slot(), mp.ip(), mp.fromNode(), mp.node(),
                    mp.nic(), mp.interfaceId(), d.requiresFor(mp.slot(), AddressKind.PRIVATE)));
        }
        for (AttachIntent a : d.attaches) {
            DesiredSlot s = a.slot();
            CloudAddress kept = a.keptPublic();
            List<String> req = new ArrayList<>(d.requiresFor(s.id(), AddressKind.PUBLIC));
            NodeRef from = kept == null ? null : kept.node();
            AddressRef pub = kept == null ? new AddressRef.FromAllocation(s.id(), AddressKind.PUBLIC)
                    : new AddressRef.Known(kept.ip(), kept.ref());
            AddressRef priv = AddressRef.of(a.privateIp(), null, s.id(), AddressKind.PRIVATE);
            d.changes.add(new CloudChange.AttachPublic(s.cloud(), s.id(), pub, s.node(), s.nic(), a.interfaceId(), priv,
                    from, req));
        }
    }

    private static void applyGuard(PlanDraft d, List<Change> firewallWithdrawals, Map<String, int[]> firewallShare) {
        double max = d.options.maxDeleteFraction();
        boolean cloudTrips = d.retiredCloudAddresses > 0
                && d.retiredCloudAddresses > max * d.managedCloudAddresses;
        List<String> firewallsTripping = new ArrayList<>();
        firewallShare.forEach((fw, s) -> {
            if (s[1] > 0 && s[1] > max * s[0]) {
                firewallsTripping.add(fw);
            }
        });
        boolean trips = (cloudTrips || !firewallsTripping.isEmpty()) && !d.options.allowDeletions();
        if (!trips) {
            d.changes.addAll(d.retirements);
            d.changes.addAll(firewallWithdrawals);
            if (d.options.allowDeletions() && (cloudTrips || !firewallsTripping.isEmpty())) {
                d.warnings.add("deletion guard exceeded and overridden by the user (allow deletions)");
            }
            return;
        }
        String why = cloudTrips
                ? "it would retire " + d.retiredCloudAddresses + " of " + d.managedCloudAddresses + " managed addresses"
                : "it would delete most owned objects on " + String.join(", ", firewallsTripping);
        String reason = "deletion guard: " + why + " (more than " + Math.round(max * 100)
                + "%); nothing retired. Check the config and the discovered gateways, then rerun with "
                + "--allow-deletions to proceed";
        d.warnings.add(reason);
        for (Change c : d.retirements) {
            d.skips.add(new Skip(Skip.Kind.GUARD, c.target(), c.slot(), reason + " [" + c.summary() + "]"));
        }
        for (Change c : firewallWithdrawals) {
            d.skips.add(new Skip(Skip.Kind.GUARD, c.target(), c.slot(), reason + " [" + c.summary() + "]"));
        }
    }
}
