package dev.gatewarden.config;

import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.spi.Settings;
import java.util.Objects;

/**
 * One {@code firewalls[]} entry.
 *
 * @param type     the firewall adapter's id, e.g. {@code paloalto}
 * @param naming   how address objects and default groups are named on this firewall
 * @param settings the adapter's settings (secrets resolved into {@link dev.gatewarden.spi.Secret}s)
 */
public record FirewallTarget(String name, String type, NameTemplate naming, Settings settings) {
    public FirewallTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        naming = naming == null ? NameTemplate.DEFAULT : naming;
        Objects.requireNonNull(settings, "settings");
    }
}
