package dev.gatewarden.testing.labelcloud;

import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.IpRecord;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.plan.CloudChange.MovePrivate;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudResult;
import dev.gatewarden.spi.CloudRound;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.PrivateAddresses;
import dev.gatewarden.spi.PublicAddresses;
import dev.gatewarden.testing.labelcloud.LabelCloud.Vm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A test-only third provider, added by its own files and a service registration alone: private IPs only (no
 * {@link Capability#PUBLIC_IPS}), exact IPs, moves in two calls (no {@link Capability#SINGLE_CALL_MOVE}), ownership
 * records as {@link IpRecord} labels on the instance. Its assign and unassign batches are real batches: one
 * {@code instances.update} call per instance however many changes it gets. Counts calls per operation.
 */
public final class LabelCloudProvider implements CloudProvider {
    static final Set<Capability> CAPABILITIES = Set.of(Capability.EXACT_PRIVATE_IP);
    private final String name;
    private final String owner;
    private final LabelCloud world;
    private final CallRecorder calls;
    private final PrivateAddresses privates = new Privates();

    public LabelCloudProvider(String name, String owner, LabelCloud world, CallRecorder calls) {
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
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public ObservedCloud observe(CloudScope scope) {
        synchronized (world) {
            calls.record(name, "instances.list");
            List<CloudAddress> addresses = new ArrayList<>();
            List<NodeInterface> interfaces = new ArrayList<>();
            for (Vm vm : world.vms.values()) {
                vm.labels.forEach((key, value) -> {
                    String ip = IpRecord.ipOf(key);
                    IpRecord r = IpRecord.parse(value);
                    if (ip != null && r != null && vm.secondary.contains(ip)) {
                        addresses.add(new CloudAddress(name, r.slot(), AddressKind.PRIVATE, ip, vm.nicId, vm.ref,
                                vm.nicId, null, r.owner(), false));
                    }
                });
                if (scope.nodes().stream().anyMatch(vm.ref::sameNode)) {
                    List<String> ips = new ArrayList<>();
                    ips.add(vm.primaryIp);
                    ips.addAll(vm.secondary);
                    interfaces.add(new NodeInterface(name, vm.ref, vm.nicId, 0, LabelCloud.SUBNET, vm.primaryIp, ips,
                            vm.maxIps));
                }
            }
            return new ObservedCloud(name, addresses, interfaces);
        }
    }

    @Override
    public Optional<PublicAddresses> publicAddresses() {
        return Optional.empty();
    }

    @Override
    public PrivateAddresses privateAddresses() {
        return privates;
    }

    private final class Privates implements PrivateAddresses {
        @Override
        public List<CloudResult> assign(List<AssignPrivate> changes, CloudRound round) {
            return perInstance(changes, c -> c.node(), (vm, c) -> assignOn(vm, c));
        }

        @Override
        public List<CloudResult> move(List<MovePrivate> changes, CloudRound round) {
            synchronized (world) {
                return CloudResult.each(changes, LabelCloudProvider.this::moveOne);
            }
        }

        @Override
        public List<CloudResult> unassign(List<UnassignPrivate> changes, CloudRound round) {
            return perInstance(changes, c -> holderOf(c.ip()).map(v -> v.ref).orElse(c.node()),
                    (vm, c) -> unassignOn(vm, c));
        }
    }

    private interface OnVm<C> {
        CloudAddress apply(Vm vm, C change);
    }

    /** One {@code instances.update} per instance for all of its changes; a change that fails, fails alone. */
    private <C extends CloudChange> List<CloudResult> perInstance(List<C> changes,
                                                                  java.util.function.Function<C, NodeRef> where,
                                                                  OnVm<C> apply) {
        synchronized (world) {
            Map<C, CloudResult> results = new LinkedHashMap<>();
            Map<String, List<C>> byVm = new LinkedHashMap<>();
            for (C c : changes) {
                NodeRef node = where.apply(c);
                Vm vm = node == null ? null : world.vms.get(node.instance());
                if (node != null && vm == null) {
                    results.put(c, CloudResult.failed(c, new ProviderException("instance " + node.instance()
                            + " does not exist in " + name, "notFound", false)));
                } else if (vm == null) {
                    results.put(c, CloudResult.done(c, null)); // nothing holds it: already gone
                } else {
                    byVm.computeIfAbsent(vm.ref.instance(), k -> new ArrayList<>()).add(c);
                }
            }
            byVm.forEach((instance, list) -> {
                calls.record(name, "instances.update");
                Vm vm = world.vms.get(instance);
                for (C c : list) {
                    try {
                        results.put(c, CloudResult.done(c, apply.apply(vm, c)));
                    } catch (RuntimeException e) {
                        results.put(c, CloudResult.failed(c, e));
                    }
                }
            });
            return changes.stream().map(results::get).toList();
        }
    }

    private CloudAddress assignOn(Vm vm, AssignPrivate c) {
        if (!c.nic().isPrimary() && !Objects.equals(c.nic().deviceIndex(), 0)) {
            throw new ProviderException(vm.ref.instance() + " has one interface; " + c.nic() + " does not exist",
                    "notFound", false);
        }
        String ip = c.requestedIp();
        if (ip == null) {
            for (String held : vm.secondary) {
                IpRecord r = IpRecord.parse(vm.labels.get(IpRecord.key(held)));
                if (r != null && r.ownedBy(owner) && r.slot().equals(c.slot())) {
                    return address(vm, held, r.slot()); // already assigned: idempotent
                }
            }
            ip = world.nextFreeIp();
        } else {
            Optional<Vm> holder = holderOf(ip);
            if (holder.isPresent()) {
                IpRecord r = IpRecord.parse(holder.get().labels.get(IpRecord.key(ip)));
                if (holder.get() == vm && r != null && r.ownedBy(owner) && r.slot().equals(c.slot())) {
                    return address(vm, ip, c.slot());
                }
                throw new ProviderException(ip + " is in use on " + holder.get().ref.instance() + "; request another",
                        "ipInUse", false);
            }
        }
        if (vm.secondary.size() + 1 >= vm.maxIps) {
            throw new ProviderException(vm.ref.instance() + " holds its maximum of " + vm.maxIps + " IPs",
                    "quotaExceeded", false);
        }
        vm.labels.put(IpRecord.key(ip), new IpRecord(owner, c.slot()).value());
        vm.secondary.add(ip);
        return address(vm, ip, c.slot());
    }

    private CloudAddress moveOne(MovePrivate c) {
        Vm target = world.vms.get(c.node().instance());
        if (target == null) {
            throw new ProviderException("instance " + c.node().instance() + " does not exist", "notFound", false);
        }
        Optional<Vm> from = holderOf(c.ip());
        if (from.isPresent() && from.get() != target) {
            requireOurs(from.get(), c.ip());
            calls.record(name, "instances.update"); // two calls: off the old instance, then onto the new one
            from.get().secondary.remove(c.ip());
            from.get().labels.remove(IpRecord.key(c.ip()));
        }
        if (from.isEmpty() || from.get() != target) {
            calls.record(name, "instances.update");
            target.labels.put(IpRecord.key(c.ip()), new IpRecord(owner, c.slot()).value());
            target.secondary.add(c.ip());
        }
        return address(target, c.ip(), c.slot());
    }

    private CloudAddress unassignOn(Vm vm, UnassignPrivate c) {
        if (!vm.secondary.contains(c.ip())) {
            return null; // already gone
        }
        requireOurs(vm, c.ip());
        vm.secondary.remove(c.ip());
        vm.labels.remove(IpRecord.key(c.ip()));
        return null;
    }

    private void requireOurs(Vm vm, String ip) {
        String label = vm.labels.get(IpRecord.key(ip));
        IpRecord r = IpRecord.parse(label);
        if (r == null || !r.ownedBy(owner)) {
            throw new OwnershipConflictException("private IP " + ip + " on " + vm.ref.instance()
                    + (label == null ? " has no Gatewarden label" : " is labelled '" + label + "'")
                    + ", not owner " + owner + "; it is left alone");
        }
    }

    private Optional<Vm> holderOf(String ip) {
        return world.holder(ip);
    }

    private CloudAddress address(Vm vm, String ip, SlotId slot) {
        return new CloudAddress(name, slot, AddressKind.PRIVATE, ip, vm.nicId, vm.ref, vm.nicId, null, owner, false);
    }
}
