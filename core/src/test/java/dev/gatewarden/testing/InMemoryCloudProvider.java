package dev.gatewarden.testing;

import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.CloudChange.AllocatePublic;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.CloudChange.MovePrivate;
import dev.gatewarden.plan.CloudChange.ReleasePublic;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.PrivateAddresses;
import dev.gatewarden.spi.PublicAddresses;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.testing.InMemoryCloud.Nic;
import dev.gatewarden.testing.InMemoryCloud.Node;
import dev.gatewarden.testing.InMemoryCloud.PublicIp;
import dev.gatewarden.testing.InMemoryCloud.Tags;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A {@link CloudProvider} over an {@link InMemoryCloud} (test only: nothing fake ships in the product). Behaves
 * like an EC2-style cloud: public IPs tagged at allocation, secondary private IPs with an ownership record,
 * associations that follow a private IP when it moves, idempotent operations. Counts each call into the
 * {@link CallRecorder} under the change's action id (and {@code observe}).
 */
public final class InMemoryCloudProvider implements CloudProvider {
    /** Everything an EC2-style cloud can do. */
    public static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.allOf(Capability.class));
    private final String name;
    private final String owner;
    private final InMemoryCloud world;
    private final CallRecorder calls;
    private final PublicAddresses publicRole = PublicAddresses.oneByOne(new Operations(), this);
    private final PrivateAddresses privateRole = PrivateAddresses.oneByOne(new Operations(), this);

    public InMemoryCloudProvider(String name, String owner, InMemoryCloud world, CallRecorder calls) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.world = Objects.requireNonNull(world, "world");
        this.calls = calls == null ? new CallRecorder() : calls;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObservedCloud observe(CloudScope scope) {
        calls.record(name, "observe");
        world.failures.check("observe", scope);
        synchronized (world) {
            List<CloudAddress> addresses = new ArrayList<>();
            for (PublicIp p : world.publicIps.values()) {
                if (p.tags.owner() != null) {
                    addresses.add(toAddress(p));
                }
            }
            for (Map.Entry<String, Tags> e : world.privateOwners.entrySet()) {
                Optional<Nic> nic = world.nicHolding(e.getKey());
                Tags t = e.getValue();
                addresses.add(new CloudAddress(name, t.slot(), AddressKind.PRIVATE, e.getKey(),
                        nic.map(n -> n.id).orElse(null), nic.map(n -> n.node.ref).orElse(null),
                        nic.map(n -> n.id).orElse(null), null, t.owner(), false));
            }
            List<NodeInterface> interfaces = new ArrayList<>();
            for (NodeRef wanted : scope.nodes()) {
                Node n = world.nodes.get(wanted.key());
                if (n == null) {
                    continue;
                }
                for (Nic nic : n.nics) {
                    List<String> ips = new ArrayList<>();
                    ips.add(nic.primaryIp);
                    ips.addAll(nic.secondaryIps);
                    interfaces.add(new NodeInterface(name, wanted, nic.id, nic.deviceIndex, nic.subnet, nic.primaryIp,
                            ips, nic.maxIps));
                }
            }
            return new ObservedCloud(name, addresses, interfaces);
        }
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public Optional<PublicAddresses> publicAddresses() {
        return Optional.of(publicRole);
    }

    @Override
    public PrivateAddresses privateAddresses() {
        return privateRole;
    }

    /** Counts the call and applies an injected failure, as a real API call would meet it. */
    private void call(CloudChange c) {
        calls.record(name, c.action());
        world.failures.check(c.action(), c);
    }

    /** The per-change operations behind both roles. */
    private final class Operations implements PublicAddresses.OneByOne, PrivateAddresses.OneByOne {
        @Override
        public CloudAddress allocate(AllocatePublic c) {
            return allocatePublic(c);
        }

        @Override
        public CloudAddress associate(AttachPublic c) {
            return InMemoryCloudProvider.this.associate(c);
        }

        @Override
        public void disassociate(DetachPublic c) {
            InMemoryCloudProvider.this.disassociate(c);
        }

        @Override
        public void release(ReleasePublic c) {
            releasePublic(c);
        }

        @Override
        public CloudAddress assign(AssignPrivate c) {
            return InMemoryCloudProvider.this.assign(c);
        }

        @Override
        public CloudAddress move(MovePrivate c) {
            return InMemoryCloudProvider.this.move(c);
        }

        @Override
        public void unassign(UnassignPrivate c) {
            InMemoryCloudProvider.this.unassign(c);
        }
    }

    private CloudAddress allocatePublic(AllocatePublic a) {
        call(a);
        synchronized (world) {
            for (PublicIp p : world.publicIps.values()) {
                if (owner.equals(p.tags.owner()) && a.slot().equals(p.tags.slot())) {
                    return toAddress(p); // already allocated: idempotent
                }
            }
            return toAddress(world.newPublicIp(new Tags(owner, a.slot().gateway(), a.slot())));
        }
    }

    private CloudAddress assign(AssignPrivate a) {
        call(a);
        synchronized (world) {
            Nic nic = nic(a.node(), a.nic());
            String ip = a.requestedIp();
            if (ip == null) {
                for (String held : nic.secondaryIps) {
                    Tags t = world.privateOwners.get(held);
                    if (t != null && owner.equals(t.owner()) && a.slot().equals(t.slot())) {
                        return privateAddress(held, nic, t); // already assigned: idempotent
                    }
                }
                ip = world.nextFreePrivateIp();
            } else {
                Optional<Nic> holder = world.nicHolding(ip);
                if (holder.isPresent()) {
                    Tags t = world.privateOwners.get(ip);
                    if (holder.get() == nic && t != null && owner.equals(t.owner()) && a.slot().equals(t.slot())) {
                        return privateAddress(ip, nic, t);
                    }
                    throw new ProviderException("private IP " + ip + " is already in use on " + holder.get().id
                            + "; choose another address for " + a.slot(), "PrivateIpAddressInUse", false);
                }
            }
            if (nic.secondaryIps.size() + 1 >= nic.maxIps) {
                throw new ProviderException("interface " + nic.id + " holds its maximum of " + nic.maxIps
                        + " private IPs; use a larger instance type or another interface", "PrivateIpAddressLimitExceeded",
                        false);
            }
            nic.secondaryIps.add(ip);
            Tags t = new Tags(owner, a.slot().gateway(), a.slot());
            world.privateOwners.put(ip, t);
            return privateAddress(ip, nic, t);
        }
    }

    private CloudAddress associate(AttachPublic a) {
        call(a);
        synchronized (world) {
            PublicIp p = findPublic(a.ref(), a.publicIp()).orElseThrow(() -> new ProviderException(
                    "public IP " + a.publicIp() + " (" + a.ref() + ") does not exist", "InvalidAllocationID.NotFound",
                    false));
            requireOwned(p);
            Node node = node(a.node());
            Nic nic = node.nics.stream().filter(n -> n.holds(a.privateIp())).findFirst()
                    .orElseThrow(() -> new ProviderException("private IP " + a.privateIp() + " is not on "
                            + a.node().instance(), "InvalidParameterValue", false));
            p.nicId = nic.id;
            p.privateIp = a.privateIp();
            return toAddress(p);
        }
    }

    private CloudAddress move(MovePrivate m) {
        call(m);
        synchronized (world) {
            Nic target = nic(m.node(), m.nic());
            Optional<Nic> from = world.nicHolding(m.ip());
            if (from.isPresent() && from.get() != target) {
                if (from.get().primaryIp.equals(m.ip())) {
                    throw new ProviderException(m.ip() + " is the primary IP of " + from.get().id + " and cannot move",
                            "InvalidParameterValue", false);
                }
                from.get().secondaryIps.remove(m.ip());
            }
            target.secondaryIps.add(m.ip());
            for (PublicIp p : world.publicIps.values()) {
                if (m.ip().equals(p.privateIp)) {
                    p.nicId = target.id; // the association follows the private IP
                }
            }
            Tags t = world.privateOwners.computeIfAbsent(m.ip(), ip -> new Tags(owner, m.slot().gateway(), m.slot()));
            return privateAddress(m.ip(), target, t);
        }
    }

    private void disassociate(DetachPublic detach) {
        call(detach);
        synchronized (world) {
            Optional<PublicIp> p = findPublic(detach.ref(), detach.publicIp());
            if (p.isPresent()) {
                requireOwned(p.get());
                p.get().nicId = null;
                p.get().privateIp = null;
            }
        }
    }

    private void releasePublic(ReleasePublic r) {
        call(r);
        synchronized (world) {
            Optional<PublicIp> p = findPublic(r.ref(), r.publicIp());
            if (p.isPresent()) {
                requireOwned(p.get());
                world.publicIps.remove(p.get().allocationId);
            }
        }
    }

    private void unassign(UnassignPrivate u) {
        call(u);
        synchronized (world) {
            Tags t = world.privateOwners.get(u.ip());
            if (t != null && !owner.equals(t.owner())) {
                throw new OwnershipConflictException("private IP " + u.ip() + " belongs to owner " + t.owner()
                        + ", not " + owner + "; it is left alone");
            }
            Optional<Nic> nic = world.nicHolding(u.ip());
            if (nic.isPresent() && nic.get().primaryIp.equals(u.ip())) {
                throw new ProviderException(u.ip() + " is the primary IP of " + nic.get().id, "InvalidParameterValue",
                        false);
            }
            nic.ifPresent(n -> n.secondaryIps.remove(u.ip()));
            world.privateOwners.remove(u.ip());
            for (PublicIp p : world.publicIps.values()) {
                if (u.ip().equals(p.privateIp)) {
                    p.nicId = null;
                    p.privateIp = null;
                }
            }
        }
    }

    private void requireOwned(PublicIp p) {
        if (!owner.equals(p.tags.owner())) {
            throw new OwnershipConflictException("public IP " + p.ip + " (" + p.allocationId + ") is tagged for owner "
                    + p.tags.owner() + ", not " + owner + "; it is left alone");
        }
    }

    private Optional<PublicIp> findPublic(String ref, String ip) {
        if (ref != null && world.publicIps.containsKey(ref)) {
            return Optional.of(world.publicIps.get(ref));
        }
        return world.publicIps.values().stream().filter(p -> p.ip.equals(ip)).findFirst();
    }

    private Node node(NodeRef ref) {
        Node n = world.nodes.get(ref.key());
        if (n == null) {
            throw new ProviderException("instance " + ref.instance() + " does not exist in " + name
                    + "; check the node's providerID", "InvalidInstanceID.NotFound", false);
        }
        return n;
    }

    private Nic nic(NodeRef ref, InterfaceSelector selector) {
        Node n = node(ref);
        for (Nic nic : n.nics) {
            boolean match = selector == null || selector.isPrimary() ? nic.deviceIndex == 0
                    : selector.subnet() != null ? selector.subnet().equals(nic.subnet)
                    : selector.deviceIndex() == nic.deviceIndex;
            if (match) {
                return nic;
            }
        }
        throw new ProviderException("instance " + ref.instance() + " has no interface " + selector,
                "InvalidNetworkInterfaceID.NotFound", false);
    }

    private CloudAddress toAddress(PublicIp p) {
        Optional<Nic> nic = p.nicId == null ? Optional.empty() : world.nic(p.nicId);
        return new CloudAddress(name, p.tags.slot(), AddressKind.PUBLIC, p.ip, p.allocationId,
                nic.map(n -> n.node.ref).orElse(null), p.nicId, p.privateIp, p.tags.owner(), false);
    }

    private CloudAddress privateAddress(String ip, Nic nic, Tags t) {
        return new CloudAddress(name, t.slot(), AddressKind.PRIVATE, ip, nic.id, nic.node.ref, nic.id, null, t.owner(),
                false);
    }
}
