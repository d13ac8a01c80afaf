package dev.gatewarden.reconcile;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredGroup;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallScope;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes every cloud and firewall a desired state touches. A target that fails to answer is recorded as
 * unavailable (with the reason) instead of failing the round: the planner then changes nothing there.
 */
public final class Observation {
    private static final Logger LOG = LoggerFactory.getLogger(Observation.class);

    private Observation() {
    }

    public static ObservedState observe(DesiredState desired, Map<String, CloudProvider> clouds,
                                        Map<String, FirewallAdapter> firewalls) {
        Map<String, ObservedCloud> seenClouds = new TreeMap<>();
        Map<String, String> unavailable = new TreeMap<>();
        Map<String, List<NodeRef>> nodes = new TreeMap<>();
        for (DesiredSlot s : desired.slots()) {
            if (s.managed() && s.node() != null) {
                List<NodeRef> list = nodes.computeIfAbsent(s.cloud(), k -> new ArrayList<>());
                if (list.stream().noneMatch(n -> n.sameNode(s.node()))) {
                    list.add(s.node());
                }
            }
        }
        for (Map.Entry<String, CloudProvider> e : new TreeMap<>(clouds).entrySet()) {
            try {
                seenClouds.put(e.getKey(), e.getValue().observe(new CloudScope(desired.owner(),
                        nodes.getOrDefault(e.getKey(), List.of()), desired.gateways())));
            } catch (RuntimeException ex) {
                LOG.warn("cloud {} could not be observed: {}", e.getKey(), ex.getMessage());
                unavailable.put(e.getKey(), ex.getMessage());
            }
        }
        // Names the desired state will use on each firewall, so unowned look-alikes are reported as conflicts.
        Map<SlotId, Set<String>> ipsBySlotKind = new HashMap<>();
        for (ObservedCloud oc : seenClouds.values()) {
            for (CloudAddress a : oc.addresses()) {
                if (desired.owner().equals(a.owner()) && a.slot() != null && a.ip() != null) {
                    ipsBySlotKind.computeIfAbsent(a.slot(), k -> new TreeSet<>()).add(a.kind() + "/" + a.ip());
                }
            }
        }
        for (DesiredSlot s : desired.slots()) {
            if (s.privateIp() != null) {
                ipsBySlotKind.computeIfAbsent(s.id(), k -> new TreeSet<>()).add(AddressKind.PRIVATE + "/" + s.privateIp());
            }
            if (s.fixedPublicIp() != null) {
                ipsBySlotKind.computeIfAbsent(s.id(), k -> new TreeSet<>()).add(AddressKind.PUBLIC + "/" + s.fixedPublicIp());
            }
        }
        Map<String, ObservedFirewall> seenFirewalls = new TreeMap<>();
        for (Map.Entry<String, FirewallAdapter> e : new TreeMap<>(firewalls).entrySet()) {
            String fw = e.getKey();
            Set<String> groups = new TreeSet<>();
            Set<String> names = new TreeSet<>();
            for (DesiredGroup g : desired.groups()) {
                if (!g.firewall().equals(fw)) {
                    continue;
                }
                groups.add(g.group());
                for (SlotId id : g.slots()) {
                    for (String kindIp : ipsBySlotKind.getOrDefault(id, Set.of())) {
                        if (kindIp.startsWith(g.kind() + "/")) {
                            names.add(desired.objectName(fw, g.gateway(), kindIp.substring(kindIp.indexOf('/') + 1),
                                    id.index()));
                        }
                    }
                }
            }
            try {
                seenFirewalls.put(fw, e.getValue().observe(new FirewallScope(desired.owner(), groups, names)));
            } catch (RuntimeException ex) {
                LOG.warn("firewall {} could not be observed: {}", fw, ex.getMessage());
                unavailable.put(fw, ex.getMessage());
            }
        }
        return new ObservedState(seenClouds, seenFirewalls, unavailable);
    }
}
