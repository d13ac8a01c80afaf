package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.fortios.FortiOsSimulator;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/** A FortiOS simulator over loopback HTTPS and adapters pointed at it through the real factory. */
final class FortiOsTestSupport implements AutoCloseable {
    static final String TOKEN = "fgt-Tok3n-7f3a9c1e5b2d4a6f8e0c";
    static final String READ_ONLY_TOKEN = "fgt-ReadOnly-91b2c3d4e5f6a7b8c9d0";
    static final String NAME = "fgt-dc2";
    static final ObjectMapper JSON = new ObjectMapper();
    final FortiOsSimulator sim;
    final URI base;
    final CallRecorder calls = new CallRecorder();

    FortiOsTestSupport() {
        this(new FortiOsSimulator());
    }

    FortiOsTestSupport(FortiOsSimulator simulator) {
        sim = simulator.vdom("dmz").token(TOKEN, true).token(READ_ONLY_TOKEN, false);
        base = sim.start(true);
    }

    /** Settings as a config would give them, with the sandbox certificate pinned. */
    Map<String, Object> settings(String vdom, String transactions) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", base.toString());
        m.put("token", new Secret("${env:FGT_TOKEN}", TOKEN));
        m.put("vdom", vdom);
        m.put("transactions", transactions);
        m.put("tlsFingerprint", SandboxTls.fingerprintSha256());
        return m;
    }

    FirewallAdapter adapter(String owner, Map<String, Object> settings) {
        return new FortiOsFirewallAdapterFactory().create(NAME, Settings.of("firewalls[" + NAME + "]", settings),
                new PluginContext(owner, calls, null));
    }

    FirewallAdapter adapter(String owner) {
        return adapter(owner, settings("root", "auto"));
    }

    static AddressObject address(String owner, String gateway, String ip, int slot) {
        return new AddressObject("gw-" + owner + "-" + gateway + "-" + ip.replace(':', '-'), ip, gateway,
                new SlotId(gateway, slot));
    }

    JsonNode entry(String vdom, String table, String name) {
        return sim.entry(vdom, table, name);
    }

    void seedForeign(String vdom, String table, String json) {
        try {
            sim.seed(vdom, table, JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    long simWrites() {
        return sim.calls().snapshot().entrySet().stream()
                .filter(e -> e.getKey().startsWith("POST ") || e.getKey().startsWith("PUT ")
                        || e.getKey().startsWith("DELETE "))
                .mapToLong(Map.Entry::getValue).sum();
    }

    long adapterReads() {
        return calls.snapshot().getOrDefault(NAME, Map.of()).entrySet().stream()
                .filter(e -> e.getKey().startsWith("GET ")).mapToLong(Map.Entry::getValue).sum();
    }

    @Override
    public void close() {
        sim.close();
    }
}
