package dev.gatewarden.model;

import dev.gatewarden.ownership.NameTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything that should exist for one owner: slots on clouds and groups on firewalls.
 *
 * @param gateways  the gateways the slots come from (every gateway named here is managed, even with zero slots:
 *                  its observed addresses beyond the desired slots are retired)
 * @param naming    per firewall name, the template that names address objects
 * @param firewalls every configured firewall, with or without desired groups: each must end up listing exactly
 *                  what {@code groups} calls for (a firewall with no group loses every owned object)
 * @param retiring  configured firewalls marked {@code retire: true}: everything owned there is withdrawn, and the
 *                  deletion guard does not count it (the user asked for exactly that)
 */
public record DesiredState(String owner, List<String> gateways, List<DesiredSlot> slots, List<DesiredGroup> groups,
                           Map<String, NameTemplate> naming, Set<String> firewalls, Set<String> retiring) {
    public DesiredState {
        Objects.requireNonNull(owner, "owner");
        gateways = List.copyOf(gateways);
        slots = slots.stream().sorted(Comparator.comparing(DesiredSlot::id)).toList();
        groups = List.copyOf(groups);
        naming = Map.copyOf(naming);
        Set<String> all = new TreeSet<>(firewalls == null ? Set.of() : firewalls);
        groups.forEach(g -> all.add(g.firewall()));
        all.addAll(naming.keySet());
        retiring = Collections.unmodifiableSet(new TreeSet<>(retiring == null ? Set.of() : retiring));
        all.addAll(retiring);
        firewalls = Collections.unmodifiableSet(all);
    }

    /** The configured firewalls are those named by {@code naming} or by a group; none is retiring. */
    public DesiredState(String owner, List<String> gateways, List<DesiredSlot> slots, List<DesiredGroup> groups,
                        Map<String, NameTemplate> naming) {
        this(owner, gateways, slots, groups, naming, Set.of(), Set.of());
    }

    /**
     * Expands configured gateways into slots: slot i lives on {@code nodes[i % nodes.size()]}. The public-address
     * bindings of a gateway with an {@link Reservation#EXTERNAL external reservation} give no desired group: whoever
     * reserves the addresses (Terraform) also manages the firewall objects that list them.
     */
    public static DesiredState fromGateways(String owner, List<Gateway> gateways, Map<String, NameTemplate> naming,
                                            java.util.function.BiFunction<String, Gateway, String> defaultGroupName) {
        return fromGateways(owner, gateways, naming, defaultGroupName, Set.of());
    }

    /** As above, with the configured firewalls that are being retired ({@code retire: true}). */
    public static DesiredState fromGateways(String owner, List<Gateway> gateways, Map<String, NameTemplate> naming,
                                            java.util.function.BiFunction<String, Gateway, String> defaultGroupName,
                                            Set<String> retiring) {
        List<DesiredSlot> slots = new ArrayList<>();
        List<DesiredGroup> groups = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Gateway g : gateways) {
            names.add(g.name());
            List<SlotId> ids = new ArrayList<>();
            for (int i = 0; i < g.addresses(); i++) {
                SlotId id = new SlotId(g.name(), i);
                ids.add(id);
                NodeRef node = g.nodes().isEmpty() ? null : g.nodes().get(i % g.nodes().size());
                String privateIp = i < g.privateIps().size() ? blankToNull(g.privateIps().get(i)) : null;
                String fixedPublic = i < g.publicIpsFixed().size() ? blankToNull(g.publicIpsFixed().get(i)) : null;
                slots.add(new DesiredSlot(id, g.cloud(), node, privateIp, g.publicIps() || fixedPublic != null,
                        fixedPublic, g.mode(), g.nic(), g.allowPrimaryIp(), g.reservation()));
            }
            for (FirewallBinding b : g.publish()) {
                if (g.externalReservation() && b.addresses() == AddressKind.PUBLIC) {
                    // the reserving side (Terraform) owns the objects that list its reservations: left alone here
                    continue;
                }
                String group = b.group() != null ? b.group() : defaultGroupName.apply(b.firewall(), g);
                groups.add(new DesiredGroup(b.firewall(), group, g.name(), b.addresses(), ids));
            }
        }
        return new DesiredState(owner, names, slots, groups, naming, naming.keySet(), retiring);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    public Map<SlotId, DesiredSlot> slotsById() {
        Map<SlotId, DesiredSlot> m = new LinkedHashMap<>();
        slots.forEach(s -> m.put(s.id(), s));
        return m;
    }
}
