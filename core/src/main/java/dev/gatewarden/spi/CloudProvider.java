package dev.gatewarden.spi;

import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.plan.CloudChange;

/**
 * One cloud account. Every method is idempotent: re-running a change that already took effect succeeds
 * (releasing an address that is gone counts as done). Failures are
 * {@link dev.gatewarden.GatewardenException.ProviderException}s naming the resource and the next step.
 */
public interface CloudProvider extends AutoCloseable {

    /** The cloud account name from the config. */
    String name();

    /**
     * Lists owned addresses (by tag filter, paged: one call per page, never one per address) and the interfaces
     * of the nodes in scope. Addresses of other owners may be returned; the planner leaves them alone.
     */
    ObservedCloud observe(CloudScope scope);

    /**
     * Allocates a public IP (tagged at creation) or assigns a secondary private IP to a node.
     *
     * @return the address as it now exists (with its IP and handle)
     */
    CloudAddress allocate(CloudChange.Allocation allocation);

    /** Associates a public IP with a private IP on a node, or moves a private IP to another node. */
    CloudAddress attach(CloudChange.Attachment attachment);

    /** Disassociates a public IP. Already disassociated counts as done. */
    void detach(CloudChange.DetachPublic detach);

    /** Releases a public IP or unassigns a private one. Already gone counts as done. */
    void release(CloudChange.Release release);

    @Override
    default void close() {
    }
}
