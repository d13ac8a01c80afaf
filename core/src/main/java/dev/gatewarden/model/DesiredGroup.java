package dev.gatewarden.model;

import java.util.List;
import java.util.Objects;

/** One firewall group that should list exactly the given slots' addresses of the given kind. */
public record DesiredGroup(String firewall, String group, String gateway, AddressKind kind, List<SlotId> slots) {
    public DesiredGroup {
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(kind, "kind");
        slots = List.copyOf(slots);
    }
}
