package dev.gatewarden.kubernetes.internal;

import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.kubernetes.WriteGate;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import java.util.LinkedHashMap;
import java.util.Map;

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
        public ObservedCloud observe(CloudScope scope) {
            return delegate.observe(scope);
        }

        @Override
        public CloudAddress allocate(CloudChange.Allocation allocation) {
            check(gate, delegate.name());
            return delegate.allocate(allocation);
        }

        @Override
        public CloudAddress attach(CloudChange.Attachment attachment) {
            check(gate, delegate.name());
            return delegate.attach(attachment);
        }

        @Override
        public void detach(CloudChange.DetachPublic detach) {
            check(gate, delegate.name());
            delegate.detach(detach);
        }

        @Override
        public void release(CloudChange.Release release) {
            check(gate, delegate.name());
            delegate.release(release);
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
