package dev.gatewarden.spi;

import java.util.List;
import java.util.Objects;

/**
 * The complete list of owned members one group must have after a change set (members that are not ours are
 * never touched). The group is created, marked as ours, when missing. An empty list means the group must list
 * none of our addresses: the adapter handles what its firewall requires of an empty group.
 */
public record GroupMembers(String group, String gateway, List<AddressObject> members) {
    public GroupMembers {
        Objects.requireNonNull(group, "group");
        members = List.copyOf(members);
    }
}
