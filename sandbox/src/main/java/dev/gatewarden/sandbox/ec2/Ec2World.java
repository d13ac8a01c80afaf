package dev.gatewarden.sandbox.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Builds the starting state of an {@link Ec2Simulator}: in code ({@code Ec2World.region("eu-west-1").vpc(..)
 * .subnet(..).instance(..)}) or from the {@code ec2:} section of a YAML/JSON file:
 *
 * <pre>
 * ec2:
 *   region: eu-west-1
 *   eipQuota: 5
 *   consistencyLagMs: 0             # new Elastic IPs invisible to DescribeAddresses this long
 *   deniedActions: []               # e.g. [AssociateAddress]: 403 UnauthorizedOperation, as an IAM deny
 *   quirks: {emptyStringsForAbsent: false, assignResponseListsHeld: false}
 *   publicPools: {amazon: [198.51.100.0/24, 203.0.113.0/24], ipv4pool-ec2-0123: [192.0.2.0/24]}
 *   vpcs:
 *     - {id: vpc-1, cidr: 10.0.0.0/16, subnets: [{id: subnet-a, cidr: 10.0.1.0/24, az: eu-west-1a}]}
 *     - {id: vpc-2, cidr: 10.0.0.0/16, default: true, subnets: [...]}   # overlapping CIDRs are allowed
 *   instances:
 *     - {id: i-0a1b2c3d4e5f60001, type: m5.large, az: eu-west-1a, subnet: subnet-a, privateIp: 10.0.1.10,
 *        tags: {Name: node-1}, interfaceTags: {Name: node-1-eth0},
 *        interfaces: [{deviceIndex: 1, subnet: subnet-e, id: eni-..., privateIp: ..., secondaryIps: [..], tags: {..}}]}
 *   addresses:                      # Elastic IPs that exist already (e.g. reserved by Terraform)
 *     - {publicIp: 198.51.100.200, tags: {gatewarden-lifecycle: external}}
 * </pre>
 */
public final class Ec2World {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final String DEFAULT_WORLD = "default-world.yaml";
    private final Ec2State state = new Ec2State();

    private Ec2World(String region) {
        state.region = Objects.requireNonNull(region, "region");
    }

    /** An empty world (no VPCs) for one region. */
    public static Ec2World region(String region) {
        return new Ec2World(region);
    }

    public Ec2World eipQuota(int quota) {
        if (quota < 0) {
            throw new IllegalArgumentException("eipQuota must be >= 0");
        }
        state.eipQuota = quota;
        return this;
    }

    public Ec2World accountId(String accountId) {
        state.accountId = Objects.requireNonNull(accountId, "accountId");
        return this;
    }

    /** Adds or replaces a public IPv4 pool ({@code amazon} or a BYOIP pool id). */
    public Ec2World publicPool(String name, String... cidrs) {
        List<String> blocks = new ArrayList<>();
        for (String c : cidrs) {
            blocks.add(Ipv4Cidr.parse(c).toString());
        }
        state.publicPools.put(name, blocks);
        return this;
    }

    public Ec2World reassociateByDefault(boolean value) {
        state.reassociateByDefault = value;
        return this;
    }

    /** Marks a VPC as the region's default VPC (ReleaseAddress of an associated address disassociates it). */
    public Ec2World defaultVpc(String id) {
        Ec2State.Vpc v = state.vpcs.get(id);
        if (v == null) {
            throw new IllegalArgumentException("unknown VPC " + id);
        }
        state.vpcs.values().forEach(other -> other.isDefault = false);
        v.isDefault = true;
        return this;
    }

