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
}
