package dev.gatewarden.model;

import java.util.Objects;

/**
 * An address object (or a registered IP in dynamic-tag mode) on a firewall.
 *
 * @param owner   the owner its ownership mark names; null when it carries none (then it is never touched)
 * @param gateway the gateway its mark names, when known
 */
public record FirewallObject(String name, String ip, String owner, String gateway) {
    public FirewallObject {
        Objects.requireNonNull(name, "name");
    }
}
