package dev.gatewarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.config.CloudAccount;
import dev.gatewarden.config.FirewallTarget;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SandboxStore;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.spi.SandboxBinding;
import dev.gatewarden.spi.Sandboxed;
import dev.gatewarden.spi.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The embedded sandbox behind {@code --sandbox}: starts one simulator per cloud account and firewall of the
 * config through the {@link SandboxBinding} each plugin's simulator contributes (found once by
 * {@code ServiceLoader}, chosen by plugin id: no vendor is named here), restores their persisted state, and hands
 * each plugin the settings that point it at its simulator. The state is saved back on {@link #save()} and
 * {@link #close()}.
 */
final class SandboxRuntime implements AutoCloseable {
    static final String DEFAULT_WORLD = "/dev/gatewarden/sandbox/ec2/default-world.yaml";
    /** The cloud and firewall names of examples/quickstart.yaml, served by {@code sandbox serve} by default. */
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final SandboxStore store;
    private final JsonNode world;
    private final Path caFile;
    private final Map<String, SandboxBinding> bindings;
    /** Store key → running simulator. */
    private final Map<String, Sandboxed> simulators = new LinkedHashMap<>();

    private SandboxRuntime(SandboxStore store, JsonNode world) {
        this.store = store;
        this.world = world;
        this.bindings = bindings();
        try {
            Files.createDirectories(store.dir());
            this.caFile = store.dir().resolve("sandbox-ca.pem");
            Files.writeString(caFile, SandboxTls.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandbox directory " + store.dir(), e);
        }
    }

    /** The installed sandbox bindings by plugin id. */
    static Map<String, SandboxBinding> bindings() {
        Map<String, SandboxBinding> m = new TreeMap<>();
        for (SandboxBinding b : ServiceLoader.load(SandboxBinding.class, SandboxRuntime.class.getClassLoader())) {
            SandboxBinding previous = m.putIfAbsent(b.pluginId(), b);
            if (previous != null) {
                throw new ConfigException("two sandbox bindings serve plugin '" + b.pluginId() + "': "
                        + previous.getClass().getName() + " and " + b.getClass().getName()
                        + "; remove one of their jars from the class path");
            }
        }
        return m;
    }

    /** One line per binding naming its loopback-only fixture credentials. */
    static List<String> credentialNotes() {
        return bindings().values().stream().map(SandboxBinding::credentialsNote).toList();
    }

    /** Every fixture secret of the installed bindings (never to be printed). */
    static List<String> fixtureSecrets() {
        return bindings().values().stream().flatMap(b -> b.fixtureSecrets().stream()).toList();
    }

    /**
     * Secrets in sandbox mode: references that resolve are used as usual; the others resolve to a placeholder,
     * because the sandbox replaces every credential anyway (so the quickstart needs no environment variable).
     */
    static SecretResolver secretResolver() {
        SecretResolver real = SecretResolver.defaults();
        return ref -> {
            try {
                return real.resolve(ref);
            } catch (RuntimeException unresolved) {
                return "unresolved-in-sandbox"; // replaced by the sandbox's own credential before use
            }
        };
    }

    static SandboxStore store() {
        return SandboxStore.fromEnvironment(Path.of("").toAbsolutePath());
    }

    static JsonNode loadWorld(Path worldFile) {
        try {
            if (worldFile != null) {
                return YAML.readTree(worldFile.toFile());
            }
            try (InputStream in = SandboxRuntime.class.getResourceAsStream(DEFAULT_WORLD)) {
                return YAML.readTree(in);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot read the sandbox world " + (worldFile == null ? DEFAULT_WORLD : worldFile)
                    + ": " + e.getMessage(), e);
        }
    }

    /** Starts the simulators the config needs. */
    static SandboxRuntime start(GatewardenConfig config, Path worldFile) {
        SandboxRuntime rt = new SandboxRuntime(store(), loadWorld(worldFile));
        try {
            for (CloudAccount a : config.clouds()) {
                rt.startTarget("clouds", a.name(), a.provider(), a.settings());
            }
            for (FirewallTarget f : config.firewalls()) {
                rt.startTarget("firewalls", f.name(), f.type(), f.settings());
            }
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    /**
     * Starts, for {@code sandbox serve}, every simulator the world file describes and every one whose state is
     * persisted in the sandbox directory (so what earlier {@code --sandbox} runs built is served).
     */
    static SandboxRuntime serveWorld(Path worldFile) {
        SandboxRuntime rt = new SandboxRuntime(store(), loadWorld(worldFile));
        try {
            Settings none = Settings.of("sandbox", Map.of());
            for (SandboxBinding b : rt.bindings.values()) {
                List<String> persisted = new ArrayList<>();
                for (String key : rt.store.names()) {
                    b.targetOfStoreKey(key).ifPresent(persisted::add);
                }
                // the built-in world: what earlier runs persisted, plus its 'serve' list below
                for (String name : worldFile == null ? persisted : b.serveTargets(rt.world, persisted)) {
                    rt.startTarget("sandbox", name, b.pluginId(), none);
                }
            }
            // the world's 'serve' list (the built-in world: what the quickstart uses, and a Panorama for the
            // conformance checks of device groups): {plugin, name, settings}
            for (JsonNode t : rt.world.path("serve")) {
                Map<String, Object> settings = new LinkedHashMap<>();
                t.path("settings").fields().forEachRemaining(f -> settings.put(f.getKey(), f.getValue().asText()));
                rt.startTarget("sandbox", t.path("name").asText(), t.path("plugin").asText(),
                        Settings.of("sandbox", settings));
            }
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    private Sandboxed startTarget(String section, String name, String pluginId, Settings settings) {
        SandboxBinding b = bindings.get(pluginId);
        if (b == null) {
            throw new ConfigException(section + "[" + name + "]: plugin '" + pluginId + "' has no sandbox simulator "
                    + "installed (sandboxes: " + String.join(", ", bindings.keySet()) + "); it cannot run with --sandbox");
        }
        String key = b.storeKey(name);
        Sandboxed existing = simulators.get(key);
        if (existing != null) {
            return existing;
        }
        Sandboxed sim = b.start(name, settings, world, store.load(key), caFile);
        simulators.put(key, sim);
        return sim;
    }

    /** The account's settings pointed at its simulator, with the sandbox's fixture credentials. */
    Settings cloudSettings(CloudAccount a) {
        return a.settings().with(simulators.get(bindings.get(a.provider()).storeKey(a.name())).settings());
    }

    /** The firewall's settings pointed at its simulator over TLS, trusting the sandbox certificate. */
    Settings firewallSettings(FirewallTarget f) {
        return f.settings().with(simulators.get(bindings.get(f.type()).storeKey(f.name())).settings());
    }

    /** Simulator name → base URI. */
    Map<String, String> endpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        simulators.forEach((k, s) -> m.put(k, s.endpoint().toString()));
        return m;
    }

    /** Simulator name → simulator, for the admin endpoint of {@code sandbox serve}. */
    Map<String, HttpSimulator> simulators() {
        Map<String, HttpSimulator> m = new LinkedHashMap<>();
        simulators.forEach((k, s) -> {
            if (s instanceof dev.gatewarden.sandbox.SimulatorBinding.Running r) {
                m.put(k, r.simulator());
            }
        });
        return java.util.Collections.unmodifiableMap(m);
    }

    Path caFile() {
        return caFile;
    }

    void save() {
        simulators.forEach((k, s) -> store.save(k, s.snapshot()));
    }

    @Override
    public void close() {
        try {
            save();
        } finally {
            simulators.values().forEach(Sandboxed::close);
        }
    }
}
