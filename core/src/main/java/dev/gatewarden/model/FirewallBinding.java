package dev.gatewarden.model;

import java.util.Objects;

/**
 * One gateway published to one firewall: which firewall, which group (null: the adapter's default name from
 * the template), and which addresses (private or public).
 */
public record FirewallBinding(String firewall, String group, AddressKind addresses) {
    public FirewallBinding {
        Objects.requireNonNull(firewall, "firewall");
        Objects.requireNonNull(addresses, "addresses");
    }
}
