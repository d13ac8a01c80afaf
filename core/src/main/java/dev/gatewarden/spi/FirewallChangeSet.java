package dev.gatewarden.spi;

import java.util.List;
import java.util.Objects;

/**
 * All of one firewall's changes for one phase, applied in this order: create (or re-mark) {@code create}, set
 * each group's owned members, delete {@code delete} (by then no owned group references them); then one commit.
 */
public record FirewallChangeSet(String firewall, List<AddressObject> create, List<GroupMembers> groups,
                                List<AddressObject> delete) {
    public FirewallChangeSet {
        Objects.requireNonNull(firewall, "firewall");
        create = List.copyOf(create);
        groups = List.copyOf(groups);
        delete = List.copyOf(delete);
    }

    public boolean isEmpty() {
        return create.isEmpty() && groups.isEmpty() && delete.isEmpty();
    }
}
