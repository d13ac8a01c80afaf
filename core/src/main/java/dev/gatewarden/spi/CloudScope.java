package dev.gatewarden.spi;

import dev.gatewarden.model.NodeRef;
import java.util.List;
import java.util.Objects;

/**
 * What a provider should observe: every address tagged with {@code owner} (whatever its gateway), and the
 * interfaces of {@code nodes}.
 */
public record CloudScope(String owner, List<NodeRef> nodes, List<String> gateways) {
    public CloudScope {
        Objects.requireNonNull(owner, "owner");
        nodes = List.copyOf(nodes);
        gateways = List.copyOf(gateways);
    }
}
