package dev.gatewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.PluginException;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudProviderFactory;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallAdapterFactory;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Plugins;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PluginCatalogTest {

    static CloudProviderFactory cloud(String id, List<SettingSpec> settings) {
        return new CloudProviderFactory() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return id + " provider";
            }

            @Override
            public List<SettingSpec> settings() {
                return settings;
            }

            @Override
            public Set<Capability> capabilities() {
                return Set.of(Capability.PUBLIC_IPS);
            }

            @Override
            public CloudProvider create(String name, Settings s, PluginContext context) {
                throw new UnsupportedOperationException("not in this test");
            }
        };
    }

    static FirewallAdapterFactory firewall(String id, List<SettingSpec> settings, NameRules rules) {
        return new FirewallAdapterFactory() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public String description() {
                return null;
            }

            @Override
            public List<SettingSpec> settings() {
                return settings;
            }

            @Override
            public NameRules nameRules() {
                return rules;
            }

            @Override
            public FirewallAdapter create(String name, Settings s, PluginContext context) {
                throw new UnsupportedOperationException("not in this test");
            }
        };
    }

    @Test
    void catalogOfPluginsExposesSettingsAndNameRules() {
        Plugins plugins = new Plugins(List.of(cloud("aws", List.of(SettingSpec.string("region", true, "r")))),
                List.of(firewall("paloalto", List.of(SettingSpec.secret("apiKey", true, "k")), TestCatalog.PANOS_LIKE)));
        PluginCatalog c = PluginCatalog.of(plugins);
        assertEquals(Set.of("aws"), c.cloudIds());
        assertEquals(Set.of("paloalto"), c.firewallTypes());
        assertEquals("region", c.cloudSettings("aws").orElseThrow().get(0).name());
        assertTrue(c.cloudSettings("gcp").isEmpty());
        assertEquals(63, c.nameRules("paloalto").orElseThrow().maxLength());
        assertEquals("aws provider", c.cloudDescription("aws"));
        assertEquals("", c.firewallDescription("paloalto"));
        assertTrue(ConfigSchema.generate(c).contains("\"apiKey\""));
    }

    @Test
    void aPluginMayNotClaimCoreKeysOrDeclareASettingTwice() {
        Plugins reserved = new Plugins(List.of(cloud("aws", List.of(SettingSpec.string("name", false, "")))), List.of());
        PluginException e = assertThrows(PluginException.class, () -> PluginCatalog.of(reserved));
        assertTrue(e.getMessage().contains("cloud provider 'aws' declares a setting named 'name'"), e.getMessage());

        Plugins twice = new Plugins(List.of(), List.of(firewall("fortinet",
                List.of(SettingSpec.string("url", true, ""), SettingSpec.string("url", false, "")), TestCatalog.FORTIOS_LIKE)));
        e = assertThrows(PluginException.class, () -> PluginCatalog.of(twice));
        assertTrue(e.getMessage().contains("'url' twice"), e.getMessage());
    }
}
