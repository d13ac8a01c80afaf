package dev.gatewarden.model;

import java.util.List;
import java.util.Objects;

/** What one cloud account reports: addresses carrying an owner tag (any owner) and the nodes' interfaces. */
public record ObservedCloud(String cloud, List<CloudAddress> addresses, List<NodeInterface> interfaces) {
    public ObservedCloud {
        Objects.requireNonNull(cloud, "cloud");
        addresses = List.copyOf(addresses);
        interfaces = List.copyOf(interfaces);
    }

    public static ObservedCloud empty(String cloud) {
        return new ObservedCloud(cloud, List.of(), List.of());
    }
}
