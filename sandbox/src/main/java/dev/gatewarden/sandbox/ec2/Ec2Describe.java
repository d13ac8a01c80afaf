package dev.gatewarden.sandbox.ec2;

import static dev.gatewarden.sandbox.ec2.Ec2Filters.list;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * DescribeAddresses, DescribeNetworkInterfaces and DescribeInstances: ids, the filters each accepts (as EC2 names
 * them), pagination where EC2 offers it, and the XML of each item.
 */
final class Ec2Describe extends Ec2Actions {
    private static final Set<String> ADDRESS_FILTERS = Set.of("allocation-id", "association-id", "domain",
            "instance-id", "network-interface-id", "network-interface-owner-id", "private-ip-address", "public-ip",
            "public-ipv4-pool", "network-border-group");
    private static final Set<String> ENI_FILTERS = Set.of("network-interface-id", "attachment.instance-id",
            "attachment.instance-owner-id", "attachment.device-index", "attachment.attachment-id", "attachment.status",
            "addresses.private-ip-address", "private-ip-address", "addresses.primary", "subnet-id", "vpc-id",
            "availability-zone", "status", "mac-address", "owner-id", "interface-type", "description",
            "association.allocation-id", "association.public-ip", "association.association-id");
    private static final Set<String> INSTANCE_FILTERS = Set.of("instance-id", "instance-type", "availability-zone",
            "instance-state-name", "instance-state-code", "subnet-id", "vpc-id", "reservation-id", "owner-id",
            "private-ip-address", "network-interface.addresses.private-ip-address",
            "network-interface.network-interface-id");

    private static final Set<String> VPC_FILTERS = Set.of("vpc-id", "cidr", "cidr-block-association.cidr-block",
            "is-default", "state", "owner-id");

    Ec2Describe(Ec2State state, long now) {
        super(state, now);
    }

