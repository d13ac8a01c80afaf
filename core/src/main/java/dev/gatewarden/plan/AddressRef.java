package dev.gatewarden.plan;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.SlotId;
import java.util.Objects;

/**
 * The address a change works on: one the plan already knows, or the one an allocation earlier in the same run
 * produces ({@code allocate-public} / {@code assign-private} of the slot). The executor resolves every
 * {@link FromAllocation} to a {@link Known} from the run's ledger before a change reaches a provider or an adapter;
 * a change whose allocation failed or was skipped is skipped.
 *
 * <p>In JSON (plan output, saved plans) a {@code FromAllocation} is written as the change's IP fields being null:
 * a change only ever refers to the allocation of its own slot, so the reference is implied by the slot and kind.
 */
public sealed interface AddressRef {

    /** The IP, or null while it is still to come from an allocation. */
    default String ip() {
        return null;
    }

    /** The provider handle (e.g. an allocation id), or null when unknown or none. */
    default String ref() {
        return null;
    }

    /** Whether the address is known (false: it comes from this run's allocation). */
    default boolean known() {
        return this instanceof Known;
    }

    /** {@code ip} known now ({@code ref} may be null: the cloud addresses it by IP alone, or it is a private IP). */
    record Known(String ip, String ref) implements AddressRef {
        public Known {
            Objects.requireNonNull(ip, "ip");
        }
    }

    /** The address of {@code kind} that this run allocates for {@code slot}. */
    record FromAllocation(SlotId slot, AddressKind kind) implements AddressRef {
        public FromAllocation {
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** {@code Known(ip, ref)} when {@code ip} is set, else the allocation of {@code slot}'s {@code kind}. */
    static AddressRef of(String ip, String ref, SlotId slot, AddressKind kind) {
        return ip != null ? new Known(ip, ref) : new FromAllocation(slot, kind);
    }
}
