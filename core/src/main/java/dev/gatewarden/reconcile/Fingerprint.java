package dev.gatewarden.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A digest of an observed state, independent of the order in which APIs listed things. A saved plan carries the
 * fingerprint of the state it was computed from; applying it is refused when the world has moved since.
 */
public final class Fingerprint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Fingerprint() {
    }

    public static String of(ObservedState state) {
        Map<String, Object> canonical = new TreeMap<>();
        state.clouds().forEach((k, c) -> canonical.put("cloud/" + k, canonical(c)));
        state.firewalls().forEach((k, f) -> canonical.put("firewall/" + k, canonical(f)));
        canonical.put("unavailable", new TreeMap<>(state.unavailable()).keySet());
        try {
            byte[] bytes = JSON.writeValueAsString(canonical).getBytes(StandardCharsets.UTF_8);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint the observed state", e);
        }
    }

    private static Object canonical(ObservedCloud c) {
        List<CloudAddress> a = c.addresses().stream()
                .sorted(Comparator.comparing((CloudAddress x) -> x.kind().name()).thenComparing(x -> String.valueOf(x.ip())))
                .toList();
        List<NodeInterface> i = c.interfaces().stream().sorted(Comparator.comparing(NodeInterface::interfaceId))
                .map(n -> new NodeInterface(n.cloud(), n.node(), n.interfaceId(), n.deviceIndex(), n.subnet(),
                        n.primaryIp(), n.privateIps().stream().sorted().toList(), n.maxPrivateIps()))
                .toList();
        return Map.of("addresses", a, "interfaces", i);
    }

    private static Object canonical(ObservedFirewall f) {
        List<FirewallObject> o = f.objects().stream().sorted(Comparator.comparing(FirewallObject::name)).toList();
        List<FirewallGroup> g = f.groups().stream().sorted(Comparator.comparing(FirewallGroup::name))
                .map(x -> new FirewallGroup(x.name(), x.members().stream().sorted().toList(), x.owner())).toList();
        return Map.of("objects", o, "groups", g);
    }
}
