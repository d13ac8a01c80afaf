package dev.gatewarden.model;

import java.util.List;
import java.util.Objects;

/** An address group on a firewall; {@code owner} null when the group carries no ownership mark. */
public record FirewallGroup(String name, List<String> members, String owner) {
    public FirewallGroup {
        Objects.requireNonNull(name, "name");
        members = List.copyOf(members);
    }
}
