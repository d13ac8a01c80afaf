package dev.gatewarden.plan;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** The state one planning run builds up, shared by its cloud and firewall halves. Never outlives the run. */
final class PlanDraft {
    /** The addresses a slot will have once the plan ran: known IPs, or pending (assigned by the cloud this run). */
    record SlotAddresses(String privateIp, boolean privatePending, String publicIp, boolean publicPending,
                         boolean newPublic) {
    }

    /** An attachment to emit once the firewall side is planned (its {@code requires} depends on it). */
    record AttachIntent(DesiredSlot slot, String interfaceId, CloudAddress keptPublic, String privateIp) {
    }

    final DesiredState desired;
    final ObservedState observed;
    final PlannerOptions options;
    final String owner;
    final List<Change> changes = new ArrayList<>();
    final List<Change> retirements = new ArrayList<>();
    final List<Skip> skips = new ArrayList<>();
    final Set<String> warnings = new LinkedHashSet<>();
    final Map<SlotId, SlotAddresses> addresses = new TreeMap<>();
    /** Slots whose cloud could not be observed (or whose node is unknown): their firewall state is frozen. */
    final Set<SlotId> frozen = new TreeSet<>();
    /** Retired slots: guarded as a whole. */
    final Set<SlotId> retiredSlots = new TreeSet<>();
    /** ip → slot, for every owned cloud address observed. */
    final Map<String, SlotId> slotByIp = new HashMap<>();
    final List<AttachIntent> attaches = new ArrayList<>();
    final List<CloudChange.MovePrivate> moves = new ArrayList<>();
    /** (slot, kind) → firewalls that must confirm before the address is attached. */
    final Map<String, Set<String>> requires = new HashMap<>();
    int managedCloudAddresses;
    int retiredCloudAddresses;

    PlanDraft(DesiredState desired, ObservedState observed, PlannerOptions options) {
        this.desired = Objects.requireNonNull(desired, "desired");
        this.observed = Objects.requireNonNull(observed, "observed");
        this.options = options == null ? PlannerOptions.DEFAULTS : options;
        this.owner = desired.owner();
    }

    void require(SlotId id, AddressKind kind, String firewall) {
        requires.computeIfAbsent(id + "/" + kind, k -> new TreeSet<>()).add(firewall);
    }

    List<String> requiresFor(SlotId id, AddressKind kind) {
        return List.copyOf(requires.getOrDefault(id + "/" + kind, Set.of()));
    }
}
