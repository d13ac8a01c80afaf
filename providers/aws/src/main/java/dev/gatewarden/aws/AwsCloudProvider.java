package dev.gatewarden.aws;

import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.PluginContext;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;
import software.amazon.awssdk.services.ec2.model.NetworkInterfacePrivateIpAddress;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * One AWS account and region. Public addresses are Elastic IPs tagged {@code gatewarden-owner/-gateway/-slot} at
 * creation; private addresses are secondary private IPs whose ownership records live as tags on the interface
 * holding them (see {@link PrivateIpRecords}), so {@link #observe} rebuilds the full state from EC2 alone.
 */
public final class AwsCloudProvider implements CloudProvider {
    private static final Logger LOG = LoggerFactory.getLogger(AwsCloudProvider.class);
    private final String name;
    private final PluginContext context;
    private final Ec2Port ec2;
    private final String where;
    private final String publicIpv4Pool;
    private final boolean allowPrimaryIp;
    /** Instance id → type, for the nodes last observed (types only change while an instance is stopped). */
    private final Map<String, String> instanceTypes = new HashMap<>();

    AwsCloudProvider(String name, PluginContext context, Ec2Port ec2, String where, String publicIpv4Pool,
                     boolean allowPrimaryIp) {
        this.name = Objects.requireNonNull(name, "name");
        this.context = Objects.requireNonNull(context, "context");
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.where = where;
        this.publicIpv4Pool = publicIpv4Pool;
        this.allowPrimaryIp = allowPrimaryIp;
    }

    @Override
    public String name() {
        return name;
    }

    private String owner() {
        return context.owner();
    }

    // ---- observe ---------------------------------------------------------------------------------------------

    /**
     * One DescribeAddresses (tag-key {@code gatewarden-owner}), the nodes' interfaces in paged
     * DescribeNetworkInterfaces (attachment.instance-id), interfaces holding ownership records anywhere in paged
     * DescribeNetworkInterfaces (tag-key {@code gatewarden-ip-*}: private IPs left on nodes no longer in scope), and
     * DescribeInstances only for instance types not seen before.
     */
    @Override
    public synchronized ObservedCloud observe(CloudScope scope) {
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
        ec2.interfacesWithTagKey(PrivateIpRecords.PREFIX + "*").forEach(e -> enis.putIfAbsent(e.networkInterfaceId(), e));
        refreshInstanceTypes(nodes.keySet());

        List<CloudAddress> addresses = new ArrayList<>();
        for (Address a : eips) {
            Map<String, String> tags = tags(a.tags());
            NetworkInterface eni = a.networkInterfaceId() == null ? null : enis.get(a.networkInterfaceId());
            NodeRef node = a.instanceId() == null ? null : nodeRef(nodes, a.instanceId(),
                    eni == null ? null : eni.availabilityZone());
            addresses.add(new CloudAddress(name, slotOf(tags), AddressKind.PUBLIC, a.publicIp(), a.allocationId(), node,
                    a.networkInterfaceId(), a.privateIpAddress(), tags.get(Ownership.OWNER), isExternal(tags)));
        }
        List<NodeInterface> interfaces = new ArrayList<>();
        for (NetworkInterface e : enis.values()) {
            String instanceId = e.attachment() == null ? null : e.attachment().instanceId();
            // a detached interface still holding a record is reported without a node (nothing leaks unseen)
            NodeRef node = instanceId == null ? null : nodeRef(nodes, instanceId, e.availabilityZone());
            List<String> ips = privateIps(e);
            for (Map.Entry<String, String> t : tags(e.tagSet()).entrySet()) {
                String ip = PrivateIpRecords.ipOf(t.getKey());
                PrivateIpRecords.Record record = PrivateIpRecords.parse(t.getValue());
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

    private String instanceType(String instanceId) {
        String t = instanceTypes.get(instanceId);
        if (t == null) {
            t = ec2.instanceTypes(List.of(instanceId)).get(instanceId);
        }
        return t;
    }

    // ---- allocate --------------------------------------------------------------------------------------------

    @Override
    public synchronized CloudAddress allocate(CloudChange.Allocation allocation) {
        if (allocation instanceof CloudChange.AllocatePublic p) {
            return allocatePublic(p);
        }
        return assignPrivate((CloudChange.AssignPrivate) allocation);
    }

    private CloudAddress allocatePublic(CloudChange.AllocatePublic change) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Ownership.OWNER, owner());
        tags.put(Ownership.GATEWAY, change.slot().gateway());
        tags.put(Ownership.SLOT, String.valueOf(change.slot().index()));
        Ec2Port.Allocated a = ec2.allocateAddress(publicIpv4Pool, tags);
        LOG.info("{}: allocated Elastic IP {} ({}) for {}", name, a.publicIp(), a.allocationId(), change.slot());
        return new CloudAddress(name, change.slot(), AddressKind.PUBLIC, a.publicIp(), a.allocationId(), null, null,
                null, owner(), false);
    }

    private CloudAddress assignPrivate(CloudChange.AssignPrivate change) {
        NodeRef node = change.node();
        List<NetworkInterface> enis = ec2.interfacesOfInstances(List.of(node.instance()));
        NetworkInterface eni = select(enis, node, change.nic());
        String key;
        String value = PrivateIpRecords.value(owner(), change.slot());
        String ip = change.requestedIp();
        if (ip != null) {
            key = PrivateIpRecords.key(ip);
            if (privateIps(eni).contains(ip)) {
                if (ip.equals(eni.privateIpAddress())) {
                    throw new ProviderException(where + ": " + ip + " is the primary private IP of " + eni.networkInterfaceId()
                            + " on " + node.instance() + "; a slot needs a secondary IP: request another address",
                            "PrimaryIpRequested", false);
                }
                String existing = tags(eni.tagSet()).get(key);
                PrivateIpRecords.Record r = PrivateIpRecords.parse(existing);
                if (existing != null && (r == null || !r.owner().equals(owner()))) {
                    throw new OwnershipConflictException(where + ": private IP " + ip + " on " + eni.networkInterfaceId()
                            + " is recorded as '" + existing + "', not owner " + owner() + "; Gatewarden leaves it alone");
                }
                if (existing == null) {
                    throw new OwnershipConflictException(where + ": private IP " + ip + " is already on "
                            + eni.networkInterfaceId() + " (" + node.instance() + ") without a Gatewarden record; "
                            + "it is not ours: adopt it explicitly or request another address");
                }
                if (!value.equals(existing)) {
                    ec2.createTags(eni.networkInterfaceId(), Map.of(key, value));
                }
                return privateAddress(change.slot(), ip, node, eni);
            }
            // record first: a crash after the assignment then leaves a recorded (observable) IP, never an orphan
            ec2.createTags(eni.networkInterfaceId(), Map.of(key, value));
            try {
                ec2.assignPrivateIp(eni.networkInterfaceId(), ip, false);
            } catch (ProviderException e) {
                ec2.deleteTags(eni.networkInterfaceId(), List.of(key));
                throw explainAssign(e, node, eni, ip);
            }
        } else {
            List<String> assigned;
            try {
                assigned = ec2.assignPrivateIp(eni.networkInterfaceId(), null, false);
            } catch (ProviderException e) {
                throw explainAssign(e, node, eni, null);
            }
            if (assigned.size() != 1) {
                throw new ProviderException(where + ": EC2 assigned " + assigned + " to " + eni.networkInterfaceId()
                        + " instead of exactly one address; check the interface", null, false);
            }
            ip = assigned.get(0);
            ec2.createTags(eni.networkInterfaceId(), Map.of(PrivateIpRecords.key(ip), value));
        }
        LOG.info("{}: assigned private IP {} to {} ({}) for {}", name, ip, eni.networkInterfaceId(), node.instance(),
                change.slot());
        return privateAddress(change.slot(), ip, node, eni);
    }

    private ProviderException explainAssign(ProviderException e, NodeRef node, NetworkInterface eni, String ip) {
        if (Ec2Errors.PRIVATE_IP_LIMIT.equals(e.code())) {
            String type = instanceType(node.instance());
            int limit = InstanceLimits.ipv4PerInterface(type);
            return new ProviderException(where + ": interface " + eni.networkInterfaceId() + " of " + node.instance()
                    + " is full: instance type " + (type == null ? "(unknown)" : type) + " allows "
                    + (limit == 0 ? "a limited number of" : String.valueOf(limit))
                    + " IPv4 addresses per interface, the primary included (PrivateIpAddressLimitExceeded); use a "
                    + "larger instance type, another interface (the gateway's interface: {deviceIndex|subnet}) or "
                    + "fewer addresses per node",
                    e.code(), false, e);
        }
        if (Ec2Errors.IP_IN_USE.equals(e.code())) {
            return new ProviderException(where + ": private IP " + ip + " is already in use by another interface in "
                    + "the VPC, so it cannot be assigned to " + eni.networkInterfaceId() + " (" + node.instance()
                    + "); choose a free IP or free it first", e.code(), false, e);
        }
        return e;
    }

    private CloudAddress privateAddress(SlotId slot, String ip, NodeRef node, NetworkInterface eni) {
        return new CloudAddress(name, slot, AddressKind.PRIVATE, ip, eni.networkInterfaceId(), node,
                eni.networkInterfaceId(), null, owner(), false);
    }

    // ---- attach ----------------------------------------------------------------------------------------------

    @Override
    public synchronized CloudAddress attach(CloudChange.Attachment attachment) {
        if (attachment instanceof CloudChange.MovePrivate m) {
            return movePrivate(m);
        }
        return attachPublic((CloudChange.AttachPublic) attachment);
    }

    private CloudAddress movePrivate(CloudChange.MovePrivate change) {
        String ip = change.ip();
        String key = PrivateIpRecords.key(ip);
        String value = PrivateIpRecords.value(owner(), change.slot());
        Set<String> instances = new LinkedHashSet<>();
        instances.add(change.node().instance());
        if (change.fromNode() != null) {
            instances.add(change.fromNode().instance());
        }
        List<NetworkInterface> enis = ec2.interfacesOfInstances(instances);
        List<NetworkInterface> targets = enis.stream()
                .filter(e -> e.attachment() != null && change.node().instance().equals(e.attachment().instanceId()))
                .toList();
        NetworkInterface target = select(targets, change.node(), change.nic());
        NetworkInterface holder = enis.stream().filter(e -> privateIps(e).contains(ip)).findFirst()
                .orElseGet(() -> ec2.interfacesHolding(ip).stream().findFirst().orElse(null));
        if (holder != null && !holder.networkInterfaceId().equals(target.networkInterfaceId())) {
            String record = tags(holder.tagSet()).get(key);
            PrivateIpRecords.Record r = PrivateIpRecords.parse(record);
            if (r == null || !r.owner().equals(owner())) {
                throw new OwnershipConflictException(where + ": private IP " + ip + " is on " + holder.networkInterfaceId()
                        + (record == null ? " without a Gatewarden record" : " recorded as '" + record + "'")
                        + "; Gatewarden moves only its own addresses");
            }
            if (ip.equals(holder.privateIpAddress())) {
                throw new ProviderException(where + ": " + ip + " is the primary IP of " + holder.networkInterfaceId()
                        + " and cannot move", "PrimaryIpRequested", false);
            }
            if (!Objects.equals(holder.subnetId(), target.subnetId())) {
                throw new ProviderException(where + ": private IP " + ip + " of " + change.slot() + " belongs to subnet "
                        + holder.subnetId() + " but the target interface " + target.networkInterfaceId() + " of "
                        + change.node().instance() + " is in " + target.subnetId() + "; EC2 moves a private IP only "
                        + "within its subnet: keep the gateway's nodes in one subnet (e.g. with an interface subnet "
                        + "selector), or let the slot get a new IP (drop its fixed privateIp)",
                        "InvalidParameterValue", false);
            }
        }
        if (holder == null || !holder.networkInterfaceId().equals(target.networkInterfaceId())) {
            // record on the target first, then move (the EIP association follows), then drop the old record
            ec2.createTags(target.networkInterfaceId(), Map.of(key, value));
            try {
                ec2.assignPrivateIp(target.networkInterfaceId(), ip, true);
            } catch (ProviderException e) {
                ec2.deleteTags(target.networkInterfaceId(), List.of(key));
                throw explainAssign(e, change.node(), target, ip);
            }
            LOG.info("{}: moved private IP {} of {} from {} to {} ({})", name, ip, change.slot(),
                    holder == null ? "(nowhere)" : holder.networkInterfaceId(), target.networkInterfaceId(),
                    change.node().instance());
        } else if (!value.equals(tags(target.tagSet()).get(key))) {
            ec2.createTags(target.networkInterfaceId(), Map.of(key, value));
        }
        for (NetworkInterface e : enis) {
            if (!e.networkInterfaceId().equals(target.networkInterfaceId()) && tags(e.tagSet()).containsKey(key)) {
                ec2.deleteTags(e.networkInterfaceId(), List.of(key));
            }
        }
        if (holder != null && !holder.networkInterfaceId().equals(target.networkInterfaceId())
                && enis.stream().noneMatch(e -> e.networkInterfaceId().equals(holder.networkInterfaceId()))) {
            ec2.deleteTags(holder.networkInterfaceId(), List.of(key));
        }
        return privateAddress(change.slot(), ip, change.node(), target);
    }

    private CloudAddress attachPublic(CloudChange.AttachPublic change) {
        Address eip = findPublic(change.ref(), change.publicIp(), change.slot()).orElseThrow(() -> new ProviderException(
                where + ": the Elastic IP of " + change.slot() + " (" + describe(change.publicIp(), change.ref())
                        + ") does not exist; the next round allocates a new one", Ec2Errors.NOT_FOUND_ALLOCATION, false));
        requireAttachable(eip);
        NodeRef node = change.node();
        List<NetworkInterface> enis = ec2.interfacesOfInstances(List.of(node.instance()));
        if (enis.isEmpty()) {
            throw new ProviderException(where + ": instance " + node.instance() + " has no network interfaces in this "
                    + "region (terminated or in another account?)", Ec2Errors.NOT_FOUND_INSTANCE, false);
        }
        String privateIp = change.privateIp();
        if (privateIp == null) {
            privateIp = recordedIp(enis, change.slot()).orElseThrow(() -> new ProviderException(where + ": "
                    + change.slot() + " has no private IP on " + node.instance() + " yet; assign it before associating "
                    + "its Elastic IP", null, false));
        }
        String ip = privateIp;
        NetworkInterface eni = enis.stream().filter(e -> privateIps(e).contains(ip)).findFirst()
                .orElseThrow(() -> new ProviderException(where + ": private IP " + ip + " of " + change.slot()
                        + " is not on " + node.instance() + "; assign it before associating Elastic IP "
                        + eip.publicIp(), null, false));
        if (!allowPrimaryIp && ip.equals(eni.privateIpAddress())) {
            throw new ProviderException(where + ": refusing to associate Elastic IP " + eip.publicIp() + " with "
                    + ip + ", the primary private IP of " + node.instance() + "'s interface " + eni.networkInterfaceId()
                    + " (device " + deviceIndex(eni) + "): the node's own traffic would leave through it and replace "
                    + "its public IP. Use a secondary IP for the slot, or set allowPrimaryIp: true on this cloud entry "
                    + "(and on the gateway) if that is intended", "PrimaryIpRefused", false);
        }
        if (eni.networkInterfaceId().equals(eip.networkInterfaceId()) && ip.equals(eip.privateIpAddress())) {
            return publicAddress(eip, change.slot(), node, eni.networkInterfaceId(), ip);
        }
        ec2.associateAddress(eip.allocationId(), eni.networkInterfaceId(), ip);
        LOG.info("{}: associated Elastic IP {} of {} with {} on {} ({})", name, eip.publicIp(), change.slot(), ip,
                eni.networkInterfaceId(), node.instance());
        return publicAddress(eip, change.slot(), node, eni.networkInterfaceId(), ip);
    }

    private CloudAddress publicAddress(Address eip, SlotId slot, NodeRef node, String eniId, String privateIp) {
        Map<String, String> tags = tags(eip.tags());
        return new CloudAddress(name, slot, AddressKind.PUBLIC, eip.publicIp(), eip.allocationId(), node, eniId,
                privateIp, tags.get(Ownership.OWNER), isExternal(tags));
    }

    private Optional<String> recordedIp(List<NetworkInterface> enis, SlotId slot) {
        for (NetworkInterface e : enis) {
            for (Map.Entry<String, String> t : tags(e.tagSet()).entrySet()) {
                String ip = PrivateIpRecords.ipOf(t.getKey());
                PrivateIpRecords.Record r = PrivateIpRecords.parse(t.getValue());
                if (ip != null && r != null && r.owner().equals(owner()) && r.slot().equals(slot)
                        && privateIps(e).contains(ip)) {
                    return Optional.of(ip);
                }
            }
        }
        return Optional.empty();
    }

    // ---- detach / release ------------------------------------------------------------------------------------

    @Override
    public synchronized void detach(CloudChange.DetachPublic change) {
        Optional<Address> found = findPublic(change.ref(), change.publicIp(), null);
        if (found.isEmpty()) {
            LOG.info("{}: Elastic IP {} is gone; nothing to disassociate", name, change.publicIp());
            return;
        }
        Address eip = found.get();
        requireAttachable(eip);
        if (eip.associationId() == null) {
            return;
        }
        try {
            ec2.disassociateAddress(eip.associationId());
            LOG.info("{}: disassociated Elastic IP {} from {}", name, eip.publicIp(), eip.instanceId());
        } catch (ProviderException e) {
            if (!Ec2Errors.NOT_FOUND_ASSOCIATION.equals(e.code())) {
                throw e;
            }
        }
    }

    @Override
    public synchronized void release(CloudChange.Release release) {
        if (release instanceof CloudChange.ReleasePublic p) {
            releasePublic(p);
        } else {
            unassignPrivate((CloudChange.UnassignPrivate) release);
        }
    }

    private void releasePublic(CloudChange.ReleasePublic change) {
        Optional<Address> found = findPublic(change.ref(), change.publicIp(), null);
        if (found.isEmpty()) {
            LOG.info("{}: Elastic IP {} is already released", name, change.publicIp());
            return;
        }
        Address eip = found.get();
        Map<String, String> tags = tags(eip.tags());
        if (!owner().equals(tags.get(Ownership.OWNER))) {
            throw notOurs(eip, tags);
        }
        if (isExternal(tags)) {
            throw new OwnershipConflictException(where + ": Elastic IP " + eip.publicIp() + " (" + eip.allocationId()
                    + ") is tagged " + Ownership.LIFECYCLE + "=" + Ownership.LIFECYCLE_EXTERNAL
                    + ": its lifecycle is managed elsewhere (Terraform); Gatewarden never releases it");
        }
        try {
            ec2.releaseAddress(eip.allocationId());
            LOG.info("{}: released Elastic IP {} ({})", name, eip.publicIp(), eip.allocationId());
        } catch (ProviderException e) {
            if (Ec2Errors.NOT_FOUND_ALLOCATION.equals(e.code())) {
                return;
            }
            if (Ec2Errors.IP_IN_USE.equals(e.code())) {
                throw new ProviderException(where + ": Elastic IP " + eip.publicIp() + " is still associated with "
                        + eip.instanceId() + "; it is disassociated before release in the detach phase, so the next "
                        + "round completes this", e.code(), true, e);
            }
            throw e;
        }
    }

    private void unassignPrivate(CloudChange.UnassignPrivate change) {
        String ip = change.ip();
        String key = PrivateIpRecords.key(ip);
        List<NetworkInterface> enis = change.node() != null
                ? ec2.interfacesOfInstances(List.of(change.node().instance()))
                : ec2.interfacesWithTagKey(key);
        NetworkInterface holder = enis.stream().filter(e -> privateIps(e).contains(ip)).findFirst().orElse(null);
        if (holder != null) {
            String record = tags(holder.tagSet()).get(key);
            PrivateIpRecords.Record r = PrivateIpRecords.parse(record);
            if (r == null || !r.owner().equals(owner()) || ip.equals(holder.privateIpAddress())) {
                throw new OwnershipConflictException(where + ": private IP " + ip + " on " + holder.networkInterfaceId()
                        + (record == null ? " has no Gatewarden record" : " is recorded as '" + record + "'")
                        + "; Gatewarden unassigns only its own addresses");
            }
            ec2.unassignPrivateIp(holder.networkInterfaceId(), ip);
            LOG.info("{}: unassigned private IP {} from {}", name, ip, holder.networkInterfaceId());
        }
        for (NetworkInterface e : enis) {
            String record = tags(e.tagSet()).get(key);
            PrivateIpRecords.Record r = PrivateIpRecords.parse(record);
            if (r != null && r.owner().equals(owner())) {
                ec2.deleteTags(e.networkInterfaceId(), List.of(key));
            }
        }
    }

    // ---- helpers ---------------------------------------------------------------------------------------------

    private Optional<Address> findPublic(String ref, String publicIp, SlotId slot) {
        if (ref != null) {
            return ec2.address(ref);
        }
        if (publicIp != null) {
            return ec2.addressByPublicIp(publicIp);
        }
        if (slot != null) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put(Ownership.OWNER, owner());
            tags.put(Ownership.GATEWAY, slot.gateway());
            tags.put(Ownership.SLOT, String.valueOf(slot.index()));
            List<Address> found = ec2.addressesWithTags(tags);
            if (found.size() > 1) {
                throw new OwnershipConflictException(where + ": " + found.size() + " Elastic IPs are tagged as " + slot
                        + " of owner " + owner() + "; release the extra ones (" + found.stream()
                        .map(Address::publicIp).toList() + ")");
            }
            return found.stream().findFirst();
        }
        return Optional.empty();
    }

    /** Ours, or reserved elsewhere for us (lifecycle external without another owner). */
    private void requireAttachable(Address eip) {
        Map<String, String> tags = tags(eip.tags());
        String tagOwner = tags.get(Ownership.OWNER);
        if (owner().equals(tagOwner) || (tagOwner == null && isExternal(tags))) {
            return;
        }
        throw notOurs(eip, tags);
    }

    private OwnershipConflictException notOurs(Address eip, Map<String, String> tags) {
        String tagOwner = tags.get(Ownership.OWNER);
        return new OwnershipConflictException(where + ": Elastic IP " + eip.publicIp() + " (" + eip.allocationId() + ") "
                + (tagOwner == null ? "carries no " + Ownership.OWNER + " tag" : "belongs to owner '" + tagOwner + "'")
                + ", not '" + owner() + "'; Gatewarden leaves it alone (adopt it explicitly if it should be managed)");
    }

    private NetworkInterface select(List<NetworkInterface> enis, NodeRef node, InterfaceSelector nic) {
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
                .min(Comparator.comparingInt(AwsCloudProvider::deviceIndex))
                .orElseThrow(() -> new ProviderException(where + ": instance " + node.instance() + " has no interface "
                        + "matching " + sel + " (it has " + enis.stream().map(e -> "device " + deviceIndex(e) + " in "
                        + e.subnetId()).toList() + "); attach one or fix the gateway's interface selection",
                        Ec2Errors.NOT_FOUND_INTERFACE, false));
    }

    private static int deviceIndex(NetworkInterface e) {
        Integer i = e.attachment() == null ? null : e.attachment().deviceIndex();
        return i == null ? -1 : i;
    }

    private static List<String> privateIps(NetworkInterface e) {
        List<String> ips = new ArrayList<>();
        if (e.privateIpAddress() != null) {
            ips.add(e.privateIpAddress());
        }
        for (NetworkInterfacePrivateIpAddress p : e.privateIpAddresses()) {
            if (p.privateIpAddress() != null && !ips.contains(p.privateIpAddress())) {
                ips.add(p.privateIpAddress());
            }
        }
        return ips;
    }

    private static Map<String, String> tags(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Tag t : tags) {
            m.put(t.key(), t.value());
        }
        return m;
    }

    private static SlotId slotOf(Map<String, String> tags) {
        String gateway = tags.get(Ownership.GATEWAY);
        String slot = tags.get(Ownership.SLOT);
        if (gateway == null || slot == null) {
            return null;
        }
        try {
            return new SlotId(gateway, Integer.parseInt(slot));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static boolean isExternal(Map<String, String> tags) {
        return Ownership.LIFECYCLE_EXTERNAL.equals(tags.get(Ownership.LIFECYCLE));
    }

    private static NodeRef nodeRef(Map<String, NodeRef> known, String instanceId, String az) {
        NodeRef n = known.get(instanceId);
        if (n != null) {
            return n;
        }
        return NodeRef.parse("aws:///" + (az == null ? "" : az) + "/" + instanceId);
    }

    private static String describe(String publicIp, String ref) {
        return publicIp == null && ref == null ? "not allocated yet" : (publicIp == null ? "" : publicIp + " ")
                + (ref == null ? "" : ref);
    }

    @Override
    public void close() {
        ec2.close();
    }
}
