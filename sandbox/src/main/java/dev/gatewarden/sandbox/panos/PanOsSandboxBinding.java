package dev.gatewarden.sandbox.panos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimulatorBinding;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code paloalto} adapter against the PAN-OS simulator: a device of the world file's {@code panos} list, or a
 * firewall (a Panorama for {@code location: device-group}) created on demand.
 */
public final class PanOsSandboxBinding extends SimulatorBinding {
    public static final String API_KEY = "sandbox-only-panos-api-key";

    public PanOsSandboxBinding() {
        super("paloalto", "paloalto-", true, "panos");
    }

    @Override
    protected HttpSimulator simulator(String name, Settings settings, JsonNode world) {
        for (JsonNode d : world.path("panos")) {
            if (name.equals(d.path("name").asText())) {
                PanOsDeviceSpec spec = PanOsDeviceSpec.fromJson(d);
                Map<String, String> keys = new LinkedHashMap<>(spec.apiKeys());
                keys.put(API_KEY, PanOsDeviceSpec.DEFAULT_ADMIN);
                return new PanOsSimulator(spec.withApiKeys(keys));
            }
        }
        String location = settings.string("location", "vsys");
        if (location.equals("device-group")) {
            return new PanOsSimulator(PanOsDeviceSpec.panorama(name, API_KEY,
                    settings.string("deviceGroup", "sandbox-dg")));
        }
        return new PanOsSimulator(PanOsDeviceSpec.firewall(name, API_KEY));
    }

    @Override
    protected Map<String, Object> settings(HttpSimulator sim, Settings settings, Path caFile) {
        Map<String, Object> o = firewallTls(sim, caFile);
        o.put("apiKey", new Secret("sandbox", API_KEY));
        o.put("username", PanOsDeviceSpec.DEFAULT_ADMIN); // the admin the sandbox key belongs to
        o.put("password", null);
        return o;
    }

    @Override
    public String credentialsNote() {
        return "PAN-OS X-PAN-KEY " + API_KEY;
    }

    @Override
    public List<String> fixtureSecrets() {
        return List.of(API_KEY);
    }
}
