package dev.gatewarden.spi;

import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.plan.CloudChange.AllocatePublic;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.CloudChange.ReleasePublic;
import java.util.List;

/**
 * The public-address role of a cloud ({@link Capability#PUBLIC_IPS}). Each method receives all of one phase's
 * changes of its kind for this cloud account, with the round's observation, and answers one {@link CloudResult} per
 * change in the same order. Every change is idempotent (associating an associated address, disassociating a
 * disassociated one, releasing one that is gone: done). The changes are complete: references to addresses
 * allocated earlier in the run are resolved before the call.
 */
public interface PublicAddresses {

    /** Allocates a public IP per change, tagged (owner, gateway, slot) in the creating call. */
    List<CloudResult> allocate(List<AllocatePublic> changes, CloudRound round);

    /** Associates each public IP with its slot's private IP on the chosen interface (moving it if elsewhere). */
    List<CloudResult> associate(List<AttachPublic> changes, CloudRound round);

    /** Disassociates each retired public IP. */
    List<CloudResult> disassociate(List<DetachPublic> changes, CloudRound round);

    /** Releases each retired public IP (only ever after every firewall withdrew it). */
    List<CloudResult> release(List<ReleasePublic> changes, CloudRound round);

    /** The public-address operations of a cloud whose API has no bulk form: one change per call. */
    interface OneByOne {
        CloudAddress allocate(AllocatePublic change);

        CloudAddress associate(AttachPublic change);

        void disassociate(DetachPublic change);

        void release(ReleasePublic change);
    }

    /**
     * The role over per-change operations: each batch runs its changes in order under {@code lock} (calls to one
     * account serialized), a failing change failing alone.
     */
    static PublicAddresses oneByOne(OneByOne one, Object lock) {
        return new PublicAddresses() {
            @Override
            public List<CloudResult> allocate(List<AllocatePublic> changes, CloudRound round) {
                synchronized (lock) {
                    return CloudResult.each(changes, one::allocate);
                }
            }

            @Override
            public List<CloudResult> associate(List<AttachPublic> changes, CloudRound round) {
                synchronized (lock) {
                    return CloudResult.each(changes, one::associate);
                }
            }

            @Override
            public List<CloudResult> disassociate(List<DetachPublic> changes, CloudRound round) {
                synchronized (lock) {
                    return CloudResult.eachVoid(changes, one::disassociate);
                }
            }

            @Override
            public List<CloudResult> release(List<ReleasePublic> changes, CloudRound round) {
                synchronized (lock) {
                    return CloudResult.eachVoid(changes, one::release);
                }
            }
        };
    }
}
