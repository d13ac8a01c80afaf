package dev.gatewarden.config;

import dev.gatewarden.spi.Settings;
import java.util.Objects;

/**
 * One {@code clouds[]} entry: a named account (and region, project, subscription...) of a cloud provider.
 *
 * @param provider the provider plugin's id, e.g. {@code aws}
 * @param settings the provider's settings, validated against the plugin's {@link dev.gatewarden.spi.SettingSpec}s
 */
public record CloudAccount(String name, String provider, Settings settings) {
    public CloudAccount {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(settings, "settings");
    }
}
