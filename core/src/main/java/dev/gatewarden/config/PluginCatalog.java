package dev.gatewarden.config;

import dev.gatewarden.GatewardenException.PluginException;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProviderFactory;
import dev.gatewarden.spi.FirewallAdapterFactory;
import dev.gatewarden.spi.Plugins;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the config loader and the schema generator need to know about the installed plugins: which provider ids
 * and firewall types exist, which settings each accepts, and what each firewall accepts as object names.
 * Core knows no vendor: everything vendor-specific comes through here.
 */
public interface PluginCatalog {
    /** Keys of a {@code clouds[]} entry that belong to core; a plugin may not declare a setting with these names. */
    Set<String> CLOUD_KEYS = Set.of("name", "provider");
    /** Keys of a {@code firewalls[]} entry that belong to core. */
    Set<String> FIREWALL_KEYS = Set.of("name", "type", "naming", "retire");

    /** The settings of a provider, or empty when no provider has that id. */
    Optional<List<SettingSpec>> cloudSettings(String providerId);

    /** The settings of a firewall type, or empty when no adapter has that id. */
    Optional<List<SettingSpec>> firewallSettings(String type);

    /** What a firewall type accepts as object and group names, or empty when no adapter has that id. */
    Optional<NameRules> nameRules(String type);

    Set<String> cloudIds();

    /**
     * What a provider can do (its factory's {@link CloudProviderFactory#capabilities()}); every capability for a
     * catalog built from plain maps, none for an unknown id.
     */
    default Set<Capability> cloudCapabilities(String providerId) {
        return cloudIds().contains(providerId) ? EnumSet.allOf(Capability.class) : Set.of();
    }

    Set<String> firewallTypes();

    /**
     * Checks a firewall entry's bound settings as the adapter would when created (see
     * {@link FirewallAdapterFactory#check}).
     *
     * @throws dev.gatewarden.GatewardenException.ConfigException saying what is wrong
     */
    default void checkFirewall(String type, String name, Settings settings) {
    }

    /** One line about a provider, for the schema; empty when unknown. */
    default String cloudDescription(String providerId) {
        return "";
    }

    /** One line about a firewall type, for the schema; empty when unknown. */
    default String firewallDescription(String type) {
        return "";
    }

    /**
     * The catalog of the given plugins.
     *
     * @throws PluginException when a plugin declares a setting twice or with a name core reserves
     */
    static PluginCatalog of(Plugins plugins) {
        Map<String, List<SettingSpec>> clouds = new TreeMap<>();
        Map<String, String> cloudText = new TreeMap<>();
        Map<String, Set<Capability>> capabilities = new TreeMap<>();
        for (Map.Entry<String, CloudProviderFactory> e : plugins.clouds().entrySet()) {
            clouds.put(e.getKey(), checked("cloud provider", e.getKey(), e.getValue().settings(), CLOUD_KEYS));
            Set<Capability> declared = e.getValue().capabilities();
            capabilities.put(e.getKey(), declared == null ? Set.of() : Set.copyOf(declared));
            cloudText.put(e.getKey(), java.util.Objects.toString(e.getValue().description(), ""));
        }
        Map<String, List<SettingSpec>> firewalls = new TreeMap<>();
        Map<String, NameRules> rules = new TreeMap<>();
        Map<String, String> firewallText = new TreeMap<>();
        for (Map.Entry<String, FirewallAdapterFactory> e : plugins.firewalls().entrySet()) {
            firewalls.put(e.getKey(), checked("firewall adapter", e.getKey(), e.getValue().settings(), FIREWALL_KEYS));
            rules.put(e.getKey(), e.getValue().nameRules());
            firewallText.put(e.getKey(), java.util.Objects.toString(e.getValue().description(), ""));
        }
        Map<String, FirewallAdapterFactory> factories = new TreeMap<>(plugins.firewalls());
        return new Fixed(clouds, firewalls, rules, cloudText, firewallText, capabilities) {
            @Override
            public void checkFirewall(String type, String name, Settings settings) {
                FirewallAdapterFactory f = factories.get(type);
                if (f != null) {
                    f.check(name, settings);
                }
            }
        };
    }

