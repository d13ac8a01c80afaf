package dev.gatewarden.sandbox.ec2;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Secondary private IPs of network interfaces: AssignPrivateIpAddresses (named or counted, with reassignment) and
 * UnassignPrivateIpAddresses, within the subnet and the instance type's per-interface limit.
 */
final class Ec2PrivateIps extends Ec2Actions {
    Ec2PrivateIps(Ec2State state, long now) {
        super(state, now);
    }

    void assignPrivateIps(Ec2Params p, Xml out) {
        Ec2State.Eni eni = eni(p.require("NetworkInterfaceId"));
        List<String> ips = p.list("PrivateIpAddress");
        Integer count = p.integer("SecondaryPrivateIpAddressCount");
        if (!ips.isEmpty() && count != null) {
            throw Ec2Error.badRequest("InvalidParameterCombination",
                    "Specify either PrivateIpAddress or SecondaryPrivateIpAddressCount, not both.");
        }
        if (ips.isEmpty() && count == null) {
            throw Ec2Error.missing("PrivateIpAddress or SecondaryPrivateIpAddressCount");
        }
        if (count != null && count < 1) {
            throw Ec2Error.invalidValue("Value (" + count + ") for parameter secondaryPrivateIpAddressCount is invalid.");
        }
        boolean allowReassignment = p.flag("AllowReassignment");
        Ec2State.Subnet subnet = state.subnets.get(eni.subnetId);
        Ipv4Cidr block = Ipv4Cidr.parse(subnet.cidr);
        List<String> added = new ArrayList<>();
        List<Ec2State.Eni> donors = new ArrayList<>();
        for (String ip : new LinkedHashSet<>(ips)) {
            if (!Ipv4Cidr.isIpv4(ip)) {
                throw Ec2Error.invalidValue("Invalid value '" + ip + "' for parameter address");
            }
            if (!block.contains(ip)) {
                throw Ec2Error.invalidValue("Address " + ip + " does not fall within the subnet's address range");
            }
            if (block.reservedInSubnet(ip)) {
                throw Ec2Error.invalidValue("Address " + ip + " is reserved by AWS in subnet " + subnet.id);
            }
            if (eni.privateIps.contains(ip)) {
                continue;
            }
            Ec2State.Eni holder = Ec2World.holderOf(state, eni.vpcId, ip);
            if (holder != null) {
                if (!allowReassignment) {
                    throw Ec2Error.invalidValue("Address " + ip + " is assigned, but move is not allowed.");
                }
                if (ip.equals(holder.primaryIp())) {
                    throw Ec2Error.invalidValue("Address " + ip + " is the primary private IP of " + holder.id
                            + " and cannot be reassigned");
                }
                donors.add(holder);
            } else {
                donors.add(null);
            }
            added.add(ip);
        }
        if (count != null) {
            Set<String> taken = new java.util.HashSet<>();
            for (int n = 0; n < count; n++) {
                String ip = freeIpExcluding(subnet, taken);
                if (ip == null) {
                    throw Ec2Error.badRequest("InsufficientFreeAddressesInSubnet",
                            "The specified subnet does not have enough free addresses to satisfy the request.");
                }
                taken.add(ip);
                added.add(ip);
                donors.add(null);
            }
        }
        int limit = limitOf(eni);
        if (eni.privateIps.size() + added.size() > limit) {
            throw Ec2Error.badRequest("PrivateIpAddressLimitExceeded", "Number of private addresses will exceed limit.");
        }
        for (int n = 0; n < added.size(); n++) {
            String ip = added.get(n);
            Ec2State.Eni donor = donors.get(n);
            if (donor != null) {
                donor.privateIps.remove(ip);
                for (Ec2State.Address a : state.addresses.values()) {
                    if (donor.id.equals(a.interfaceId) && ip.equals(a.privateIp)) {
                        a.interfaceId = eni.id; // the EIP association follows the private IP
                    }
                }
            }
            eni.privateIps.add(ip);
        }
        List<String> listed = new ArrayList<>();
        if (state.quirks.assignResponseListsHeld) {
            listed.addAll(eni.privateIps.subList(1, eni.privateIps.size()));
        } else {
            listed.addAll(added);
        }
        out.el("networkInterfaceId", eni.id).open("assignedPrivateIpAddressesSet");
        listed.forEach(ip -> out.open("item").el("privateIpAddress", ip).close("item"));
        out.close("assignedPrivateIpAddressesSet").raw("<assignedIpv4PrefixSet/>");
    }

    private String freeIpExcluding(Ec2State.Subnet subnet, Set<String> taken) {
        Ipv4Cidr block = Ipv4Cidr.parse(subnet.cidr);
        for (long v = block.first() + 4; v < block.last(); v++) {
            String ip = Ipv4Cidr.toText(v);
            if (!taken.contains(ip) && Ec2World.holderOf(state, subnet.vpcId, ip) == null) {
                return ip;
            }
        }
        return null;
    }

    private int limitOf(Ec2State.Eni eni) {
        Ec2State.Instance i = eni.instanceId == null ? null : state.instances.get(eni.instanceId);
        return i == null ? InstanceTypes.DEFAULT_PER_ENI : InstanceTypes.ipv4PerInterface(i.type);
    }

    void unassignPrivateIps(Ec2Params p, Xml out) {
        Ec2State.Eni eni = eni(p.require("NetworkInterfaceId"));
        List<String> ips = p.list("PrivateIpAddress");
        if (ips.isEmpty()) {
            throw Ec2Error.missing("PrivateIpAddress");
        }
        for (String ip : ips) {
            if (!eni.privateIps.contains(ip)) {
                throw Ec2Error.invalidValue("Some of the specified addresses are not assigned to interface " + eni.id);
            }
            if (ip.equals(eni.primaryIp())) {
                throw Ec2Error.invalidValue("The primary private IP address " + ip + " of " + eni.id + " cannot be unassigned");
            }
        }
        for (String ip : ips) {
            eni.privateIps.remove(ip);
            for (Ec2State.Address a : state.addresses.values()) {
                if (eni.id.equals(a.interfaceId) && ip.equals(a.privateIp)) {
                    Ec2ElasticIps.disassociate(state, a);
                }
            }
        }
        out.el("return", "true");
    }
}
