package dev.gatewarden.kubernetes.internal;

import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.kubernetes.WriteGate;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudResult;
import dev.gatewarden.spi.CloudRound;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.PrivateAddresses;
import dev.gatewarden.spi.PublicAddresses;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Wraps providers and adapters so that every write checks the {@link WriteGate} first: an instance that lost the
 * lease stops writing at once, even in the middle of a round (the change fails as transient and is retried by the
 * next leader).
 */
public final class Guarded {
    private Guarded() {
    }

    public static Map<String, CloudProvider> clouds(Map<String, CloudProvider> clouds, WriteGate gate) {
        Map<String, CloudProvider> m = new LinkedHashMap<>();
        clouds.forEach((k, v) -> m.put(k, new Cloud(v, gate)));
        return m;
    }

    public static Map<String, FirewallAdapter> firewalls(Map<String, FirewallAdapter> firewalls, WriteGate gate) {
        Map<String, FirewallAdapter> m = new LinkedHashMap<>();
        firewalls.forEach((k, v) -> m.put(k, new Firewall(v, gate)));
        return m;
    }

    static void check(WriteGate gate, String target) {
        if (!gate.mayWrite()) {
            throw new ProviderException("not writing to " + target + ": this instance is not the leader (any more);"
                    + " the leader will reconcile", "NotLeader", true);
        }
    }

    private record Cloud(CloudProvider delegate, WriteGate gate) implements CloudProvider {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public Set<Capability> capabilities() {
            return delegate.capabilities();
        }

        @Override
        public ObservedCloud observe(CloudScope scope) {
            return delegate.observe(scope);
        }

        @Override
        public Optional<PublicAddresses> publicAddresses() {
            return delegate.publicAddresses().map(p -> new GuardedPublic(p, gate, delegate.name()));
        }

        @Override
        public PrivateAddresses privateAddresses() {
            return new GuardedPrivate(delegate.privateAddresses(), gate, delegate.name());
        }
    }

    private record GuardedPublic(PublicAddresses delegate, WriteGate gate, String cloud) implements PublicAddresses {
        @Override
        public List<CloudResult> allocate(List<CloudChange.AllocatePublic> changes, CloudRound round) {
            check(gate, cloud);
            return delegate.allocate(changes, round);
        }

        @Override
        public List<CloudResult> associate(List<CloudChange.AttachPublic> changes, CloudRound round) {
            check(gate, cloud);
            return delegate.associate(changes, round);
        }

        @Override
        public List<CloudResult> disassociate(List<CloudChange.DetachPublic> changes, CloudRound round) {
            check(gate, cloud);
            return delegate.disassociate(changes, round);
        }

        @Override
        public List<CloudResult> release(List<CloudChange.ReleasePublic> changes, CloudRound round) {
            check(gate, cloud);
            return delegate.release(changes, round);
        }
    }

    private record GuardedPrivate(PrivateAddresses delegate, WriteGate gate, String cloud) implements PrivateAddresses {
        @Override
        public List<CloudResult> assign(List<CloudChange.AssignPrivate> changes, CloudRound round) {
            check(gate, cloud);
            return delegate.assign(changes, round);
        }

        @Override
        public List<CloudResult> move(List<CloudChange.MovePrivate> changes, CloudRound round) {
            check(gate, cloud);
            return delegate.move(changes, round);
        }

        @Override
        public List<CloudResult> unassign(List<CloudChange.UnassignPrivate> changes, CloudRound round) {
            check(gate, cloud);
            return delegate.unassign(changes, round);
        }
    }

    private record Firewall(FirewallAdapter delegate, WriteGate gate) implements FirewallAdapter {
        @Override
        public String name() {
            return delegate.name();
        }

        @Override
        public ObservedFirewall observe(FirewallScope scope) {
            return delegate.observe(scope);
        }

        @Override
        public FirewallApplyResult apply(FirewallChangeSet changes) {
            check(gate, delegate.name());
            return delegate.apply(changes);
        }
    }
}
