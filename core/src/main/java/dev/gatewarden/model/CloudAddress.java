package dev.gatewarden.model;

import java.util.Objects;

/**
 * One address a cloud reports, with the ownership it carries.
 *
 * @param cloud          the cloud account name
 * @param slot           the slot the ownership tags name (null when the address carries no slot tag)
 * @param ip             the IP address
 * @param ref            the provider's handle: an allocation id, a public-IP resource id, an interface id…
 * @param node           the node the address is on (private) or associated with (public); null when unattached
 * @param interfaceId    the interface holding it (private) or that its association points to (public)
 * @param boundPrivateIp public addresses: the private IP it is associated with; null when unassociated
 * @param owner          the owner tag value, null when not tagged
 * @param external       the address's lifecycle is managed elsewhere (e.g. Terraform): attach only, never release
 */
public record CloudAddress(String cloud, SlotId slot, AddressKind kind, String ip, String ref, NodeRef node,
                           String interfaceId, String boundPrivateIp, String owner, boolean external) {
    public CloudAddress {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(kind, "kind");
    }

    public CloudAddress withPlacement(NodeRef newNode, String newInterfaceId, String newBoundPrivateIp) {
        return new CloudAddress(cloud, slot, kind, ip, ref, newNode, newInterfaceId, newBoundPrivateIp, owner, external);
    }
}
