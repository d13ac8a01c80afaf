package dev.gatewarden.model;

import java.util.Objects;

/**
 * What one slot should look like.
 *
 * @param privateIp      the exact private IP the slot must have (e.g. a gateway pod's IP); null: the cloud chooses
 * @param publicIp       whether the slot carries a public IP
 * @param fixedPublicIp  firewall-only mode: the public IP some other system manages for this slot (null if none)
 * @param reservation    who reserves the slot's public IP; {@link Reservation#EXTERNAL}: attach only, never allocate
 */
public record DesiredSlot(SlotId id, String cloud, NodeRef node, String privateIp, boolean publicIp,
                          String fixedPublicIp, GatewayMode mode, InterfaceSelector nic, boolean allowPrimaryIp,
                          Reservation reservation) {
    /** A slot whose public IP Gatewarden reserves itself. */
    public DesiredSlot(SlotId id, String cloud, NodeRef node, String privateIp, boolean publicIp,
                       String fixedPublicIp, GatewayMode mode, InterfaceSelector nic, boolean allowPrimaryIp) {
        this(id, cloud, node, privateIp, publicIp, fixedPublicIp, mode, nic, allowPrimaryIp, Reservation.GATEWARDEN);
    }

    public DesiredSlot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(cloud, "cloud");
        mode = mode == null ? GatewayMode.MANAGED : mode;
        nic = nic == null ? InterfaceSelector.PRIMARY : nic;
        reservation = reservation == null ? Reservation.GATEWARDEN : reservation;
        if (mode == GatewayMode.MANAGED) {
            Objects.requireNonNull(node, "node of managed slot " + id);
        }
    }

    public boolean managed() {
        return mode == GatewayMode.MANAGED;
    }

    /** True when the public IP is reserved outside Gatewarden (Terraform): the planner never allocates it. */
    public boolean externalReservation() {
        return reservation == Reservation.EXTERNAL;
    }
}
