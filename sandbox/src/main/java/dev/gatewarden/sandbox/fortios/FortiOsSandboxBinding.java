package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimulatorBinding;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The {@code fortinet} adapter against the FortiOS simulator (world: the world file's {@code fortios} list). */
public final class FortiOsSandboxBinding extends SimulatorBinding {
    public static final String TOKEN = "sandbox-only-fortios-token";

    public FortiOsSandboxBinding() {
        super("fortinet", "fortinet-", true, "fortios");
    }

    @Override
    protected HttpSimulator simulator(String name, Settings settings, JsonNode world) {
        FortiOsSimulator sim = null;
        for (JsonNode d : world.path("fortios")) {
            if (name.equals(d.path("name").asText())) {
                sim = FortiOsSimulator.fromWorld(d);
            }
        }
        if (sim == null) {
            sim = new FortiOsSimulator();
        }
        sim.vdom("root");
        settings.string("vdom").ifPresent(sim::vdom);
        return sim.token(TOKEN, true);
    }

    @Override
    protected Map<String, Object> settings(HttpSimulator sim, Settings settings, Path caFile) {
        Map<String, Object> o = firewallTls(sim, caFile);
        o.put("token", new Secret("sandbox", TOKEN));
        return o;
    }

    @Override
    public String credentialsNote() {
        return "FortiOS bearer token " + TOKEN;
    }

    @Override
    public List<String> fixtureSecrets() {
        return List.of(TOKEN);
    }
}
