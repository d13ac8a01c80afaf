package dev.gatewarden.spi;

import java.util.List;
import java.util.Set;

/**
 * What an adapter should observe besides everything marked as owned by the owner: the groups and object names
 * the desired state uses, so that an unowned object or group with one of those names is reported (a conflict).
 */
public record FirewallScope(String owner, Set<String> groups, Set<String> objectNames) {
    public FirewallScope {
        groups = Set.copyOf(groups);
        objectNames = Set.copyOf(objectNames);
    }

    public static FirewallScope of(String owner, List<String> groups) {
        return new FirewallScope(owner, Set.copyOf(groups), Set.of());
    }
}
