package dev.gatewarden.model;

import java.util.Objects;

/**
 * What one slot should look like.
 *
 * @param privateIp      the exact private IP the slot must have (e.g. a gateway pod's IP); null: the cloud chooses
 * @param publicIp       whether the slot carries a public IP
 * @param fixedPublicIp  firewall-only mode: the public IP some other system manages for this slot (null if none)
 */
public record DesiredSlot(SlotId id, String cloud, NodeRef node, String privateIp, boolean publicIp,
                          String fixedPublicIp, GatewayMode mode, InterfaceSelector nic, boolean allowPrimaryIp) {
    public DesiredSlot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloud, "cloud");
        mode = mode == null ? GatewayMode.MANAGED : mode;
        nic = nic == null ? InterfaceSelector.PRIMARY : nic;
        if (mode == GatewayMode.MANAGED) {
            Objects.requireNonNull(node, "node of managed slot " + id);
        }
    }

    public boolean managed() {
        return mode == GatewayMode.MANAGED;
    }
}
