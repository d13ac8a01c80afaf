package dev.gatewarden.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** What one firewall reports: the address objects and groups relevant to Gatewarden (owned or colliding). */
public record ObservedFirewall(String firewall, List<FirewallObject> objects, List<FirewallGroup> groups) {
    public ObservedFirewall {
        Objects.requireNonNull(firewall, "firewall");
        objects = List.copyOf(objects);
        groups = List.copyOf(groups);
    }

    public static ObservedFirewall empty(String firewall) {
        return new ObservedFirewall(firewall, List.of(), List.of());
    }

    public Optional<FirewallObject> object(String name) {
        return objects.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public Optional<FirewallGroup> group(String name) {
        return groups.stream().filter(g -> g.name().equals(name)).findFirst();
    }
}
