package dev.gatewarden.spi;

import dev.gatewarden.ownership.NameRules;
import java.util.List;

/** Creates {@link FirewallAdapter}s; registered in {@code META-INF/services} and chosen by {@link #id()}. */
public interface FirewallAdapterFactory {

    /** {@code paloalto}, {@code fortinet}. */
    String id();

    String description();

    /** Settings accepted under a {@code firewalls[]} entry of this type, besides name, type and naming. */
    List<SettingSpec> settings();

    /** What the firewall accepts as object and group names; templates are validated against it at load. */
    NameRules nameRules();

    FirewallAdapter create(String name, Settings settings, PluginContext context);

    /**
     * Checks a firewall entry's settings exactly as {@link #create} would (URL scheme, names that reach an XPath,
     * URL or XML, TLS options), without connecting and without logging: the config loader calls it so that
     * {@code validate} refuses what {@code plan} would refuse. The default accepts everything.
     *
     * @throws dev.gatewarden.GatewardenException.ConfigException saying what is wrong; the message may start with
     *                                                             {@code settings.where() + ": "} and then name the
     *                                                             setting
     */
    default void check(String name, Settings settings) {
    }
}
