package dev.gatewarden.kubernetes;

import java.util.Objects;

/**
 * A gateway pod that holds no slot this round, and why (pending, not ready, terminating, node without provider ID,
 * unsupported cloud, more pods than slots).
 *
 * @param node the node name, null when not scheduled
 * @param ip   the pod IP, null when it has none yet
 */
public record SkippedPod(String namespace, String name, String node, String ip, String reason) {
    public SkippedPod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return namespace + "/" + name + ": " + reason;
    }
}
