package dev.gatewarden.testing.labelcloud;

import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudProviderFactory;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.util.List;
import java.util.Set;

/**
 * The third provider's factory, found through {@code META-INF/services} in core's own tests (not shipped in the
 * test-jar's registrations). Each provider it creates gets a fresh in-memory world of {@code nodes} instances.
 */
public final class LabelCloudProviderFactory implements CloudProviderFactory {
    public static final String ID = "labelcloud";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "test-only private-IP cloud with label ownership records";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(SettingSpec.integer("nodes", false, "instances in the in-memory world", 2));
    }

    @Override
    public Set<Capability> capabilities() {
        return LabelCloudProvider.CAPABILITIES;
    }

    @Override
    public CloudProvider create(String name, Settings settings, PluginContext context) {
        int nodes = settings.integer("nodes").orElse(2);
        return new LabelCloudProvider(name, context.owner(), LabelCloud.withNodes(nodes), context.calls());
    }
}
