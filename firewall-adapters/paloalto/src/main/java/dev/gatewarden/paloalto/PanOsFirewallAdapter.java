package dev.gatewarden.paloalto;

import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.tls.TlsContexts;
import java.time.Duration;
import java.util.Objects;

/**
 * A Palo Alto Networks firewall (a vsys or shared) or a Panorama device group, through the PAN-OS XML API.
 * Mode {@code static-group} publishes address objects in static groups and commits (partial, for the API admin
 * only); mode {@code dynamic-tags} registers IPs for dynamic groups through the User-ID API without a commit. See
 * the module README for the ownership marks, the empty-group placeholder and the call budget.
 */
public final class PanOsFirewallAdapter implements FirewallAdapter {
    private final String name;
    private final PanOsMode mode;

    PanOsFirewallAdapter(String name, PanOsSettings settings, PanOsXmlApi api, PluginContext context,
                         PanOsDevice.Sleeper sleeper) {
        this.name = Objects.requireNonNull(name, "name");
        PanOsNames names = new PanOsNames(context.owner());
        PanOsDevice device = new PanOsDevice(name, settings, api, sleeper);
        this.mode = settings.mode() == PanOsSettings.Mode.DYNAMIC_TAGS
                ? new DynamicTagsMode(device, names, settings)
                : new StaticGroupMode(device, names, settings);
    }

    static PanOsFirewallAdapter create(String name, PanOsSettings settings, PluginContext context) {
        return create(name, settings, context, d -> Thread.sleep(d.toMillis()));
    }

    /** Over HTTPS, pausing between job polls with {@code sleeper}. */
    static PanOsFirewallAdapter create(String name, PanOsSettings settings, PluginContext context,
                                       PanOsDevice.Sleeper sleeper) {
        var http = TlsContexts.httpClient("PAN-OS " + name, settings.tls(),
                Duration.ofSeconds(Math.min(30, settings.requestTimeout().toSeconds())));
        PanOsXmlApi api = new HttpPanOsXmlApi(name, settings, context.calls(), http);
        return new PanOsFirewallAdapter(name, settings, api, context, sleeper);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObservedFirewall observe(FirewallScope scope) {
        return mode.observe(scope);
    }

    @Override
    public FirewallApplyResult apply(FirewallChangeSet changes) {
        if (changes.isEmpty()) {
            return FirewallApplyResult.nothingToCommit();
        }
        return mode.apply(changes);
    }

    @Override
    public String toString() {
        return "PanOsFirewallAdapter[" + name + "]";
    }
}