    /** New Elastic IPs stay invisible to DescribeAddresses this long (EC2's eventual consistency); 0: none. */
    public Ec2World consistencyLag(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("consistencyLagMs must be >= 0");
        }
        state.consistencyLagMillis = millis;
        return this;
    }

    /** Actions the caller is not allowed (403 UnauthorizedOperation), as an IAM deny would answer. */
    public Ec2World deny(String... actions) {
        state.deniedActions.addAll(List.of(actions));
        return this;
    }

    /** Behaviours of other EC2 implementations: empty elements for absent fields, assign listing held IPs. */
    public Ec2World quirks(boolean emptyStringsForAbsent, boolean assignResponseListsHeld) {
        state.quirks.emptyStringsForAbsent = emptyStringsForAbsent;
        state.quirks.assignResponseListsHeld = assignResponseListsHeld;
        return this;
    }

    /** A VPC; CIDRs of different VPCs may overlap (10.0.0.0/16 everywhere is the norm). */
    public Ec2World vpc(String id, String cidr) {
        requireNew(id, state.vpcs.containsKey(id));
        Ec2State.Vpc v = new Ec2State.Vpc();
        v.id = id;
        v.cidr = Ipv4Cidr.parse(cidr).toString();
        state.vpcs.put(id, v);
        return this;
    }

    public Ec2World subnet(String id, String vpcId, String cidr, String az) {
        requireNew(id, state.subnets.containsKey(id));
        Ec2State.Vpc vpc = state.vpcs.get(vpcId);
        if (vpc == null) {
            throw new IllegalArgumentException("subnet " + id + ": unknown VPC " + vpcId);
        }
        Ipv4Cidr block = Ipv4Cidr.parse(cidr);
        if (!Ipv4Cidr.parse(vpc.cidr).contains(block)) {
            throw new IllegalArgumentException("subnet " + id + " (" + cidr + ") is outside VPC " + vpcId + " (" + vpc.cidr + ")");
        }
        for (Ec2State.Subnet s : state.subnets.values()) {
            if (s.vpcId.equals(vpcId) && Ipv4Cidr.parse(s.cidr).overlaps(block)) {
                throw new IllegalArgumentException("subnet " + id + " (" + cidr + ") overlaps " + s.id + " (" + s.cidr + ")");
            }
        }
        requireZone(az);
        Ec2State.Subnet s = new Ec2State.Subnet();
        s.id = id;
        s.vpcId = vpcId;
        s.cidr = block.toString();
        s.az = az;
        state.subnets.put(id, s);
        return this;
    }

    /** A running instance with its primary interface in {@code subnetId}; the primary IP is the subnet's next free one. */
    public Ec2World instance(String id, String type, String az, String subnetId) {
        return instance(id, type, az, subnetId, null);
    }

    public Ec2World instance(String id, String type, String az, String subnetId, String primaryIp) {
        requireNew(id, state.instances.containsKey(id));
        if (!id.matches("i-[0-9a-f]{8,17}")) {
            throw new IllegalArgumentException("instance id must look like i-0123456789abcdef0, got " + id);
        }
        Ec2State.Subnet subnet = subnet(subnetId);
        if (!subnet.az.equals(az)) {
            throw new IllegalArgumentException("instance " + id + ": subnet " + subnetId + " is in " + subnet.az + ", not " + az);
        }
        Ec2State.Instance i = new Ec2State.Instance();
        i.id = id;
        i.type = Objects.requireNonNull(type, "type");
        i.az = az;
        i.subnetId = subnetId;
        i.vpcId = subnet.vpcId;
        i.reservationId = nextId(state, "r-");
        state.instances.put(id, i);
        networkInterface(id, 0, subnetId, null, primaryIp);
        return this;
    }

    /** Attaches another interface to an instance at {@code deviceIndex} (id and primary IP generated). */
    public Ec2World networkInterface(String instanceId, int deviceIndex, String subnetId) {
        return networkInterface(instanceId, deviceIndex, subnetId, null, null);
    }

    public Ec2World networkInterface(String instanceId, int deviceIndex, String subnetId, String eniId, String primaryIp) {
        Ec2State.Instance i = state.instances.get(instanceId);
        if (i == null) {
            throw new IllegalArgumentException("unknown instance " + instanceId);
        }
        Ec2State.Subnet subnet = subnet(subnetId);
        if (!subnet.az.equals(i.az) || !subnet.vpcId.equals(i.vpcId)) {
            throw new IllegalArgumentException("interface of " + instanceId + ": subnet " + subnetId
                    + " must be in the instance's VPC and zone (" + i.vpcId + ", " + i.az + ")");
        }
        for (String e : i.interfaces) {
            if (state.interfaces.get(e).deviceIndex == deviceIndex) {
                throw new IllegalArgumentException(instanceId + " already has an interface at device index " + deviceIndex);
            }
        }
        Ec2State.Eni eni = new Ec2State.Eni();
        eni.id = eniId == null ? nextId(state, "eni-") : eniId;
        requireNew(eni.id, state.interfaces.containsKey(eni.id));
        eni.subnetId = subnetId;
        eni.vpcId = subnet.vpcId;
        eni.az = subnet.az;
        eni.mac = mac(state);
        eni.instanceId = instanceId;
        eni.attachmentId = nextId(state, "eni-attach-");
        eni.deviceIndex = deviceIndex;
        String ip = primaryIp;
        if (ip == null) {
            ip = freeIp(state, subnet);
            if (ip == null) {
                throw new IllegalArgumentException("subnet " + subnetId + " is full");
            }
        } else {
            checkUsableIp(state, subnet, ip);
        }
        eni.privateIps.add(ip);
        state.interfaces.put(eni.id, eni);
        i.interfaces.add(eni.id);
        i.interfaces.sort((a, b) -> Integer.compare(state.interfaces.get(a).deviceIndex, state.interfaces.get(b).deviceIndex));
        return this;
    }

    /** Adds secondary private IPs to an interface (as if assigned earlier). */
    public Ec2World secondaryIps(String eniId, String... ips) {
        Ec2State.Eni eni = state.interfaces.get(eniId);
        if (eni == null) {
            throw new IllegalArgumentException("unknown interface " + eniId);
        }
        for (String ip : ips) {
            checkUsableIp(state, subnet(eni.subnetId), ip);
            eni.privateIps.add(ip);
        }
        return this;
    }

    /** An Elastic IP that exists already (unassociated), e.g. one reserved by Terraform. Null IP: next free one. */
    public Ec2World address(String publicIp, Map<String, String> tags) {
        Ec2State.Address a = new Ec2State.Address();
        a.allocationId = nextId(state, "eipalloc-");
        a.pool = "amazon";
        a.publicIp = publicIp == null ? freePublicIp(state, "amazon") : publicIp;
        if (a.publicIp == null) {
            throw new IllegalArgumentException("the amazon pool is exhausted");
        }
        for (Ec2State.Address other : state.addresses.values()) {
            if (other.publicIp.equals(a.publicIp)) {
                throw new IllegalArgumentException("Elastic IP " + a.publicIp + " exists twice");
            }
        }
        a.tags.putAll(tags == null ? Map.of() : tags);
        state.addresses.put(a.allocationId, a);
        return this;
    }

    /** The state to start a simulator with (a copy: the world may be built on). */
    public Ec2State build() {
        return Ec2Simulator.copy(state);
    }

    /** The interface id of an instance at a device index (for tests that seeded without explicit ids). */
    public String interfaceId(String instanceId, int deviceIndex) {
        Ec2State.Instance i = state.instances.get(instanceId);
        if (i != null) {
            for (String e : i.interfaces) {
                if (state.interfaces.get(e).deviceIndex == deviceIndex) {
                    return e;
                }
            }
        }
        throw new IllegalArgumentException(instanceId + " has no interface at device index " + deviceIndex);
    }

    // ---- loading ------------------------------------------------------------------------------------------

    /** The quickstart's world: 3 m5.large instances in eu-west-1a/1b, one with a secondary ENI in an egress subnet. */
    public static Ec2World defaultWorld() {
        try (InputStream in = Ec2World.class.getResourceAsStream(DEFAULT_WORLD)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULT_WORLD + " missing from the class path");
            }
            return fromTree(YAML.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads a YAML or JSON file; uses its {@code ec2:} section when there is one, else the whole document. */
    public static Ec2World load(Path file) {
        try {
            return fromTree(YAML.readTree(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read EC2 world " + file, e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Builds a world from a parsed document (the {@code ec2} section, or a document holding one). */
    public static Ec2World fromTree(JsonNode doc) {
        JsonNode root = doc.has("ec2") ? doc.get("ec2") : doc;
        Ec2World w = new Ec2World(text(root, "region", "eu-west-1"));
        if (root.has("accountId")) {
            w.accountId(root.get("accountId").asText());
        }
        if (root.has("eipQuota")) {
            w.eipQuota(root.get("eipQuota").asInt());
        }
        if (root.has("reassociateByDefault")) {
            w.reassociateByDefault(root.get("reassociateByDefault").asBoolean());
        }
        if (root.has("consistencyLagMs")) {
            w.consistencyLag(root.get("consistencyLagMs").asLong());
        }
        root.path("deniedActions").forEach(a -> w.deny(a.asText()));
        JsonNode quirks = root.path("quirks");
        w.quirks(quirks.path("emptyStringsForAbsent").asBoolean(false),
                quirks.path("assignResponseListsHeld").asBoolean(false));
        JsonNode pools = root.path("publicPools");
        for (Iterator<Map.Entry<String, JsonNode>> it = pools.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            List<String> cidrs = new ArrayList<>();
            e.getValue().forEach(c -> cidrs.add(c.asText()));
            w.publicPool(e.getKey(), cidrs.toArray(String[]::new));
        }
        for (JsonNode v : root.path("vpcs")) {
            String vpcId = required(v, "id", "vpcs[]");
            w.vpc(vpcId, required(v, "cidr", "vpc " + vpcId));
            if (v.path("default").asBoolean(false)) {
                w.defaultVpc(vpcId);
            }
            for (JsonNode s : v.path("subnets")) {
                String sid = required(s, "id", "subnets[] of " + vpcId);
                w.subnet(sid, vpcId, required(s, "cidr", "subnet " + sid), required(s, "az", "subnet " + sid));
            }
        }
        for (JsonNode i : root.path("instances")) {
            String id = required(i, "id", "instances[]");
            w.instance(id, text(i, "type", "m5.large"), required(i, "az", "instance " + id),
                    required(i, "subnet", "instance " + id), text(i, "privateIp", null));
            secondary(w, w.interfaceId(id, 0), i.path("secondaryIps"));
            w.state.instances.get(id).tags.putAll(tagMap(i.path("tags")));
            w.state.interfaces.get(w.interfaceId(id, 0)).tags.putAll(tagMap(i.path("interfaceTags")));
            for (JsonNode n : i.path("interfaces")) {
                int index = n.path("deviceIndex").asInt(-1);
                if (index < 1) {
                    throw new IllegalArgumentException("instance " + id + ": interfaces[] need deviceIndex >= 1 "
                            + "(device 0 is the primary interface, created from the instance's subnet)");
                }
                w.networkInterface(id, index, text(n, "subnet", w.state.instances.get(id).subnetId), text(n, "id", null),
                        text(n, "privateIp", null));
                secondary(w, w.interfaceId(id, index), n.path("secondaryIps"));
                w.state.interfaces.get(w.interfaceId(id, index)).tags.putAll(tagMap(n.path("tags")));
            }
        }
        for (JsonNode a : root.path("addresses")) {
            w.address(text(a, "publicIp", null), tagMap(a.path("tags")));
        }
        return w;
    }

    private static Map<String, String> tagMap(JsonNode tags) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        Ec2Tags.checkTags(m, Map.of());
        return m;
    }

    private static void secondary(Ec2World w, String eniId, JsonNode ips) {
        List<String> list = new ArrayList<>();
        ips.forEach(ip -> list.add(ip.asText()));
        if (!list.isEmpty()) {
            w.secondaryIps(eniId, list.toArray(String[]::new));
        }
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    private static String required(JsonNode n, String field, String where) {
        String v = text(n, field, null);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException(where + ": '" + field + "' is required");
        }
        return v;
    }

    // ---- shared helpers (also used by the simulator) ------------------------------------------------------

    private void requireNew(String id, boolean exists) {
        Objects.requireNonNull(id, "id");
        if (exists) {
            throw new IllegalArgumentException(id + " exists already");
        }
    }

    private void requireZone(String az) {
        if (az == null || !az.startsWith(state.region)) {
            throw new IllegalArgumentException("availability zone " + az + " is not in region " + state.region);
        }
    }

    private Ec2State.Subnet subnet(String id) {
        Ec2State.Subnet s = state.subnets.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown subnet " + id);
        }
        return s;
    }

    private static void checkUsableIp(Ec2State st, Ec2State.Subnet subnet, String ip) {
        Ipv4Cidr block = Ipv4Cidr.parse(subnet.cidr);
        if (!block.contains(ip) || block.reservedInSubnet(ip)) {
            throw new IllegalArgumentException(ip + " is not a usable address of subnet " + subnet.id + " (" + subnet.cidr + ")");
        }
        if (holderOf(st, subnet.vpcId, ip) != null) {
            throw new IllegalArgumentException(ip + " is in use already");
        }
    }

    static String nextId(Ec2State st, String prefix) {
        while (true) {
            String id = prefix + String.format("%017x", st.sequence++);
            if (!st.vpcs.containsKey(id) && !st.subnets.containsKey(id) && !st.instances.containsKey(id)
                    && !st.interfaces.containsKey(id) && !st.addresses.containsKey(id)) {
                return id;
            }
        }
    }

    static String mac(Ec2State st) {
        long n = st.sequence++;
        return String.format("02:%02x:%02x:%02x:%02x:%02x", (n >> 32) & 255, (n >> 24) & 255, (n >> 16) & 255,
                (n >> 8) & 255, n & 255);
    }

    /** The interface in {@code vpcId} holding {@code ip}, or null. */
    static Ec2State.Eni holderOf(Ec2State st, String vpcId, String ip) {
        for (Ec2State.Eni e : st.interfaces.values()) {
            if (e.vpcId.equals(vpcId) && e.privateIps.contains(ip)) {
                return e;
            }
        }
        return null;
    }

    /** The lowest free address of a subnet (AWS-reserved addresses skipped), or null when full. */
    static String freeIp(Ec2State st, Ec2State.Subnet subnet) {
        Ipv4Cidr block = Ipv4Cidr.parse(subnet.cidr);
        java.util.Set<String> used = new java.util.HashSet<>();
        for (Ec2State.Eni e : st.interfaces.values()) {
            if (e.subnetId.equals(subnet.id)) {
                used.addAll(e.privateIps);
            }
        }
        for (long v = block.first() + 4; v < block.last(); v++) {
            String ip = Ipv4Cidr.toText(v);
            if (!used.contains(ip)) {
                return ip;
            }
        }
        return null;
    }

    /** The lowest free public IP of a pool (network and broadcast addresses skipped), or null when exhausted. */
    static String freePublicIp(Ec2State st, String pool) {
        List<String> blocks = st.publicPools.get(pool);
        if (blocks == null) {
            return null;
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        st.addresses.values().forEach(a -> used.add(a.publicIp));
        for (String c : blocks) {
            Ipv4Cidr block = Ipv4Cidr.parse(c);
            for (long v = block.first() + 1; v < block.last(); v++) {
                String ip = Ipv4Cidr.toText(v);
                if (!used.contains(ip)) {
                    return ip;
                }
            }
        }
        return null;
    }
}
