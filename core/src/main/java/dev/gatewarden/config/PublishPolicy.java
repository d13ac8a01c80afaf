package dev.gatewarden.config;

import java.util.Locale;

/**
 * How the executor treats a failed publication. {@code STRICT} (the default): an address is attached to a node
 * only after every firewall that should list it accepted it. {@code BEST_EFFORT}: attach anyway and retry the
 * publication on the next round.
 */
public enum PublishPolicy {
    STRICT,
    BEST_EFFORT;

    /** The spelling used in the config: {@code strict}, {@code best-effort}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
