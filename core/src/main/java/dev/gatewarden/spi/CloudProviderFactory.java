package dev.gatewarden.spi;

import java.util.List;

/** Creates {@link CloudProvider}s; registered in {@code META-INF/services} and chosen by {@link #id()}. */
public interface CloudProviderFactory {

    /** {@code aws}, {@code azure}, {@code gcp}. */
    String id();

    /** One line for {@code gatewarden version} and error messages. */
    String description();

    /** The settings accepted under a {@code clouds[]} entry of this provider, besides {@code name} and {@code provider}. */
    List<SettingSpec> settings();

    CloudProvider create(String name, Settings settings, PluginContext context);
}
