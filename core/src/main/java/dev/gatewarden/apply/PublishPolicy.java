package dev.gatewarden.apply;

import java.util.Locale;

/** The config's {@code policy.publish} and the executor's gate: whether an address may be attached to a node before every firewall that needs it confirmed it. */
public enum PublishPolicy {
    /**
     * Attach only after every firewall the attachment {@code requires} confirmed the address in this run (the
     * default): traffic never leaves from an address a firewall would drop.
     */
    STRICT,
    /** Attach anyway, note in the result which firewall did not confirm, and publish again next round. */
    BEST_EFFORT;

    /** The spelling used in the config and on the command line: {@code strict}, {@code best-effort}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
