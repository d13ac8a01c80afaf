package dev.gatewarden.model;

import java.util.List;
import java.util.Objects;

/**
 * A node's network interface as the cloud reports it.
 *
 * @param deviceIndex    attachment index (0 = primary)
 * @param primaryIp      the interface's primary private IP
 * @param privateIps     every private IP on it, primary included
 * @param maxPrivateIps  how many private IPs the interface may hold (0 = unknown)
 */
public record NodeInterface(String cloud, NodeRef node, String interfaceId, int deviceIndex, String subnet,
                            String primaryIp, List<String> privateIps, int maxPrivateIps) {
    public NodeInterface {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(interfaceId, "interfaceId");
        privateIps = List.copyOf(privateIps);
    }

    public boolean matches(InterfaceSelector selector) {
        if (selector == null || selector.isPrimary()) {
            return deviceIndex == 0;
        }
        if (selector.subnet() != null) {
            return selector.subnet().equals(subnet);
        }
        return selector.deviceIndex() == deviceIndex;
    }
}
