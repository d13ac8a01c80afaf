package dev.gatewarden.paloalto;

import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallAdapterFactory;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import dev.gatewarden.tls.TlsContexts;
import java.util.List;

/** Factory of {@link PanOsFirewallAdapter}s, id {@value #ID}. */
public final class PanOsFirewallAdapterFactory implements FirewallAdapterFactory {
    public static final String ID = "paloalto";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Palo Alto Networks PAN-OS firewall or Panorama (XML API): static address groups or dynamic tags";
    }

    @Override
    public List<SettingSpec> settings() {
        return PanOsSettings.specs();
    }

    @Override
    public NameRules nameRules() {
        return PanOsNames.RULES;
    }

    @Override
    public FirewallAdapter create(String name, Settings settings, PluginContext context) {
        return PanOsFirewallAdapter.create(name, PanOsSettings.from(name, settings), context);
    }

    @Override
    public void check(String name, Settings settings) {
        PanOsSettings s = PanOsSettings.from(name, settings, false);
        TlsContexts.check(settings.where(), s.tls());
    }
}
