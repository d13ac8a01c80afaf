package dev.gatewarden.spi;

import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.plan.CloudChange.MovePrivate;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import java.util.List;

/**
 * The secondary-private-address role every cloud has. Same batch contract as {@link PublicAddresses}: one phase's
 * changes of one kind for this account, the round's observation, one {@link CloudResult} per change in order,
 * idempotent changes. A private IP carries its ownership record (owner, gateway, slot) wherever the cloud can keep
 * it; the record is written before the IP arrives and dropped after it leaves.
 */
public interface PrivateAddresses {

    /** Assigns a secondary private IP per change (the exact one when requested, else the cloud's choice). */
    List<CloudResult> assign(List<AssignPrivate> changes, CloudRound round);

    /** Moves each private IP to its new node; a public IP associated with it follows or is re-associated later. */
    List<CloudResult> move(List<MovePrivate> changes, CloudRound round);

    /** Unassigns each retired private IP and drops its ownership record. */
    List<CloudResult> unassign(List<UnassignPrivate> changes, CloudRound round);

    /** The private-address operations of a cloud whose API has no bulk form: one change per call. */
    interface OneByOne {
        CloudAddress assign(AssignPrivate change);

        CloudAddress move(MovePrivate change);

        void unassign(UnassignPrivate change);
    }

    /** The role over per-change operations, as {@link PublicAddresses#oneByOne}. */
    static PrivateAddresses oneByOne(OneByOne one, Object lock) {
        return new PrivateAddresses() {
            @Override
            public List<CloudResult> assign(List<AssignPrivate> changes, CloudRound round) {
                synchronized (lock) {
                    return CloudResult.each(changes, one::assign);
                }
            }

            @Override
            public List<CloudResult> move(List<MovePrivate> changes, CloudRound round) {
                synchronized (lock) {
                    return CloudResult.each(changes, one::move);
                }
            }

            @Override
            public List<CloudResult> unassign(List<UnassignPrivate> changes, CloudRound round) {
                synchronized (lock) {
                    return CloudResult.eachVoid(changes, one::unassign);
                }
            }
        };
    }
}
