package dev.gatewarden.model;

import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything observed in one round. A target that could not be observed is listed in {@code unavailable}
 * (name → reason): the planner changes nothing there and attaches nothing that depends on it.
 */
public record ObservedState(Map<String, ObservedCloud> clouds, Map<String, ObservedFirewall> firewalls,
                            Map<String, String> unavailable) {
    public ObservedState {
        clouds = Map.copyOf(clouds);
        firewalls = Map.copyOf(firewalls);
        unavailable = java.util.Collections.unmodifiableMap(new TreeMap<>(Objects.requireNonNull(unavailable)));
    }

    public static ObservedState empty() {
        return new ObservedState(Map.of(), Map.of(), Map.of());
    }

    public ObservedCloud cloud(String name) {
        return clouds.getOrDefault(name, ObservedCloud.empty(name));
    }

    public ObservedFirewall firewall(String name) {
        return firewalls.getOrDefault(name, ObservedFirewall.empty(name));
    }

    public boolean available(String target) {
        return !unavailable.containsKey(target);
    }
}
