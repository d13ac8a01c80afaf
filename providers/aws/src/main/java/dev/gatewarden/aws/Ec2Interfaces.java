package dev.gatewarden.aws;

import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfacePrivateIpAddress;

/** Network interfaces as the provider reads them: device index, private IPs, and the gateway's interface choice. */
final class Ec2Interfaces {
    private Ec2Interfaces() {
    }

    /**
     * The interface the planner chose ({@code interfaceId}, matched in the round's observation) among {@code enis}
     * of {@code node}; for a change made outside the planner ({@code interfaceId} null), the one {@code nic} selects.
     */
    static NetworkInterface chosen(String where, List<NetworkInterface> enis, NodeRef node, InterfaceSelector nic,
                                   String interfaceId) {
        if (interfaceId == null) {
            return select(where, enis, node, nic);
        }
        return enis.stream().filter(e -> interfaceId.equals(e.networkInterfaceId()) && e.attachment() != null
                        && node.instance().equals(e.attachment().instanceId()))
                .findFirst()
                .orElseThrow(() -> new ProviderException(where + ": interface " + interfaceId + " that the plan chose "
                        + "for " + nic + " is no longer attached to " + node.instance() + "; the next round plans "
                        + "again", Ec2Errors.NOT_FOUND_INTERFACE, false));
    }

    /** The interface of {@code node} that {@code nic} (default: the primary, device 0) selects. */
    private static NetworkInterface select(String where, List<NetworkInterface> enis, NodeRef node, InterfaceSelector nic) {
        if (enis.isEmpty()) {
            throw new ProviderException(where + ": instance " + node.instance() + " was not found (no network "
                    + "interfaces attached in this region); check the node's providerID and the cloud entry's region",
                    Ec2Errors.NOT_FOUND_INSTANCE, false);
        }
        InterfaceSelector sel = nic == null ? InterfaceSelector.PRIMARY : nic;
        return enis.stream().filter(e -> e.attachment() != null && node.instance().equals(e.attachment().instanceId()))
                .filter(e -> {
                    if (sel.subnet() != null) {
                        return sel.subnet().equals(e.subnetId());
                    }
                    return deviceIndex(e) == (sel.deviceIndex() == null ? 0 : sel.deviceIndex());
                })
                .min(Comparator.comparingInt(Ec2Interfaces::deviceIndex))
                .orElseThrow(() -> new ProviderException(where + ": instance " + node.instance() + " has no interface "
                        + "matching " + sel + " (it has " + enis.stream().map(e -> "device " + deviceIndex(e) + " in "
                        + e.subnetId()).toList() + "); attach one or fix the gateway's interface selection",
                        Ec2Errors.NOT_FOUND_INTERFACE, false));
    }

    /**
     * A field's value, or null when it is absent or empty: other EC2 implementations and proxies send
     * {@code <instanceId></instanceId>} for "none" (API-NOTES H.1).
     */
    static String present(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    static int deviceIndex(NetworkInterface e) {
        Integer i = e.attachment() == null ? null : e.attachment().deviceIndex();
        return i == null ? -1 : i;
    }

    static List<String> privateIps(NetworkInterface e) {
        List<String> ips = new ArrayList<>();
        if (present(e.privateIpAddress()) != null) {
            ips.add(e.privateIpAddress());
        }
        for (NetworkInterfacePrivateIpAddress p : e.privateIpAddresses()) {
            if (present(p.privateIpAddress()) != null && !ips.contains(p.privateIpAddress())) {
                ips.add(p.privateIpAddress());
            }
        }
        return ips;
    }
}