    void describeAddresses(Ec2Params p, Xml out) {
        List<String> ids = p.list("AllocationId");
        List<String> ips = p.list("PublicIp");
        for (String id : ids) {
            Ec2State.Address known = state.addresses.get(id);
            if (known == null || !visible(known)) {
                throw Ec2Error.badRequest("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
            }
        }
        for (String ip : ips) {
            if (state.addresses.values().stream().noneMatch(a -> a.publicIp.equals(ip) && visible(a))) {
                throw Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
            }
        }
        Map<String, List<String>> filters = Ec2Filters.check(p.filters(), ADDRESS_FILTERS);
        out.open("addressesSet");
        for (Ec2State.Address a : state.addresses.values()) {
            if ((!ids.isEmpty() && !ids.contains(a.allocationId)) || (!ips.isEmpty() && !ips.contains(a.publicIp))
                    || !visible(a)) {
                continue;
            }
            Ec2State.Eni eni = a.interfaceId == null ? null : state.interfaces.get(a.interfaceId);
            Map<String, List<String>> attrs = new java.util.HashMap<>();
            attrs.put("allocation-id", list(a.allocationId));
            attrs.put("association-id", list(a.associationId));
            attrs.put("domain", list("vpc"));
            attrs.put("instance-id", list(eni == null ? null : eni.instanceId));
            attrs.put("network-interface-id", list(a.interfaceId));
            attrs.put("network-interface-owner-id", list(eni == null ? null : state.accountId));
            attrs.put("private-ip-address", list(a.privateIp));
            attrs.put("public-ip", list(a.publicIp));
            attrs.put("public-ipv4-pool", list(a.pool));
            attrs.put("network-border-group", list(state.region));
            if (!Ec2Filters.matches(filters, attrs, a.tags)) {
                continue;
            }
            out.open("item").el("publicIp", a.publicIp).el("allocationId", a.allocationId).el("domain", "vpc");
            if (eni != null) {
                out.el("instanceId", eni.instanceId).el("associationId", a.associationId)
                        .el("networkInterfaceId", eni.id).el("networkInterfaceOwnerId", state.accountId)
                        .el("privateIpAddress", a.privateIp).el("subnetId", eni.subnetId);
            } else if (state.quirks.emptyStringsForAbsent) {
                out.el("instanceId", "").el("associationId", "").el("networkInterfaceId", "")
                        .el("networkInterfaceOwnerId", "").el("privateIpAddress", "");
            }
            out.tagSet(a.tags).el("publicIpv4Pool", a.pool).el("networkBorderGroup", state.region).close("item");
        }
        out.close("addressesSet");
    }

    /** Eventual consistency: an address allocated less than the configured lag ago is not seen yet. */
    private boolean visible(Ec2State.Address a) {
        return a.visibleAt <= now;
    }

    void describeNetworkInterfaces(Ec2Params p, Xml out) {
        List<String> ids = p.list("NetworkInterfaceId");
        ids.forEach(this::eni);
        Map<String, List<String>> filters = Ec2Filters.check(p.filters(), ENI_FILTERS);
        List<Ec2State.Eni> matched = new ArrayList<>();
        for (Ec2State.Eni e : state.interfaces.values()) {
            if (!ids.isEmpty() && !ids.contains(e.id)) {
                continue;
            }
            if (Ec2Filters.matches(filters, eniAttributes(e), e.tags)) {
                matched.add(e);
            }
        }
        Ec2Page<Ec2State.Eni> page = Ec2Page.of(p, "DescribeNetworkInterfaces", !ids.isEmpty(), "networkInterfaceIdSet", matched);
        out.open("networkInterfaceSet");
        page.items().forEach(e -> writeEni(e, out));
        out.close("networkInterfaceSet").el("nextToken", page.nextToken());
    }

    private Map<String, List<String>> eniAttributes(Ec2State.Eni e) {
        Map<String, List<String>> m = new java.util.HashMap<>();
        m.put("network-interface-id", list(e.id));
        m.put("attachment.instance-id", list(e.instanceId));
        m.put("attachment.instance-owner-id", list(e.instanceId == null ? null : state.accountId));
        m.put("attachment.device-index", list(e.instanceId == null ? null : String.valueOf(e.deviceIndex)));
        m.put("attachment.attachment-id", list(e.attachmentId));
        m.put("attachment.status", list(e.instanceId == null ? null : "attached"));
        m.put("addresses.private-ip-address", new ArrayList<>(e.privateIps));
        m.put("private-ip-address", new ArrayList<>(e.privateIps));
        m.put("addresses.primary", List.of("true"));
        m.put("subnet-id", list(e.subnetId));
        m.put("vpc-id", list(e.vpcId));
        m.put("availability-zone", list(e.az));
        m.put("status", list(e.instanceId == null ? "available" : "in-use"));
        m.put("mac-address", list(e.mac));
        m.put("owner-id", list(state.accountId));
        m.put("interface-type", list("interface"));
        m.put("description", list(e.description));
        List<String> alloc = new ArrayList<>();
        List<String> pub = new ArrayList<>();
        List<String> assoc = new ArrayList<>();
        for (Ec2State.Address a : state.addresses.values()) {
            if (e.id.equals(a.interfaceId)) {
                alloc.add(a.allocationId);
                pub.add(a.publicIp);
                assoc.add(a.associationId);
            }
        }
        m.put("association.allocation-id", alloc);
        m.put("association.public-ip", pub);
        m.put("association.association-id", assoc);
        return m;
    }

    private Ec2State.Address associationOf(Ec2State.Eni e, String ip) {
        for (Ec2State.Address a : state.addresses.values()) {
            if (e.id.equals(a.interfaceId) && ip.equals(a.privateIp)) {
                return a;
            }
        }
        return null;
    }

    private void writeAssociation(Ec2State.Address a, Xml out) {
        if (a != null) {
            out.open("association").el("publicIp", a.publicIp).el("publicDnsName", "").el("ipOwnerId", state.accountId)
                    .el("allocationId", a.allocationId).el("associationId", a.associationId).close("association");
        }
    }

    private void writePrivateIps(Ec2State.Eni e, Xml out) {
        out.open("privateIpAddressesSet");
        for (String ip : e.privateIps) {
            out.open("item").el("privateIpAddress", ip).el("primary", ip.equals(e.primaryIp()));
            writeAssociation(associationOf(e, ip), out);
            out.close("item");
        }
        out.close("privateIpAddressesSet");
    }

    private void writeEni(Ec2State.Eni e, Xml out) {
        out.open("item").el("networkInterfaceId", e.id).el("subnetId", e.subnetId).el("vpcId", e.vpcId)
                .el("availabilityZone", e.az).el("description", e.description).el("ownerId", state.accountId)
                .el("requesterManaged", false).el("status", e.instanceId == null ? "available" : "in-use")
                .el("macAddress", e.mac).el("privateIpAddress", e.primaryIp()).el("sourceDestCheck", true)
                .el("interfaceType", "interface").raw("<groupSet/>");
        if (e.instanceId != null) {
            out.open("attachment").el("attachmentId", e.attachmentId).el("instanceId", e.instanceId)
                    .el("instanceOwnerId", state.accountId).el("deviceIndex", e.deviceIndex).el("networkCardIndex", 0)
                    .el("status", "attached").el("deleteOnTermination", e.deviceIndex == 0).close("attachment");
        }
        writeAssociation(associationOf(e, e.primaryIp()), out);
        writePrivateIps(e, out);
        out.raw("<ipv6AddressesSet/>").tagSet(e.tags).close("item");
    }

    void describeInstances(Ec2Params p, Xml out) {
        List<String> ids = p.list("InstanceId");
        ids.forEach(this::instance);
        Map<String, List<String>> filters = Ec2Filters.check(p.filters(), INSTANCE_FILTERS);
        List<Ec2State.Instance> matched = new ArrayList<>();
        for (Ec2State.Instance i : state.instances.values()) {
            if (!ids.isEmpty() && !ids.contains(i.id)) {
                continue;
            }
            Map<String, List<String>> m = new java.util.HashMap<>();
            m.put("instance-id", list(i.id));
            m.put("instance-type", list(i.type));
            m.put("availability-zone", list(i.az));
            m.put("instance-state-name", list(i.state));
            m.put("instance-state-code", list(i.state.equals("running") ? "16" : "80"));
            m.put("subnet-id", list(i.subnetId));
            m.put("vpc-id", list(i.vpcId));
            m.put("reservation-id", list(i.reservationId));
            m.put("owner-id", list(state.accountId));
            List<String> ips = new ArrayList<>();
            List<String> enis = new ArrayList<>();
            for (String eniId : i.interfaces) {
                Ec2State.Eni e = state.interfaces.get(eniId);
                enis.add(e.id);
                ips.addAll(e.privateIps);
            }
            m.put("private-ip-address", list(state.interfaces.get(i.interfaces.get(0)).primaryIp()));
            m.put("network-interface.addresses.private-ip-address", ips);
            m.put("network-interface.network-interface-id", enis);
            if (Ec2Filters.matches(filters, m, i.tags)) {
                matched.add(i);
            }
        }
        Ec2Page<Ec2State.Instance> page = Ec2Page.of(p, "DescribeInstances", !ids.isEmpty(), "instancesSet", matched);
        out.open("reservationSet");
        for (Ec2State.Instance i : page.items()) {
            Ec2State.Eni primary = state.interfaces.get(i.interfaces.get(0));
            Ec2State.Address pub = associationOf(primary, primary.primaryIp());
            out.open("item").el("reservationId", i.reservationId).el("ownerId", state.accountId).raw("<groupSet/>")
                    .open("instancesSet").open("item").el("instanceId", i.id).el("imageId", "ami-0123456789abcdef0")
                    .open("instanceState").el("code", i.state.equals("running") ? 16 : 80).el("name", i.state)
                    .close("instanceState").el("instanceType", i.type)
                    .open("placement").el("availabilityZone", i.az).el("tenancy", "default").close("placement")
                    .el("subnetId", i.subnetId).el("vpcId", i.vpcId).el("privateIpAddress", primary.primaryIp())
                    .el("ipAddress", pub == null ? null : pub.publicIp).open("networkInterfaceSet");
            for (String eniId : i.interfaces) {
                Ec2State.Eni e = state.interfaces.get(eniId);
                out.open("item").el("networkInterfaceId", e.id).el("subnetId", e.subnetId).el("vpcId", e.vpcId)
                        .el("ownerId", state.accountId).el("status", "in-use").el("macAddress", e.mac)
                        .el("privateIpAddress", e.primaryIp()).el("sourceDestCheck", true)
                        .el("interfaceType", "interface").raw("<groupSet/>")
                        .open("attachment").el("attachmentId", e.attachmentId).el("deviceIndex", e.deviceIndex)
                        .el("networkCardIndex", 0).el("status", "attached")
                        .el("deleteOnTermination", e.deviceIndex == 0).close("attachment");
                writeAssociation(associationOf(e, e.primaryIp()), out);
                writePrivateIps(e, out);
                out.close("item");
            }
            out.close("networkInterfaceSet").tagSet(i.tags).close("item").close("instancesSet").close("item");
        }
        out.close("reservationSet").el("nextToken", page.nextToken());
    }

    /** DescribeVpcs: enough for a client to find the default VPC and the CIDRs (which may overlap). */
    void describeVpcs(Ec2Params p, Xml out) {
        List<String> ids = p.list("VpcId");
        for (String id : ids) {
            if (!state.vpcs.containsKey(id)) {
                throw Ec2Error.badRequest("InvalidVpcID.NotFound", "The vpc ID '" + id + "' does not exist");
            }
        }
        Map<String, List<String>> filters = Ec2Filters.check(p.filters(), VPC_FILTERS);
        List<Ec2State.Vpc> matched = new ArrayList<>();
        for (Ec2State.Vpc v : state.vpcs.values()) {
            Map<String, List<String>> m = new java.util.HashMap<>();
            m.put("vpc-id", list(v.id));
            m.put("cidr", list(v.cidr));
            m.put("cidr-block-association.cidr-block", list(v.cidr));
            m.put("is-default", list(String.valueOf(v.isDefault)));
            m.put("state", list("available"));
            m.put("owner-id", list(state.accountId));
            if ((ids.isEmpty() || ids.contains(v.id)) && Ec2Filters.matches(filters, m, v.tags)) {
                matched.add(v);
            }
        }
        Ec2Page<Ec2State.Vpc> page = Ec2Page.of(p, "DescribeVpcs", !ids.isEmpty(), "vpcIds", matched);
        out.open("vpcSet");
        for (Ec2State.Vpc v : page.items()) {
            out.open("item").el("vpcId", v.id).el("ownerId", state.accountId).el("state", "available")
                    .el("cidrBlock", v.cidr).el("dhcpOptionsId", "default").el("instanceTenancy", "default")
                    .el("isDefault", v.isDefault).tagSet(v.tags).close("item");
        }
        out.close("vpcSet").el("nextToken", page.nextToken());
    }
}
