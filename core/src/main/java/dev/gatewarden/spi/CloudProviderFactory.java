package dev.gatewarden.spi;

import java.util.List;
import java.util.Set;

/** Creates {@link CloudProvider}s; registered in {@code META-INF/services} and chosen by {@link #id()}. */
public interface CloudProviderFactory {

    /** {@code aws}, {@code azure}, {@code gcp}. */
    String id();

    /** One line for {@code gatewarden version} and error messages. */
    String description();

    /** The settings accepted under a {@code clouds[]} entry of this provider, besides {@code name} and {@code provider}. */
    List<SettingSpec> settings();

    /**
     * What the providers this factory creates can do; the config binder refuses a gateway that asks its cloud for
     * anything else (public IPs, exact private IPs, external reservation, IPv6).
     */
    Set<Capability> capabilities();

    CloudProvider create(String name, Settings settings, PluginContext context);
}
