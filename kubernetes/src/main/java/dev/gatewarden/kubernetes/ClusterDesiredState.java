package dev.gatewarden.kubernetes;

import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredGroup;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The desired state of a config whose gateways are (partly) discovered in the cluster: configured gateways stay as
 * they are; a discovered gateway's slots come from its pod binding (each slot's private IP is its pod's IP, on its
 * pod's node) instead of the config's {@code nodes}/{@code privateIps}.
 */
public final class ClusterDesiredState {

    private ClusterDesiredState() {
    }

    /** The slots a gateway has in its cloud now (index → addresses), from the owned, slot-tagged addresses. */
    public static Map<Integer, SlotBinder.Existing> existing(ObservedState observed, String owner, Gateway gateway) {
        Map<Integer, String[]> found = new TreeMap<>();
        for (CloudAddress a : observed.cloud(gateway.cloud()).addresses()) {
            if (!owner.equals(a.owner()) || a.slot() == null || !a.slot().gateway().equals(gateway.name())
                    || a.ip() == null) {
                continue;
            }
            String[] ips = found.computeIfAbsent(a.slot().index(), k -> new String[2]);
            int i = a.kind() == AddressKind.PRIVATE ? 0 : 1;
            if (ips[i] == null) {
                ips[i] = a.ip();
            }
        }
        Map<Integer, SlotBinder.Existing> m = new TreeMap<>();
        found.forEach((k, v) -> m.put(k, new SlotBinder.Existing(v[0], v[1])));
        return m;
    }

    /**
     * @param discovered per discovered gateway name, what the cluster shows
     * @param bindings   per discovered gateway name, its slots this round
     */
    public static DesiredState build(GatewardenConfig config, Map<String, DiscoveredGateway> discovered,
                                     Map<String, SlotBinding> bindings) {
        List<Gateway> resolved = new ArrayList<>();
        Map<String, List<DesiredSlot>> discoveredSlots = new TreeMap<>();
        for (Gateway g : config.gateways()) {
            DiscoveredGateway d = discovered.get(g.name());
            SlotBinding b = bindings.get(g.name());
            if (d == null || b == null) {
                resolved.add(g);
                continue;
            }
            List<DesiredSlot> slots = slots(g, d, b);
            discoveredSlots.put(g.name(), slots);
            // Only the groups are taken from this stand-in (firewall-only: no node needed); the slots are ours.
            int count = slots.stream().mapToInt(s -> s.id().index() + 1).max().orElse(0);
            resolved.add(new Gateway(g.name(), g.cloud(), count, false, List.of(), List.of(), List.of(), g.publish(),
                    GatewayMode.FIREWALL_ONLY, g.nic(), g.allowPrimaryIp(), g.reservation()));
        }
        DesiredState base = config.desiredState(resolved);
        List<DesiredSlot> slots = new ArrayList<>();
        for (DesiredSlot s : base.slots()) {
            if (!discoveredSlots.containsKey(s.id().gateway())) {
                slots.add(s);
            }
        }
        discoveredSlots.values().forEach(slots::addAll);
        Map<String, Set<SlotId>> ids = discoveredSlots.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                e -> e.getValue().stream().map(DesiredSlot::id).collect(Collectors.toSet())));
        List<DesiredGroup> groups = new ArrayList<>();
        for (DesiredGroup g : base.groups()) {
            Set<SlotId> keep = ids.get(g.gateway());
            groups.add(keep == null ? g : new DesiredGroup(g.firewall(), g.group(), g.gateway(), g.kind(),
                    g.slots().stream().filter(keep::contains).toList()));
        }
        return new DesiredState(base.owner(), base.gateways(), slots, groups, base.naming(), base.firewalls(),
                base.retiring());
    }

    private static List<DesiredSlot> slots(Gateway g, DiscoveredGateway d, SlotBinding b) {
        List<DesiredSlot> slots = new ArrayList<>();
        if (d.mode() == GatewayMode.FIREWALL_ONLY) {
            // Another system (Calico Enterprise) owns the cloud side: publish the pod IPs and its Elastic IPs.
            SortedMap<Integer, String[]> byIndex = new TreeMap<>();
            b.bound().forEach((i, p) -> byIndex.computeIfAbsent(i, k -> new String[2])[0] = p.ip());
            List<String> eips = d.elasticIps();
            for (int i = 0; i < eips.size(); i++) {
                byIndex.computeIfAbsent(i, k -> new String[2])[1] = eips.get(i);
            }
            byIndex.forEach((i, ips) -> {
                GatewayPod p = b.bound().get(i);
                slots.add(new DesiredSlot(new SlotId(g.name(), i), g.cloud(), p == null ? null : p.node(), ips[0],
                        ips[1] != null, ips[1], GatewayMode.FIREWALL_ONLY, g.nic(), g.allowPrimaryIp()));
            });
            return slots;
        }
        b.bound().forEach((i, p) -> slots.add(new DesiredSlot(new SlotId(g.name(), i), g.cloud(), p.node(), p.ip(),
                g.publicIps(), null, GatewayMode.MANAGED, g.nic(), g.allowPrimaryIp(), g.reservation())));
        // A slot whose pod is gone keeps its addresses untouched (held as firewall-only: nothing changes in the
        // cloud, and the firewalls keep listing them) until a replacement pod takes it.
        b.held().forEach((i, e) -> slots.add(new DesiredSlot(new SlotId(g.name(), i), g.cloud(), null, e.privateIp(),
                e.publicIp() != null, e.publicIp(), GatewayMode.FIREWALL_ONLY, g.nic(), g.allowPrimaryIp())));
        return slots;
    }
}
