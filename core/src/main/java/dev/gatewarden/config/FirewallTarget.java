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
 * @param retire   {@code retire: true}: withdraw everything owned from this firewall (no gateway may publish to
 *                 it); once a plan shows nothing left there, the entry can be removed
 */
public record FirewallTarget(String name, String type, NameTemplate naming, Settings settings, boolean retire) {
    public FirewallTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        naming = naming == null ? NameTemplate.DEFAULT : naming;
        Objects.requireNonNull(settings, "settings");
    }

    public FirewallTarget(String name, String type, NameTemplate naming, Settings settings) {
        this(name, type, naming, settings, false);
    }
}
