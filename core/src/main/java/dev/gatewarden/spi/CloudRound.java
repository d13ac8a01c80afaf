package dev.gatewarden.spi;

import dev.gatewarden.model.ObservedCloud;
import java.util.Objects;

/**
 * What a provider gets with each batch: this round's observation of its cloud account (taken before planning, so
 * a provider may reuse it instead of describing again; it does not include this round's own changes).
 */
public record CloudRound(String owner, ObservedCloud observed) {
    public CloudRound {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(observed, "observed");
    }
}
