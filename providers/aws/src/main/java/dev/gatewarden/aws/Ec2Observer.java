package dev.gatewarden.aws;

import static dev.gatewarden.aws.Ec2Interfaces.deviceIndex;
import static dev.gatewarden.aws.Ec2Interfaces.present;
import static dev.gatewarden.aws.Ec2Interfaces.privateIps;
import static dev.gatewarden.aws.Ec2Tags.tags;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.ownership.IpRecord;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.spi.CloudScope;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * Rebuilds {@link ObservedCloud} from EC2 alone, and remembers the instance types of the nodes last observed (types
 * only change while an instance is stopped). Not thread-safe: {@link AwsCloudProvider} serializes its calls.
 */
final class Ec2Observer {
    private final String name;
    private final Ec2Port ec2;
    /** Instance id → type, for the nodes last observed. */
    private final Map<String, String> instanceTypes = new HashMap<>();

    Ec2Observer(String name, Ec2Port ec2) {
        this.name = name;
        this.ec2 = ec2;
    }

    /**
     * One DescribeAddresses (tag-key {@code gatewarden-owner}), the nodes' interfaces in paged
     * DescribeNetworkInterfaces (attachment.instance-id), interfaces holding ownership records anywhere in paged
     * DescribeNetworkInterfaces (tag-key {@code gatewarden-ip-*}: private IPs left on nodes no longer in scope), and
     * DescribeInstances only for instance types not seen before.
     */
    ObservedCloud observe(CloudScope scope) {
        Map<String, NodeRef> nodes = new LinkedHashMap<>();
        for (NodeRef n : scope.nodes()) {
            if (AwsCloudProviderFactory.ID.equals(n.cloud())) {
                nodes.putIfAbsent(n.instance(), n);
            }
        }
        List<Address> eips = ec2.addressesWithTagKey(Ownership.OWNER);
        Map<String, NetworkInterface> enis = new LinkedHashMap<>();
        if (!nodes.isEmpty()) {
            ec2.interfacesOfInstances(nodes.keySet()).forEach(e -> enis.put(e.networkInterfaceId(), e));
        }
        ec2.interfacesWithTagKey(IpRecord.KEY_PREFIX + "*").forEach(e -> enis.putIfAbsent(e.networkInterfaceId(), e));
        refreshInstanceTypes(nodes.keySet());

        List<CloudAddress> addresses = new ArrayList<>();
        for (Address a : eips) {
            Map<String, String> tags = tags(a.tags());
            String eniId = present(a.networkInterfaceId());
            String instanceId = present(a.instanceId());
            NetworkInterface eni = eniId == null ? null : enis.get(eniId);
            NodeRef node = instanceId == null ? null : nodeRef(nodes, instanceId,
                    eni == null ? null : eni.availabilityZone());
            addresses.add(new CloudAddress(name, Ownership.slotOf(tags), AddressKind.PUBLIC, a.publicIp(), a.allocationId(),
                    node, eniId, present(a.privateIpAddress()), tags.get(Ownership.OWNER), Ownership.isExternal(tags)));
        }
        List<NodeInterface> interfaces = new ArrayList<>();
        for (NetworkInterface e : enis.values()) {
            String instanceId = e.attachment() == null ? null : present(e.attachment().instanceId());
            // a detached interface still holding a record is reported without a node (nothing leaks unseen)
            NodeRef node = instanceId == null ? null : nodeRef(nodes, instanceId, e.availabilityZone());
            List<String> ips = privateIps(e);
            for (Map.Entry<String, String> t : tags(e.tagSet()).entrySet()) {
                String ip = IpRecord.ipOf(t.getKey());
                IpRecord record = IpRecord.parse(t.getValue());
                if (ip == null || record == null || !ips.contains(ip) || ip.equals(e.privateIpAddress())) {
                    continue; // a stale record (crash mid-move) or not ours to read
                }
                addresses.add(new CloudAddress(name, record.slot(), AddressKind.PRIVATE, ip, e.networkInterfaceId(),
                        node, e.networkInterfaceId(), null, record.owner(), false));
            }
            if (instanceId != null && nodes.containsKey(instanceId)) {
                interfaces.add(new NodeInterface(name, node, e.networkInterfaceId(), deviceIndex(e), e.subnetId(),
                        e.privateIpAddress(), ips, InstanceLimits.ipv4PerInterface(instanceTypes.get(instanceId))));
            }
        }
        addresses.sort(Comparator.comparing(CloudAddress::kind).thenComparing(CloudAddress::ip));
        interfaces.sort(Comparator.comparing((NodeInterface i) -> i.node().key())
                .thenComparingInt(NodeInterface::deviceIndex));
        return new ObservedCloud(name, addresses, interfaces);
    }

    private void refreshInstanceTypes(Set<String> instanceIds) {
        instanceTypes.keySet().retainAll(instanceIds);
        Set<String> missing = new LinkedHashSet<>(instanceIds);
        missing.removeAll(instanceTypes.keySet());
        if (!missing.isEmpty()) {
            instanceTypes.putAll(ec2.instanceTypes(missing));
        }
    }

    /** The instance's type: remembered from the last observe, else one DescribeInstances. */
    String instanceType(String instanceId) {
        String t = instanceTypes.get(instanceId);
        if (t == null) {
            t = ec2.instanceTypes(List.of(instanceId)).get(instanceId);
        }
        return t;
    }

    private static NodeRef nodeRef(Map<String, NodeRef> known, String instanceId, String az) {
        NodeRef n = known.get(instanceId);
        if (n != null) {
            return n;
        }
        return NodeRef.parse("aws:///" + (az == null ? "" : az) + "/" + instanceId);
    }
}
