package dev.gatewarden.contract;

import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.CloudChange.AllocatePublic;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.CloudChange.MovePrivate;
import dev.gatewarden.plan.CloudChange.ReleasePublic;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudResult;
import dev.gatewarden.spi.CloudRound;
import dev.gatewarden.spi.PublicAddresses;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Drives one provider's roles one change at a time, as the executor would with a batch of one, and throws the
 * change's failure: the tests' way to call a provider. Each call gets the round's observation from {@code round}.
 */
public final class CloudCalls {
    private final CloudProvider provider;
    private final Supplier<CloudRound> round;

    public CloudCalls(CloudProvider provider, Supplier<CloudRound> round) {
        this.provider = provider;
        this.round = round;
    }

    /** Calls whose round carries an empty observation (for tests of one provider's own requests). */
    public static CloudCalls unobserved(CloudProvider provider, String owner) {
        return new CloudCalls(provider, () -> new CloudRound(owner, ObservedCloud.empty(provider.name())));
    }

    public CloudProvider provider() {
        return provider;
    }

    public CloudAddress allocatePublic(SlotId slot) {
        return allocate(new AllocatePublic(provider.name(), slot));
    }

    public CloudAddress allocate(AllocatePublic c) {
        return one(c, (list, r) -> publics().allocate(list, r));
    }

    public CloudAddress assign(SlotId slot, NodeRef node, String exactIp) {
        return assign(new AssignPrivate(provider.name(), slot, node, InterfaceSelector.PRIMARY, exactIp));
    }

    public CloudAddress assign(AssignPrivate c) {
        return one(c, (list, r) -> provider.privateAddresses().assign(list, r));
    }

    /** Associates {@code pub} with {@code privateIp} on {@code node}'s primary interface. */
    public CloudAddress associate(SlotId slot, CloudAddress pub, NodeRef node, String privateIp, NodeRef fromNode) {
        return associate(new AttachPublic(provider.name(), slot, pub.ip(), pub.ref(), node, InterfaceSelector.PRIMARY,
                null, privateIp, fromNode, List.of()));
    }

    public CloudAddress associate(AttachPublic c) {
        return one(c, (list, r) -> publics().associate(list, r));
    }

    public CloudAddress move(SlotId slot, String ip, NodeRef from, NodeRef to) {
        return move(new MovePrivate(provider.name(), slot, ip, from, to, InterfaceSelector.PRIMARY, List.of()));
    }

    public CloudAddress move(MovePrivate c) {
        return one(c, (list, r) -> provider.privateAddresses().move(list, r));
    }

    public void disassociate(DetachPublic c) {
        one(c, (list, r) -> publics().disassociate(list, r));
    }

    public void release(ReleasePublic c) {
        one(c, (list, r) -> publics().release(list, r));
    }

    public void unassign(UnassignPrivate c) {
        one(c, (list, r) -> provider.privateAddresses().unassign(list, r));
    }

    /**
     * A public IP and a private IP (exact, or the cloud's choice when {@code exactIp} is null) for {@code slot} on
     * {@code node}, associated: the setup most scenarios start from. Returns {public, private}.
     */
    public CloudAddress[] allocateAssignAssociate(SlotId slot, NodeRef node, String exactIp) {
        CloudAddress pub = allocatePublic(slot);
        CloudAddress priv = assign(slot, node, exactIp);
        associate(slot, pub, node, priv.ip(), null);
        return new CloudAddress[] {pub, priv};
    }

    private PublicAddresses publics() {
        return provider.publicAddresses().orElseThrow(() -> new AssertionError(provider.name()
                + " has no public-address role"));
    }

    private <C extends CloudChange> CloudAddress one(C change, BiFunction<List<C>, CloudRound, List<CloudResult>> call) {
        List<CloudResult> results = call.apply(List.of(change), round.get());
        if (results.size() != 1) {
            throw new AssertionError("a batch of one answered " + results.size() + " results: " + results);
        }
        CloudResult r = results.get(0);
        if (r.change() != change) {
            throw new AssertionError("the result names another change: " + r.change() + " for " + change);
        }
        if (!r.succeeded()) {
            throw r.failure();
        }
        return r.address();
    }
}
