package dev.gatewarden.aws;

import static dev.gatewarden.aws.Ec2Interfaces.privateIps;
import static dev.gatewarden.aws.Ec2Interfaces.chosen;
import static dev.gatewarden.aws.Ec2Tags.tags;

import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.IpRecord;
import dev.gatewarden.plan.CloudChange;
import java.util.ArrayList;
import dev.gatewarden.spi.PrivateAddresses;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ec2.model.NetworkInterface;

/**
 * Assigns, moves and unassigns secondary private IPs, keeping each one's ownership record (see
 * {@link IpRecord}) on the interface that holds it: the record is written before the IP arrives and
 * dropped after it leaves, so a crash in between leaves an observable record, never an orphan.
 */
final class PrivateIpChanges implements PrivateAddresses.OneByOne {
    private static final Logger LOG = LoggerFactory.getLogger(AwsCloudProvider.class);
    private final String name;
    private final String owner;
    private final Ec2Port ec2;
    private final String where;
    private final Ec2Observer observer;

    PrivateIpChanges(String name, String owner, Ec2Port ec2, String where, Ec2Observer observer) {
        this.name = name;
        this.owner = owner;
        this.ec2 = ec2;
        this.where = where;
        this.observer = observer;
    }

    @Override
    public CloudAddress assign(CloudChange.AssignPrivate change) {
        NodeRef node = change.node();
        List<NetworkInterface> enis = ec2.interfacesOfInstances(List.of(node.instance()));
        NetworkInterface eni = chosen(where, enis, node, change.nic(), change.interfaceId());
        String key;
        String value = new IpRecord(owner, change.slot()).value();
        String ip = change.requestedIp();
        if (ip != null) {
            key = IpRecord.key(ip);
            if (privateIps(eni).contains(ip)) {
                if (ip.equals(eni.privateIpAddress())) {
                    throw new ProviderException(where + ": " + ip + " is the primary private IP of " + eni.networkInterfaceId()
                            + " on " + node.instance() + "; a slot needs a secondary IP: request another address",
                            "PrimaryIpRequested", false);
                }
                String existing = tags(eni.tagSet()).get(key);
                IpRecord r = IpRecord.parse(existing);
                if (existing != null && (r == null || !r.owner().equals(owner))) {
                    throw new OwnershipConflictException(where + ": private IP " + ip + " on " + eni.networkInterfaceId()
                            + " is recorded as '" + existing + "', not owner " + owner + "; Gatewarden leaves it alone");
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
                throw explainAssign(e, node, eni, ip, false);
            }
        } else {
            List<String> before = privateIps(eni);
            Ec2Port.Assigned answer;
            try {
                answer = ec2.assignPrivateIp(eni.networkInterfaceId(), null, false);
            } catch (ProviderException e) {
                throw explainAssign(e, node, eni, null, false);
            }
            // what was added is what the interface did not hold before: some implementations also list held IPs
            List<String> assigned = new ArrayList<>(answer.ips());
            assigned.removeAll(before);
            if (assigned.size() == 1 && answer.retried()) {
                unassignSurplus(eni, before, assigned.get(0));
            }
            if (assigned.size() != 1) {
                assigned = addedSince(eni, before);
            }
            if (assigned.size() != 1) {
                throw new ProviderException(where + ": EC2 assigned " + assigned + " to " + eni.networkInterfaceId()
                        + " instead of exactly one address; check the interface", null, false);
            }
            ip = assigned.get(0);
            ec2.createTags(eni.networkInterfaceId(), Map.of(IpRecord.key(ip), value));
        }
        LOG.info("{}: assigned private IP {} to {} ({}) for {}", name, ip, eni.networkInterfaceId(), node.instance(),
                change.slot());
        return privateAddress(change.slot(), ip, node, eni);
    }

    /**
     * After a retried counted assign: an earlier attempt whose answer was lost may have added an IP as well, which no
     * record would track. Unassigns every IP the interface gained besides {@code kept}: just added by this call and
     * recorded nowhere, so nobody else's.
     */
    private void unassignSurplus(NetworkInterface eni, List<String> before, String kept) {
        Map<String, String> records = tags(eni.tagSet());
        for (String extra : addedSince(eni, before)) {
            if (!extra.equals(kept) && !records.containsKey(dev.gatewarden.ownership.IpRecord.key(extra))) {
                ec2.unassignPrivateIp(eni.networkInterfaceId(), extra);
                LOG.warn("{}: unassigned surplus private IP {} from {}: AssignPrivateIpAddresses was retried after an "
                        + "answer was lost", name, extra, eni.networkInterfaceId());
            }
        }
    }

    /** The IPs the interface holds now and did not hold before (one more DescribeNetworkInterfaces). */
    private List<String> addedSince(NetworkInterface eni, List<String> before) {
        List<String> now = new ArrayList<>();
        ec2.interfacesOfInstances(List.of(eni.attachment().instanceId())).stream()
                .filter(e -> e.networkInterfaceId().equals(eni.networkInterfaceId()))
                .forEach(e -> now.addAll(privateIps(e)));
        now.removeAll(before);
        return now;
    }

    private ProviderException explainAssign(ProviderException e, NodeRef node, NetworkInterface eni, String ip,
                                            boolean moving) {
        if (Ec2Errors.PRIVATE_IP_LIMIT.equals(e.code())) {
            String type = observer.instanceType(node.instance());
            int limit = InstanceLimits.ipv4PerInterface(type);
            return new ProviderException(where + ": interface " + eni.networkInterfaceId() + " of " + node.instance()
                    + " is full: instance type " + (type == null ? "(unknown)" : type) + " allows "
                    + (limit == 0 ? "a limited number of" : String.valueOf(limit))
                    + " IPv4 addresses per interface, the primary included (PrivateIpAddressLimitExceeded); use a "
                    + "larger instance type, another interface (the gateway's interface: {deviceIndex|subnet}) or "
                    + "fewer addresses per node",
                    e.code(), false, e);
        }
        // EC2 refuses an IP another interface holds with InvalidParameterValue ("... move is not allowed")
        boolean heldElsewhere = !moving && Ec2Errors.INVALID_VALUE.equals(e.code()) && ip != null
                && ec2.interfacesHolding(ip, eni.vpcId()).stream()
                        .anyMatch(h -> !h.networkInterfaceId().equals(eni.networkInterfaceId()));
        if (Ec2Errors.IP_IN_USE.equals(e.code()) || heldElsewhere) {
            return new ProviderException(where + ": private IP " + ip + " is already in use by another interface in "
                    + "the VPC, so it cannot be assigned to " + eni.networkInterfaceId() + " (" + node.instance()
                    + "); choose a free IP or free it first", e.code(), false, e);
        }
        return e;
    }

    private CloudAddress privateAddress(SlotId slot, String ip, NodeRef node, NetworkInterface eni) {
        return new CloudAddress(name, slot, AddressKind.PRIVATE, ip, eni.networkInterfaceId(), node,
                eni.networkInterfaceId(), null, owner, false);
    }

    @Override
    public CloudAddress move(CloudChange.MovePrivate change) {
        String ip = change.ip();
        String key = IpRecord.key(ip);
        String value = new IpRecord(owner, change.slot()).value();
        Set<String> instances = new LinkedHashSet<>();
        instances.add(change.node().instance());
        if (change.fromNode() != null) {
            instances.add(change.fromNode().instance());
        }
        List<NetworkInterface> enis = ec2.interfacesOfInstances(instances);
        List<NetworkInterface> targets = enis.stream()
                .filter(e -> e.attachment() != null && change.node().instance().equals(e.attachment().instanceId()))
                .toList();
        NetworkInterface target = chosen(where, targets, change.node(), change.nic(), change.interfaceId());
        NetworkInterface holder = enis.stream().filter(e -> privateIps(e).contains(ip)).findFirst()
                .orElseGet(() -> ec2.interfacesHolding(ip, target.vpcId()).stream().findFirst().orElse(null));
        if (holder != null && !holder.networkInterfaceId().equals(target.networkInterfaceId())) {
            String record = tags(holder.tagSet()).get(key);
            IpRecord r = IpRecord.parse(record);
            if (r == null || !r.owner().equals(owner)) {
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
                throw explainAssign(e, change.node(), target, ip, true);
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

    @Override
    public void unassign(CloudChange.UnassignPrivate change) {
        String ip = change.ip();
        String key = IpRecord.key(ip);
        List<NetworkInterface> enis = change.node() != null
                ? ec2.interfacesOfInstances(List.of(change.node().instance()))
                : ec2.interfacesWithTagKey(key);
        NetworkInterface holder = enis.stream().filter(e -> privateIps(e).contains(ip)).findFirst().orElse(null);
        if (holder != null) {
            String record = tags(holder.tagSet()).get(key);
            IpRecord r = IpRecord.parse(record);
            if (r == null || !r.owner().equals(owner) || ip.equals(holder.privateIpAddress())) {
                throw new OwnershipConflictException(where + ": private IP " + ip + " on " + holder.networkInterfaceId()
                        + (record == null ? " has no Gatewarden record" : " is recorded as '" + record + "'")
                        + "; Gatewarden unassigns only its own addresses");
            }
            ec2.unassignPrivateIp(holder.networkInterfaceId(), ip);
            LOG.info("{}: unassigned private IP {} from {}", name, ip, holder.networkInterfaceId());
        }
        for (NetworkInterface e : enis) {
            String record = tags(e.tagSet()).get(key);
            IpRecord r = IpRecord.parse(record);
            if (r != null && r.owner().equals(owner)) {
                ec2.deleteTags(e.networkInterfaceId(), List.of(key));
            }
        }
    }
}
