package dev.gatewarden.spi;

import dev.gatewarden.model.ObservedCloud;
import java.util.Optional;
import java.util.Set;

/**
 * One cloud account: an observer plus the roles the cloud has. Core dispatches each change to its role once
 * ({@link PublicAddresses} for public IPs, {@link PrivateAddresses} for secondary private IPs), a phase's changes
 * for this account as one batch per kind. Failures are
 * {@link dev.gatewarden.GatewardenException.ProviderException}s naming the resource and the next step.
 */
public interface CloudProvider extends AutoCloseable {

    /** The cloud account name from the config. */
    String name();

    /** What this cloud can do; the same set as its factory's. */
    Set<Capability> capabilities();

    /**
     * Lists owned addresses (by tag filter, paged: one call per page, never one per address) and the interfaces
     * of the nodes in scope. Addresses of other owners may be returned; the planner leaves them alone.
     */
    ObservedCloud observe(CloudScope scope);

    /** The public-address role; present exactly when {@link Capability#PUBLIC_IPS} is declared. */
    Optional<PublicAddresses> publicAddresses();

    /** The secondary-private-address role. */
    PrivateAddresses privateAddresses();

    @Override
    default void close() {
    }
}
