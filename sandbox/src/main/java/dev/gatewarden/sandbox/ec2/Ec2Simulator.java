package dev.gatewarden.sandbox.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A loopback simulator of the EC2 Query API (version 2016-11-15) for one region of one account: Elastic IPs,
 * secondary private IPs on network interfaces, tags, filters and pagination, with EC2's error codes. The real
 * {@code Ec2Client} runs against it unchanged ({@code endpointOverride(http://127.0.0.1:port)}); SigV4 signatures
 * are not checked, but an {@code Authorization} header is required.
 */
public final class Ec2Simulator extends HttpSimulator {
    public static final String VERSION = "2016-11-15";
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> MUTATING = Set.of("AllocateAddress", "AssociateAddress", "DisassociateAddress",
            "ReleaseAddress", "AssignPrivateIpAddresses", "UnassignPrivateIpAddresses", "CreateTags", "DeleteTags");
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
    private Ec2State state;

    public Ec2Simulator(Ec2State state) {
        this.state = copy(state);
    }

    public Ec2Simulator(Ec2World world) {
        this(world.build());
    }

    /** A simulator seeded with {@link Ec2World#defaultWorld()}. */
    public static Ec2Simulator withDefaultWorld() {
        return new Ec2Simulator(Ec2World.defaultWorld());
    }

    @Override
    public String kind() {
        return "ec2";
    }

    public String region() {
        return locked(() -> state.region);
    }

    /** A copy of the current state, for tests that inspect it. */
    public Ec2State state() {
        return locked(() -> copy(state));
    }

    /** Changes the EIP quota of the region (e.g. to test exhaustion). */
    public void eipQuota(int quota) {
        locked(() -> state.eipQuota = quota);
    }

    @Override
    public JsonNode snapshot() {
        return locked(() -> JSON.valueToTree(state));
    }

    @Override
    public void restore(JsonNode snapshot) {
        try {
            Ec2State s = JSON.treeToValue(snapshot, Ec2State.class);
            locked(() -> state = s);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an EC2 simulator snapshot: " + e.getMessage(), e);
        }
    }

    static Ec2State copy(Ec2State s) {
        try {
            return JSON.treeToValue(JSON.valueToTree(s), Ec2State.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- protocol ----------------------------------------------------------------------------------------

    @Override
    protected String operation(SimRequest request) {
        List<String> action = request.params().get("Action");
        return action == null || action.isEmpty() ? "(none)" : action.get(0);
    }

    @Override
    protected SimResponse renderFault(Fault fault, SimRequest request, String operation) {
        if (fault.type() == Fault.Type.THROTTLE) {
            return error(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
        int status = fault.status() == 0 ? 500 : fault.status();
        return error(status, fault.code() == null ? "InternalError" : fault.code(),
                fault.message() == null ? "An internal error has occurred" : fault.message());
    }

    @Override
    protected SimResponse handle(SimRequest request, String operation) {
        try {
            if (!request.method().equals("POST") && !request.method().equals("GET")) {
                throw new Ec2Error(405, "UnsupportedHttpVerb", "The HTTP verb " + request.method() + " is not supported");
            }
            if (request.header("authorization") == null) {
                throw new Ec2Error(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
            }
            Ec2Params p = new Ec2Params(request.params());
            if (p.get("Action") == null) {
                throw Ec2Error.missing("Action");
            }
            String version = p.get("Version");
            if (version == null) {
                throw Ec2Error.missing("Version");
            }
            if (!VERSION.equals(version)) {
                throw Ec2Error.badRequest("InvalidParameterValue", "Version " + version + " is not supported; use " + VERSION);
            }
            if (MUTATING.contains(operation) && p.flag("DryRun")) {
                throw new Ec2Error(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
            }
            Xml body = new Xml();
            switch (operation) {
                case "AllocateAddress" -> allocateAddress(p, body);
                case "AssociateAddress" -> associateAddress(p, body);
                case "DisassociateAddress" -> disassociateAddress(p, body);
                case "ReleaseAddress" -> releaseAddress(p, body);
                case "DescribeAddresses" -> describeAddresses(p, body);
                case "AssignPrivateIpAddresses" -> assignPrivateIps(p, body);
                case "UnassignPrivateIpAddresses" -> unassignPrivateIps(p, body);
                case "DescribeNetworkInterfaces" -> describeNetworkInterfaces(p, body);
                case "DescribeInstances" -> describeInstances(p, body);
                case "CreateTags" -> createTags(p, body);
                case "DeleteTags" -> deleteTags(p, body);
                default -> throw Ec2Error.badRequest("InvalidAction",
                        "The action " + operation + " is not valid for this web service.");
            }
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + operation + "Response xmlns=\"" + NAMESPACE
                    + "\"><requestId>" + UUID.randomUUID() + "</requestId>" + body + "</" + operation + "Response>";
            return SimResponse.xml(200, xml);
        } catch (Ec2Error e) {
            return error(e.status, e.code, e.getMessage());
        }
    }

    private static SimResponse error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + Xml.escape(code)
                + "</Code><Message>" + Xml.escape(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
                + "</RequestID></Response>";
        return SimResponse.xml(status, xml);
    }

    // ---- Elastic IPs ---------------------------------------------------------------------------------------

    private void allocateAddress(Ec2Params p, Xml out) {
        String domain = p.get("Domain");
        if (domain != null && !domain.equals("vpc")) {
            throw Ec2Error.invalidValue("Invalid value '" + domain + "' for domain: EC2-Classic is retired; use vpc");
        }
        String border = p.get("NetworkBorderGroup");
        if (border != null && !border.equals(state.region)) {
            throw Ec2Error.badRequest("InvalidParameterValue", "Invalid network border group '" + border + "'");
        }
        String pool = p.get("PublicIpv4Pool");
        if (pool == null) {
            pool = "amazon";
        } else if (!state.publicPools.containsKey(pool)) {
            throw Ec2Error.badRequest("InvalidPublicIpv4PoolID.NotFound", "The pool ID '" + pool + "' does not exist");
        }
        Map<String, String> tags = new java.util.LinkedHashMap<>();
        for (Ec2Params spec : p.structs("TagSpecification")) {
            String type = spec.get("ResourceType");
            if (!"elastic-ip".equals(type)) {
                throw Ec2Error.invalidValue("'" + type + "' is not a valid taggable resource type for this operation.");
            }
            spec.tags("Tag").forEach((k, v) -> tags.put(k, v == null ? "" : v));
        }
        checkTags(tags, Map.of());
        if (pool.equals("amazon")) {
            long used = state.addresses.values().stream().filter(a -> "amazon".equals(a.pool)).count();
            if (used >= state.eipQuota) {
                throw Ec2Error.badRequest("AddressLimitExceeded", "The maximum number of addresses has been reached.");
            }
        }
        String ip = p.get("Address");
        if (ip != null) {
            String wanted = ip;
            boolean taken = state.addresses.values().stream().anyMatch(a -> a.publicIp.equals(wanted));
            boolean inPool = state.publicPools.get(pool).stream().anyMatch(c -> Ipv4Cidr.parse(c).contains(wanted));
            if (taken || !inPool) {
                throw Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
            }
        } else {
            ip = Ec2World.freePublicIp(state, pool);
            if (ip == null) {
                throw Ec2Error.badRequest("InsufficientAddressCapacity", "The pool " + pool + " has no free addresses.");
            }
        }
        Ec2State.Address a = new Ec2State.Address();
        a.allocationId = Ec2World.nextId(state, "eipalloc-");
        a.publicIp = ip;
        a.pool = pool;
        a.tags.putAll(tags);
        state.addresses.put(a.allocationId, a);
        out.el("publicIp", a.publicIp).el("domain", "vpc").el("allocationId", a.allocationId)
                .el("publicIpv4Pool", a.pool).el("networkBorderGroup", state.region);
    }

    private Ec2State.Address addressByIdOrIp(Ec2Params p, String idKey) {
        String id = p.get(idKey);
        if (id != null) {
            Ec2State.Address a = state.addresses.get(id);
            if (a == null) {
                throw Ec2Error.badRequest("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
            }
            return a;
        }
        String ip = p.get("PublicIp");
        if (ip == null) {
            throw Ec2Error.missing(idKey);
        }
        return state.addresses.values().stream().filter(a -> a.publicIp.equals(ip)).findFirst()
                .orElseThrow(() -> Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + ip + "' not found."));
    }

    private void associateAddress(Ec2Params p, Xml out) {
        Ec2State.Address a = addressByIdOrIp(p, "AllocationId");
        String instanceId = p.get("InstanceId");
        String eniId = p.get("NetworkInterfaceId");
        if (instanceId != null && eniId != null) {
            throw Ec2Error.badRequest("InvalidParameterCombination",
                    "You may specify either an instance ID or a network interface ID, not both.");
        }
        Ec2State.Eni eni;
        if (eniId != null) {
            eni = eni(eniId);
        } else if (instanceId != null) {
            Ec2State.Instance i = instance(instanceId);
            if (i.interfaces.size() != 1) {
                throw Ec2Error.badRequest("InvalidInstanceID", "There are multiple interfaces attached to instance '"
                        + instanceId + "'. Please specify an interface ID for the operation instead.");
            }
            eni = state.interfaces.get(i.interfaces.get(0));
        } else {
            throw Ec2Error.missing("InstanceId or NetworkInterfaceId");
        }
        String privateIp = p.get("PrivateIpAddress");
        if (privateIp == null) {
            privateIp = eni.primaryIp();
        } else if (!eni.privateIps.contains(privateIp)) {
            throw Ec2Error.invalidValue("The specified private IP address " + privateIp
                    + " is not assigned to network interface " + eni.id);
        }
        boolean sameTarget = eni.id.equals(a.interfaceId) && privateIp.equals(a.privateIp);
        if (sameTarget) {
            out.el("return", "true").el("associationId", a.associationId);
            return;
        }
        if (a.associationId != null) {
            Boolean allow = p.bool("AllowReassociation");
            boolean reassociate = allow == null ? state.reassociateByDefault : allow;
            if (!reassociate) {
                throw Ec2Error.badRequest("Resource.AlreadyAssociated",
                        "resource " + a.allocationId + " is already associated with associate-id " + a.associationId);
            }
            disassociate(a);
        }
        for (Ec2State.Address other : state.addresses.values()) {
            if (eni.id.equals(other.interfaceId) && privateIp.equals(other.privateIp)) {
                disassociate(other);
            }
        }
        a.interfaceId = eni.id;
        a.privateIp = privateIp;
        a.associationId = Ec2World.nextId(state, "eipassoc-");
        out.el("return", "true").el("associationId", a.associationId);
    }

    private void disassociate(Ec2State.Address a) {
        if (a.associationId != null) {
            state.retiredAssociations.add(a.associationId);
        }
        a.associationId = null;
        a.interfaceId = null;
        a.privateIp = null;
    }

    private void disassociateAddress(Ec2Params p, Xml out) {
        String assoc = p.get("AssociationId");
        Ec2State.Address a;
        if (assoc != null) {
            a = state.addresses.values().stream().filter(x -> assoc.equals(x.associationId)).findFirst().orElse(null);
            if (a == null && !state.retiredAssociations.contains(assoc)) {
                throw Ec2Error.badRequest("InvalidAssociationID.NotFound", "The association ID '" + assoc + "' does not exist");
            }
        } else {
            a = addressByIdOrIp(p, "AssociationId");
        }
        if (a != null) {
            disassociate(a);
        }
        out.el("return", "true");
    }

    private void releaseAddress(Ec2Params p, Xml out) {
        Ec2State.Address a = addressByIdOrIp(p, "AllocationId");
        String border = p.get("NetworkBorderGroup");
        if (border != null && !border.equals(state.region)) {
            throw Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + a.publicIp + "' not found in " + border);
        }
        if (a.associationId != null) {
            throw Ec2Error.badRequest("InvalidIPAddress.InUse", "Address " + a.publicIp + " is in use.");
        }
        state.addresses.remove(a.allocationId);
        out.el("return", "true");
    }

    private void describeAddresses(Ec2Params p, Xml out) {
        if (p.has("MaxResults") || p.has("NextToken")) {
            throw Ec2Error.badRequest("UnknownParameter", "The parameter MaxResults is not recognized");
        }
        List<String> ids = p.list("AllocationId");
        List<String> ips = p.list("PublicIp");
        for (String id : ids) {
            if (!state.addresses.containsKey(id)) {
                throw Ec2Error.badRequest("InvalidAllocationID.NotFound", "The allocation ID '" + id + "' does not exist");
            }
        }
        for (String ip : ips) {
            if (state.addresses.values().stream().noneMatch(a -> a.publicIp.equals(ip))) {
                throw Ec2Error.badRequest("InvalidAddress.NotFound", "Address '" + ip + "' not found.");
            }
        }
        Map<String, List<String>> filters = Filters.check(p.filters(), ADDRESS_FILTERS);
        out.open("addressesSet");
        for (Ec2State.Address a : state.addresses.values()) {
            if ((!ids.isEmpty() && !ids.contains(a.allocationId)) || (!ips.isEmpty() && !ips.contains(a.publicIp))) {
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
            if (!Filters.matches(filters, attrs, a.tags)) {
                continue;
            }
            out.open("item").el("publicIp", a.publicIp).el("allocationId", a.allocationId).el("domain", "vpc");
            if (eni != null) {
                out.el("instanceId", eni.instanceId).el("associationId", a.associationId)
                        .el("networkInterfaceId", eni.id).el("networkInterfaceOwnerId", state.accountId)
                        .el("privateIpAddress", a.privateIp).el("subnetId", eni.subnetId);
            }
            out.tagSet(a.tags).el("publicIpv4Pool", a.pool).el("networkBorderGroup", state.region).close("item");
        }
        out.close("addressesSet");
    }

    // ---- private IPs ---------------------------------------------------------------------------------------

    private void assignPrivateIps(Ec2Params p, Xml out) {
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
                    throw Ec2Error.badRequest("InvalidIPAddress.InUse", "Address " + ip + " is in use.");
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
        out.el("networkInterfaceId", eni.id).open("assignedPrivateIpAddressesSet");
        added.forEach(ip -> out.open("item").el("privateIpAddress", ip).close("item"));
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

    private void unassignPrivateIps(Ec2Params p, Xml out) {
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
                    disassociate(a);
                }
            }
        }
        out.el("return", "true");
    }

    // ---- describe interfaces and instances ------------------------------------------------------------------

    private void describeNetworkInterfaces(Ec2Params p, Xml out) {
        List<String> ids = p.list("NetworkInterfaceId");
        ids.forEach(this::eni);
        Map<String, List<String>> filters = Filters.check(p.filters(), ENI_FILTERS);
        List<Ec2State.Eni> matched = new ArrayList<>();
        for (Ec2State.Eni e : state.interfaces.values()) {
            if (!ids.isEmpty() && !ids.contains(e.id)) {
                continue;
            }
            if (Filters.matches(filters, eniAttributes(e), e.tags)) {
                matched.add(e);
            }
        }
        Page<Ec2State.Eni> page = page(p, "DescribeNetworkInterfaces", !ids.isEmpty(), "networkInterfaceIdSet", matched);
        out.open("networkInterfaceSet");
        page.items.forEach(e -> writeEni(e, out));
        out.close("networkInterfaceSet").el("nextToken", page.nextToken);
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

    private void describeInstances(Ec2Params p, Xml out) {
        List<String> ids = p.list("InstanceId");
        ids.forEach(this::instance);
        Map<String, List<String>> filters = Filters.check(p.filters(), INSTANCE_FILTERS);
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
            if (Filters.matches(filters, m, i.tags)) {
                matched.add(i);
            }
        }
        Page<Ec2State.Instance> page = page(p, "DescribeInstances", !ids.isEmpty(), "instancesSet", matched);
        out.open("reservationSet");
        for (Ec2State.Instance i : page.items) {
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
        out.close("reservationSet").el("nextToken", page.nextToken);
    }

    private record Page<T>(List<T> items, String nextToken) {
    }

    private <T> Page<T> page(Ec2Params p, String action, boolean byIds, String idsName, List<T> all) {
        Integer max = p.integer("MaxResults");
        String token = p.get("NextToken");
        if (max != null && byIds) {
            throw Ec2Error.badRequest("InvalidParameterCombination",
                    "The parameter " + idsName + " cannot be used with the parameter maxResults");
        }
        if (max != null && (max < 5 || max > 1000)) {
            throw Ec2Error.invalidValue("Value ( " + max + " ) for parameter maxResults is invalid. "
                    + "Expecting a value between 5 and 1000.");
        }
        int offset = 0;
        if (token != null && !token.isEmpty()) {
            offset = decodeToken(action, token);
            if (offset > all.size()) {
                throw Ec2Error.badRequest("InvalidPaginationToken", "Invalid pagination token");
            }
        }
        if (max == null && offset == 0) {
            return new Page<>(all, null);
        }
        int size = max == null ? 1000 : max;
        int end = Math.min(all.size(), offset + size);
        String next = end < all.size() ? encodeToken(action, end) : null;
        return new Page<>(all.subList(offset, end), next);
    }

    private static String encodeToken(String action, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((action + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeToken(String action, String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith(action + ":")) {
                return Integer.parseInt(text.substring(action.length() + 1));
            }
        } catch (IllegalArgumentException e) {
            // falls through
        }
        throw Ec2Error.badRequest("InvalidPaginationToken", "Invalid pagination token '" + token + "'");
    }

    // ---- tags ------------------------------------------------------------------------------------------------

    private Map<String, String> taggable(String id) {
        Function<String, Ec2Error> nf = code -> Ec2Error.badRequest(code, "The ID '" + id + "' does not exist");
        if (id.startsWith("eipalloc-")) {
            Ec2State.Address a = state.addresses.get(id);
            if (a == null) {
                throw nf.apply("InvalidAllocationID.NotFound");
            }
            return a.tags;
        }
        if (id.startsWith("eni-")) {
            return eni(id).tags;
        }
        if (id.startsWith("i-")) {
            return instance(id).tags;
        }
        if (id.startsWith("vpc-")) {
            Ec2State.Vpc v = state.vpcs.get(id);
            if (v == null) {
                throw nf.apply("InvalidVpcID.NotFound");
            }
            return v.tags;
        }
        if (id.startsWith("subnet-")) {
            Ec2State.Subnet s = state.subnets.get(id);
            if (s == null) {
                throw nf.apply("InvalidSubnetID.NotFound");
            }
            return s.tags;
        }
        throw Ec2Error.badRequest("InvalidID", "The ID '" + id + "' is not valid");
    }

    private static void checkTags(Map<String, String> add, Map<String, String> existing) {
        for (Map.Entry<String, String> t : add.entrySet()) {
            String k = t.getKey();
            if (k.isEmpty() || k.length() > 128) {
                throw Ec2Error.invalidValue("Tag key must be 1 to 128 characters: '" + k + "'");
            }
            if (k.toLowerCase(java.util.Locale.ROOT).startsWith("aws:")) {
                throw Ec2Error.invalidValue("Tag keys starting with 'aws:' are reserved for internal use");
            }
            if (t.getValue() != null && t.getValue().length() > 256) {
                throw Ec2Error.invalidValue("Tag value must be at most 256 characters (key '" + k + "')");
            }
        }
        Set<String> keys = new java.util.HashSet<>(existing.keySet());
        keys.addAll(add.keySet());
        if (keys.size() > 50) {
            throw Ec2Error.badRequest("TagLimitExceeded", "The maximum number of tags (50) per resource has been reached.");
        }
    }

    private void createTags(Ec2Params p, Xml out) {
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missing("ResourceId");
        }
        Map<String, String> tags = p.tags("Tag");
        if (tags.isEmpty()) {
            throw Ec2Error.missing("Tag");
        }
        List<Map<String, String>> targets = new ArrayList<>();
        for (String id : ids) {
            Map<String, String> t = taggable(id);
            checkTags(tags, t);
            targets.add(t);
        }
        for (Map<String, String> t : targets) {
            tags.forEach((k, v) -> t.put(k, v == null ? "" : v));
        }
        out.el("return", "true");
    }

    private void deleteTags(Ec2Params p, Xml out) {
        List<String> ids = p.list("ResourceId");
        if (ids.isEmpty()) {
            throw Ec2Error.missing("ResourceId");
        }
        Map<String, String> tags = p.tags("Tag");
        List<Map<String, String>> targets = new ArrayList<>();
        for (String id : ids) {
            targets.add(taggable(id));
        }
        for (Map<String, String> t : targets) {
            if (tags.isEmpty()) {
                t.clear();
            }
            tags.forEach((k, v) -> {
                if (v == null || v.equals(t.get(k))) {
                    t.remove(k);
                }
            });
        }
        out.el("return", "true");
    }

    // ---- lookups ---------------------------------------------------------------------------------------------

    private Ec2State.Eni eni(String id) {
        Ec2State.Eni e = state.interfaces.get(id);
        if (e == null) {
            throw Ec2Error.badRequest("InvalidNetworkInterfaceID.NotFound", "The networkInterface ID '" + id + "' does not exist");
        }
        return e;
    }

    private Ec2State.Instance instance(String id) {
        Ec2State.Instance i = state.instances.get(id);
        if (i == null) {
            if (!id.matches("i-[0-9a-f]{8,17}")) {
                throw Ec2Error.badRequest("InvalidInstanceID.Malformed", "Invalid id: \"" + id + "\"");
            }
            throw Ec2Error.badRequest("InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not exist");
        }
        return i;
    }

    private static List<String> list(String value) {
        return value == null ? List.of() : List.of(value);
    }

    /** EC2 filter semantics: names ANDed, values ORed, {@code *} and {@code ?} wildcards, {@code tag:k} / {@code tag-key}. */
    static final class Filters {
        private Filters() {
        }

        /** Refuses unknown filter names and empty value lists, as EC2 does before looking at any resource. */
        static Map<String, List<String>> check(Map<String, List<String>> filters, Set<String> names) {
            for (Map.Entry<String, List<String>> f : filters.entrySet()) {
                String name = f.getKey();
                if (!name.startsWith("tag:") && !name.equals("tag-key") && !name.equals("tag-value")
                        && !names.contains(name)) {
                    throw Ec2Error.invalidValue("The filter '" + name + "' is invalid");
                }
                if (f.getValue().isEmpty()) {
                    throw Ec2Error.invalidValue("The filter '" + name + "' needs at least one value");
                }
            }
            return filters;
        }

        static boolean matches(Map<String, List<String>> filters, Map<String, List<String>> attrs, Map<String, String> tags) {
            for (Map.Entry<String, List<String>> f : filters.entrySet()) {
                String name = f.getKey();
                List<String> have;
                if (name.startsWith("tag:")) {
                    String v = tags.get(name.substring(4));
                    have = list(v);
                } else if (name.equals("tag-key")) {
                    have = new ArrayList<>(tags.keySet());
                } else if (name.equals("tag-value")) {
                    have = new ArrayList<>(tags.values());
                } else if (attrs.containsKey(name)) {
                    have = attrs.get(name);
                } else {
                    throw Ec2Error.invalidValue("The filter '" + name + "' is invalid");
                }
                if (f.getValue().isEmpty()) {
                    throw Ec2Error.invalidValue("The filter '" + name + "' needs at least one value");
                }
                boolean any = false;
                for (String pattern : f.getValue()) {
                    Pattern re = glob(pattern);
                    for (String v : have) {
                        if (v != null && re.matcher(v).matches()) {
                            any = true;
                            break;
                        }
                    }
                    if (any) {
                        break;
                    }
                }
                if (!any) {
                    return false;
                }
            }
            return true;
        }

        static Pattern glob(String pattern) {
            StringBuilder re = new StringBuilder();
            for (int i = 0; i < pattern.length(); i++) {
                char c = pattern.charAt(i);
                if (c == '\\' && i + 1 < pattern.length()) {
                    re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
                } else if (c == '*') {
                    re.append(".*");
                } else if (c == '?') {
                    re.append('.');
                } else {
                    re.append(Pattern.quote(String.valueOf(c)));
                }
            }
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        }
    }
}
