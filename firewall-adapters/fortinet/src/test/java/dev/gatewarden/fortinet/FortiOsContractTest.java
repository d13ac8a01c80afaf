package dev.gatewarden.fortinet;

import dev.gatewarden.contract.FirewallAdapterContract;
import dev.gatewarden.sandbox.fortios.FortiOsSimulator;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Settings;

/** The firewall adapter contract against the FortiOS simulator as FortiOS 7.2 (batch transactions). */
class FortiOsContractTest extends FirewallAdapterContract {
    protected FortiOsTestSupport fx;

    protected FortiOsSimulator simulator() {
        return new FortiOsSimulator();
    }

    @Override
    protected void startFirewall() {
        fx = new FortiOsTestSupport(simulator());
    }

    @Override
    protected void stopFirewall() {
        fx.close();
    }

    @Override
    protected FirewallAdapter newAdapter(String owner, CallRecorder calls) {
        return new FortiOsFirewallAdapterFactory().create(FortiOsTestSupport.NAME,
                Settings.of("firewalls[" + FortiOsTestSupport.NAME + "]", fx.settings("root", "auto")),
                new PluginContext(owner, calls, null));
    }

    @Override
    protected void createForeignAddress(String name, String ip) {
        fx.seedForeign("root", ip.contains(":") ? "address6" : "address", ip.contains(":")
                ? "{\"name\":\"" + name + "\",\"ip6\":\"" + ip + "/128\",\"comment\":\"managed by hand\"}"
                : "{\"name\":\"" + name + "\",\"subnet\":\"" + ip + " 255.255.255.255\",\"comment\":\"managed by hand\"}");
    }
}
