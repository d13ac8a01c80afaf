package dev.gatewarden.apply;

/** Whether an address may be attached to a node before every firewall that needs it confirmed it. */
public enum PublishPolicy {
    /**
     * Attach only after every firewall the attachment {@code requires} confirmed the address in this run (the
     * default): traffic never leaves from an address a firewall would drop.
     */
    STRICT,
    /** Attach anyway and note in the result which firewall did not confirm. */
    BEST_EFFORT
}
