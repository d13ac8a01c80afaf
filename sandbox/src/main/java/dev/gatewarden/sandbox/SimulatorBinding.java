package dev.gatewarden.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.spi.SandboxBinding;
import dev.gatewarden.spi.Sandboxed;
import dev.gatewarden.spi.Settings;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The shape the bundled simulators share as {@link SandboxBinding}s: the state persisted under
 * {@code <prefix><name>}, a simulator built from the world, restored, started on loopback (TLS for firewalls,
 * trusting the sandbox CA), and settings that point the plugin at it.
 */
public abstract class SimulatorBinding implements SandboxBinding {
    private final String pluginId;
    private final String prefix;
    private final boolean tls;
    private final String worldSection;

    /**
     * @param worldSection the world file's list of devices this binding serves by name (null: none)
     */
    protected SimulatorBinding(String pluginId, String prefix, boolean tls, String worldSection) {
        this.pluginId = pluginId;
        this.prefix = prefix;
        this.tls = tls;
        this.worldSection = worldSection;
    }

    @Override
    public String pluginId() {
        return pluginId;
    }

    /** The persisted targets plus the devices the world file lists. */
    @Override
    public List<String> serveTargets(JsonNode world, List<String> persisted) {
        java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>(persisted);
        if (worldSection != null) {
            for (JsonNode d : world.path(worldSection)) {
                out.add(d.path("name").asText());
            }
        }
        return List.copyOf(out);
    }

    /** The simulator of target {@code name}, not started. */
    protected abstract HttpSimulator simulator(String name, Settings settings, JsonNode world);

    /** The plugin settings (endpoint and credentials) for the started simulator. */
    protected abstract Map<String, Object> settings(HttpSimulator sim, Settings settings, Path caFile);

    @Override
    public String storeKey(String name) {
        return prefix + name;
    }

    @Override
    public Optional<String> targetOfStoreKey(String key) {
        return key.startsWith(prefix) ? Optional.of(key.substring(prefix.length())) : Optional.empty();
    }

    @Override
    public Sandboxed start(String name, Settings settings, JsonNode world, Optional<JsonNode> saved, Path caFile) {
        HttpSimulator sim = simulator(name, settings, world);
        saved.ifPresent(sim::restore);
        sim.start(tls);
        Map<String, Object> overrides = new LinkedHashMap<>(settings(sim, settings, caFile));
        return new Running(sim, java.util.Collections.unmodifiableMap(overrides));
    }

    /** A started simulator and the plugin settings that point at it. */
    public record Running(HttpSimulator simulator, Map<String, Object> settings) implements Sandboxed {
        @Override
        public URI endpoint() {
            return simulator.baseUri();
        }

        @Override
        public JsonNode snapshot() {
            return simulator.snapshot();
        }

        @Override
        public void close() {
            simulator.close();
        }
    }

    /** The TLS settings every firewall adapter takes: the simulator's URL, trusting the sandbox CA, verification on. */
    protected static Map<String, Object> firewallTls(HttpSimulator sim, Path caFile) {
        Map<String, Object> o = new HashMap<>();
        o.put("url", sim.baseUri().toString());
        o.put("caBundle", caFile.toString());
        o.put("tlsFingerprint", null);
        o.put("insecureSkipTlsVerify", null);
        return o;
    }
}
