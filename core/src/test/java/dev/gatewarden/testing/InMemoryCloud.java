package dev.gatewarden.testing;

import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The state of an in-memory cloud account (test only): nodes with one interface each, public IPs with tags and
 * associations, secondary private IPs with ownership records. Shared by {@link InMemoryCloudProvider} instances
 * so that a new instance (a restart) sees the same world. Thread-safe through the provider's locking on it.
 */
public final class InMemoryCloud {
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Map<String, PublicIp> publicIps = new LinkedHashMap<>();
    /** private IP → ownership tags. */
    final Map<String, Tags> privateOwners = new LinkedHashMap<>();
    final Failures failures = new Failures();
    private int nextPublic = 1;
    private int nextAllocation = 1;
    private int nextPrivate = 100;

    record Tags(String owner, String gateway, SlotId slot) {
    }

    static final class Node {
        final NodeRef ref;
        final List<Nic> nics = new ArrayList<>();

        Node(NodeRef ref) {
            this.ref = ref;
        }
    }

    static final class Nic {
        final String id;
        final int deviceIndex;
        final String subnet;
        final String primaryIp;
        final LinkedHashSet<String> secondaryIps = new LinkedHashSet<>();
        final int maxIps;
        final Node node;

        Nic(String id, int deviceIndex, String subnet, String primaryIp, int maxIps, Node node) {
            this.id = id;
            this.deviceIndex = deviceIndex;
            this.subnet = subnet;
            this.primaryIp = primaryIp;
            this.maxIps = maxIps;
            this.node = node;
        }

        boolean holds(String ip) {
            return primaryIp.equals(ip) || secondaryIps.contains(ip);
        }
    }

    static final class PublicIp {
        final String ip;
        final String allocationId;
        final Tags tags;
        String nicId;
        String privateIp;

        PublicIp(String ip, String allocationId, Tags tags) {
            this.ip = ip;
            this.allocationId = allocationId;
            this.tags = tags;
        }
    }

    /** An empty account with {@code nodeCount} nodes in subnet {@code subnet-a} (10.0.0.0/24). */
    public static InMemoryCloud withNodes(int nodeCount) {
        InMemoryCloud c = new InMemoryCloud();
        for (int i = 0; i < nodeCount; i++) {
            c.addNode(String.format("i-0a1b2c3d4e5f6%04d", i + 1));
        }
        return c;
    }

    /** Adds a node {@code aws:///eu-west-1a/<instanceId>} with a primary interface. */
    public synchronized NodeRef addNode(String instanceId) {
        NodeRef ref = NodeRef.parse("aws:///eu-west-1a/" + instanceId);
        Node n = new Node(ref);
        int index = nodes.size();
        n.nics.add(new Nic("eni-" + instanceId.substring(2), 0, "subnet-a", "10.0.0." + (10 + index), 15, n));
        nodes.put(ref.key(), n);
        return ref;
    }

    public synchronized List<NodeRef> nodes() {
        return nodes.values().stream().map(n -> n.ref).toList();
    }

    /** Fault injection: operations are the change actions ({@code allocate-public}, …) and {@code observe}. */
    public Failures failures() {
        return failures;
    }

    /** A private IP in the subnet that no interface holds. */
    public synchronized String freePrivateIp(int n) {
        return "10.0.0." + (200 + n);
    }

    /** Counts public IPs (any owner), for tests. */
    public synchronized int publicIpCount() {
        return publicIps.size();
    }

    /** Creates a public IP owned by someone else (or by nobody when {@code owner} is null), for tests. */
    public synchronized String addForeignPublicIp(String owner, SlotId slot) {
        PublicIp p = newPublicIp(new Tags(owner, slot == null ? null : slot.gateway(), slot));
        return p.ip;
    }

    PublicIp newPublicIp(Tags tags) {
        PublicIp p = new PublicIp("203.0.113." + nextPublic++, String.format("eipalloc-%017d", nextAllocation++), tags);
        publicIps.put(p.allocationId, p);
        return p;
    }

    String nextFreePrivateIp() {
        while (true) {
            String ip = "10.0.0." + nextPrivate++;
            if (nicHolding(ip).isEmpty()) {
                return ip;
            }
        }
    }

    Optional<Nic> nicHolding(String ip) {
        for (Node n : nodes.values()) {
            for (Nic nic : n.nics) {
                if (nic.holds(ip)) {
                    return Optional.of(nic);
                }
            }
        }
        return Optional.empty();
    }

    Optional<Nic> nic(String id) {
        return nodes.values().stream().flatMap(n -> n.nics.stream()).filter(x -> x.id.equals(id)).findFirst();
    }
}
