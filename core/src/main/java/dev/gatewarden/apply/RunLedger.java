package dev.gatewarden.apply;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.CloudChange.AllocatePublic;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.FirewallChange.Withdraw;
import dev.gatewarden.plan.Phase;
import dev.gatewarden.plan.Plan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** What one {@link Executor} run has done so far, kept by kind for the changes that depend on earlier ones. */
final class RunLedger {
    /** The allocations the plan makes, by slot and kind: indexed once, for the references that point at them. */
    private final Set<AddrKey> planned = new HashSet<>();
    /** Addresses produced in this run, by slot and kind. */
    private final Map<AddrKey, CloudAddress> allocated = new LinkedHashMap<>();
    /** Outcomes of this run's allocations, by slot and kind. */
    private final Map<AddrKey, ChangeResult> allocations = new LinkedHashMap<>();
    /** Outcomes of this run's publishes, by firewall and slot. */
    private final Map<FirewallSlot, List<ChangeResult>> publishes = new LinkedHashMap<>();
    /** Outcomes of attach/move, detach and withdraw, in order. */
    private final List<ChangeResult> attachments = new ArrayList<>();
    private final List<ChangeResult> detaches = new ArrayList<>();
    private final List<ChangeResult> withdrawals = new ArrayList<>();

    record AddrKey(SlotId slot, AddressKind kind) {
    }

    RunLedger(Plan plan) {
        for (Change c : plan.inPhase(Phase.ALLOCATE)) {
            AddrKey key = allocationKey(c);
            if (key != null) {
                planned.add(key);
            }
        }
    }

    /** Whether the plan allocates the address of {@code key} in this run. */
    boolean plansAllocation(AddrKey key) {
        return planned.contains(key);
    }

    private record FirewallSlot(String firewall, SlotId slot) {
    }

    /** The slot and kind of address that {@code c} allocates, or null when it allocates none. */
    static AddrKey allocationKey(Change c) {
        if (c instanceof AllocatePublic a) {
            return new AddrKey(a.slot(), AddressKind.PUBLIC);
        }
        if (c instanceof AssignPrivate a) {
            return new AddrKey(a.slot(), AddressKind.PRIVATE);
        }
        return null;
    }

    /** Files a finished change's result under its kind. */
    void track(ChangeResult r) {
        Change c = r.change();
        AddrKey key = allocationKey(c);
        if (key != null) {
            allocations.put(key, r);
        } else if (c instanceof Publish p) {
            publishes.computeIfAbsent(new FirewallSlot(p.firewall(), p.slot()), k -> new ArrayList<>()).add(r);
        } else if (c instanceof CloudChange.Attachment) {
            attachments.add(r);
        } else if (c instanceof DetachPublic) {
            detaches.add(r);
        } else if (c instanceof Withdraw) {
            withdrawals.add(r);
        }
    }

    void allocated(AddrKey key, CloudAddress address) {
        allocated.put(key, address);
    }

    /** The address this run allocated for {@code key}, or null. */
    CloudAddress allocated(AddrKey key) {
        return allocated.get(key);
    }

    /** The result of this run's allocation for {@code key}, or null. */
    ChangeResult allocation(AddrKey key) {
        return allocations.get(key);
    }

    /** The results of this run's publishes of {@code slot} to {@code firewall}, or null when there were none. */
    List<ChangeResult> publishes(String firewall, SlotId slot) {
        return publishes.get(new FirewallSlot(firewall, slot));
    }

    /** The firewalls to which every publish of {@code slot} in this run succeeded, in publish order. */
    List<String> confirmedFirewalls(SlotId slot) {
        List<String> confirmed = new ArrayList<>();
        publishes.forEach((key, list) -> {
            if (key.slot() != null && key.slot().equals(slot)
                    && list.stream().allMatch(r -> r.outcome() == Outcome.SUCCEEDED)) {
                confirmed.add(key.firewall());
            }
        });
        return confirmed;
    }

    List<ChangeResult> attachments() {
        return Collections.unmodifiableList(attachments);
    }

    List<ChangeResult> detaches() {
        return Collections.unmodifiableList(detaches);
    }

    List<ChangeResult> withdrawals() {
        return Collections.unmodifiableList(withdrawals);
    }
}
