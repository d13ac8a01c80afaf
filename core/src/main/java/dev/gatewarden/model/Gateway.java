package dev.gatewarden.model;

import java.util.List;
import java.util.Objects;

/**
 * One egress gateway as configured (or discovered).
 *
 * @param name        validated as a tag/label value and firewall-name part
 * @param cloud       the name of the cloud account entry
 * @param addresses   number of slots ({@code name#0 … name#(addresses-1)})
 * @param publicIps   whether each slot gets a public IP
 * @param nodes       the nodes holding the slots, slot i on {@code nodes[i % nodes.size()]}
 * @param privateIps  optional exact private IP per slot (index = slot index); empty or null entries: the cloud chooses
 * @param publicIpsFixed firewall-only mode: the public IPs another system manages, per slot (may be empty)
 * @param publish     the firewall bindings
 * @param mode        managed or firewall-only
 * @param nic         which interface carries the addresses
 * @param allowPrimaryIp whether a public IP may be associated with a node's primary private IP
 * @param reservation who reserves the public IPs ({@link Reservation#EXTERNAL}: Terraform; the engine attaches only)
 */
public record Gateway(String name, String cloud, int addresses, boolean publicIps, List<NodeRef> nodes,
                      List<String> privateIps, List<String> publicIpsFixed, List<FirewallBinding> publish,
                      GatewayMode mode, InterfaceSelector nic, boolean allowPrimaryIp, Reservation reservation) {
    /** A gateway whose public IPs Gatewarden reserves itself ({@link Reservation#GATEWARDEN}). */
    public Gateway(String name, String cloud, int addresses, boolean publicIps, List<NodeRef> nodes,
                   List<String> privateIps, List<String> publicIpsFixed, List<FirewallBinding> publish,
                   GatewayMode mode, InterfaceSelector nic, boolean allowPrimaryIp) {
        this(name, cloud, addresses, publicIps, nodes, privateIps, publicIpsFixed, publish, mode, nic, allowPrimaryIp,
                Reservation.GATEWARDEN);
    }

    public Gateway {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cloud, "cloud");
        if (addresses < 0) {
            throw new IllegalArgumentException("addresses must be >= 0");
        }
        nodes = List.copyOf(nodes == null ? List.of() : nodes);
        privateIps = privateIps == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(privateIps));
        publicIpsFixed = publicIpsFixed == null ? List.of() : java.util.Collections.unmodifiableList(new java.util.ArrayList<>(publicIpsFixed));
        publish = List.copyOf(publish == null ? List.of() : publish);
        mode = mode == null ? GatewayMode.MANAGED : mode;
        nic = nic == null ? InterfaceSelector.PRIMARY : nic;
        reservation = reservation == null ? Reservation.GATEWARDEN : reservation;
    }

    /** The same gateway on other nodes (e.g. discovered in Kubernetes); every other setting is kept. */
    public Gateway withNodes(List<NodeRef> newNodes) {
        return new Gateway(name, cloud, addresses, publicIps, newNodes, privateIps, publicIpsFixed, publish, mode, nic,
                allowPrimaryIp, reservation);
    }

    /** True when the public IPs are reserved outside Gatewarden: attach only. */
    public boolean externalReservation() {
        return reservation == Reservation.EXTERNAL;
    }
}
