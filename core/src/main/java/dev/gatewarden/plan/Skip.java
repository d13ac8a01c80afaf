package dev.gatewarden.plan;

import dev.gatewarden.model.SlotId;
import java.util.Locale;
import java.util.Objects;

/** Something the plan deliberately does not do, and why. */
public record Skip(Kind kind, String target, SlotId slot, String reason) {
    public enum Kind {
        /** the object is not marked as ours (or is another owner's) */
        NOT_OWNED,
        /** an unowned object has the name ours would get */
        CONFLICT,
        /** the deletion guard held back retirements */
        GUARD,
        /** the configured policy forbids it (e.g. an Elastic IP on a node's primary IP) */
        POLICY,
        /** the target could not be observed this round */
        UNAVAILABLE,
        /**
         * held back for safety: an address is not released (or unassigned) while a firewall may still list it
         * (it could not be observed, its withdrawal is not planned, or it is no longer configured but was
         * published to)
         */
        HELD,
        /** the desired state cannot be realised as given (e.g. a name too long) */
        INVALID;

        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Skip {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
