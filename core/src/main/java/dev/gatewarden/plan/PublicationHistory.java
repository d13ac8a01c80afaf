package dev.gatewarden.plan;

import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where this owner's addresses were published, by the record of earlier runs (the audit log): per firewall name,
 * the IPs that were published there and not withdrawn since. The planner consults it only for firewalls that are
 * no longer configured: those cannot be observed, so the record is all that says they may still list an address.
 */
public record PublicationHistory(Map<String, Set<String>> listedByFirewall) {
    public static final PublicationHistory NONE = new PublicationHistory(Map.of());

    public PublicationHistory {
        Map<String, Set<String>> copy = new TreeMap<>();
        listedByFirewall.forEach((fw, ips) -> {
            if (!ips.isEmpty()) {
                copy.put(fw, Collections.unmodifiableSet(new TreeSet<>(ips)));
            }
        });
        listedByFirewall = Collections.unmodifiableMap(copy);
    }

    /** The IPs the record says {@code firewall} may still list. */
    public Set<String> listedBy(String firewall) {
        return listedByFirewall.getOrDefault(firewall, Set.of());
    }
}