    /**
     * A catalog from plain maps (tests, tools): provider id to settings, firewall type to settings and name rules.
     */
    static PluginCatalog of(Map<String, List<SettingSpec>> clouds, Map<String, List<SettingSpec>> firewalls,
                            Map<String, NameRules> nameRules) {
        Map<String, List<SettingSpec>> c = new TreeMap<>();
        clouds.forEach((id, specs) -> c.put(id, checked("cloud provider", id, specs, CLOUD_KEYS)));
        Map<String, List<SettingSpec>> f = new TreeMap<>();
        firewalls.forEach((id, specs) -> f.put(id, checked("firewall adapter", id, specs, FIREWALL_KEYS)));
        Map<String, Set<Capability>> all = new TreeMap<>();
        c.keySet().forEach(id -> all.put(id, Set.copyOf(EnumSet.allOf(Capability.class))));
        return new Fixed(c, f, new TreeMap<>(nameRules), Map.of(), Map.of(), all);
    }

    private static List<SettingSpec> checked(String what, String id, List<SettingSpec> specs, Set<String> reserved) {
        Set<String> seen = new TreeSet<>();
        List<SettingSpec> out = new ArrayList<>();
        for (SettingSpec s : specs == null ? List.<SettingSpec>of() : specs) {
            if (reserved.contains(s.name())) {
                throw new PluginException(what + " '" + id + "' declares a setting named '" + s.name()
                        + "', which core reserves (" + String.join(", ", new TreeSet<>(reserved))
                        + "); rename the setting in the plugin");
            }
            if (!seen.add(s.name())) {
                throw new PluginException(what + " '" + id + "' declares the setting '" + s.name()
                        + "' twice; fix the plugin's settings()");
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    /** An immutable catalog. */
    class Fixed implements PluginCatalog {
        private final Map<String, List<SettingSpec>> clouds;
        private final Map<String, List<SettingSpec>> firewalls;
        private final Map<String, NameRules> rules;
        private final Map<String, String> cloudText;
        private final Map<String, String> firewallText;
        private final Map<String, Set<Capability>> capabilities;

        private Fixed(Map<String, List<SettingSpec>> clouds, Map<String, List<SettingSpec>> firewalls,
                      Map<String, NameRules> rules, Map<String, String> cloudText, Map<String, String> firewallText,
                      Map<String, Set<Capability>> capabilities) {
            this.capabilities = Map.copyOf(capabilities);
            this.clouds = Collections.unmodifiableMap(clouds);
            this.firewalls = Collections.unmodifiableMap(firewalls);
            this.rules = Collections.unmodifiableMap(rules);
            this.cloudText = Map.copyOf(cloudText);
            this.firewallText = Map.copyOf(firewallText);
        }

        @Override
        public Optional<List<SettingSpec>> cloudSettings(String providerId) {
            return Optional.ofNullable(clouds.get(providerId));
        }

        @Override
        public Optional<List<SettingSpec>> firewallSettings(String type) {
            return Optional.ofNullable(firewalls.get(type));
        }

        @Override
        public Optional<NameRules> nameRules(String type) {
            return Optional.ofNullable(rules.get(type));
        }

        @Override
        public Set<String> cloudIds() {
            return Collections.unmodifiableSet(new TreeSet<>(clouds.keySet()));
        }

        @Override
        public Set<String> firewallTypes() {
            return Collections.unmodifiableSet(new TreeSet<>(firewalls.keySet()));
        }

        @Override
        public Set<Capability> cloudCapabilities(String providerId) {
            return capabilities.getOrDefault(providerId, Set.of());
        }

        @Override
        public String cloudDescription(String providerId) {
            return cloudText.getOrDefault(providerId, "");
        }

        @Override
        public String firewallDescription(String type) {
            return firewallText.getOrDefault(type, "");
        }
    }
}
