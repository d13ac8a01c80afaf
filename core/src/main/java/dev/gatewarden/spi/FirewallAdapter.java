package dev.gatewarden.spi;

import dev.gatewarden.model.ObservedFirewall;

/**
 * One firewall (or Panorama device group, or VDOM). Reads with as few calls as the API allows and applies a
 * whole change set as one batch with one commit. Never changes or deletes an object not marked as owned: that
 * is an {@link dev.gatewarden.GatewardenException.OwnershipConflictException}. Failures are
 * {@link dev.gatewarden.GatewardenException.ProviderException}s quoting the firewall's own message.
 */
public interface FirewallAdapter extends AutoCloseable {

    /** The firewall name from the config. */
    String name();

    /** Owned objects and groups, plus unowned ones whose names are in scope. */
    ObservedFirewall observe(FirewallScope scope);

    /** Applies the change set and commits once; either it all took effect or an exception says what did not. */
    FirewallApplyResult apply(FirewallChangeSet changes);

    @Override
    default void close() {
    }
}
