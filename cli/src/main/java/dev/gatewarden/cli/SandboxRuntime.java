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
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.sandbox.fortios.FortiOsSimulator;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The embedded sandbox behind {@code --sandbox}: starts one simulator per cloud account and firewall of the
 * config (EC2 from the world file's {@code ec2} section; PAN-OS and FortiOS devices from its {@code panos} /
 * {@code fortios} lists, or created on demand), restores their persisted state, and hands each plugin settings
 * that point at its simulator. The state is saved back on {@link #save()} and {@link #close()}.
 *
 * <p>The credentials here are fixed loopback-only fixtures of the simulators; they protect nothing.
 */
final class SandboxRuntime implements AutoCloseable {
    static final String AWS_ACCESS_KEY = "AKIAGATEWARDENSANDBOX";
    static final String AWS_SECRET_KEY = "sandbox-only-aws-secret-key";
    static final String PANOS_API_KEY = "sandbox-only-panos-api-key";
    static final String FORTIOS_TOKEN = "sandbox-only-fortios-token";
    static final String DEFAULT_WORLD = "/dev/gatewarden/sandbox/ec2/default-world.yaml";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final SandboxStore store;
    private final JsonNode world;
    private final Path caFile;
    private final Map<String, HttpSimulator> simulators = new LinkedHashMap<>();

    private SandboxRuntime(SandboxStore store, JsonNode world) {
        this.store = store;
        this.world = world;
        try {
            Files.createDirectories(store.dir());
            this.caFile = store.dir().resolve("sandbox-ca.pem");
            Files.writeString(caFile, SandboxTls.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the sandbox directory " + store.dir(), e);
        }
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
                rt.cloudSimulator(a);
            }
            for (FirewallTarget f : config.firewalls()) {
                rt.firewallSimulator(f.name(), f.type(), f.settings());
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
            for (String key : rt.store.names()) {
                if (key.startsWith("ec2-")) {
                    rt.startEc2(key.substring(4));
                } else if (key.startsWith("paloalto-")) {
                    rt.firewallSimulator(key.substring(9), "paloalto", none);
                } else if (key.startsWith("fortinet-")) {
                    rt.firewallSimulator(key.substring(9), "fortinet", none);
                }
            }
            if (rt.simulators.keySet().stream().noneMatch(k -> k.startsWith("ec2-"))) {
                rt.startEc2("aws");
            }
            for (JsonNode d : rt.world.path("panos")) {
                rt.firewallSimulator(d.path("name").asText(), "paloalto", none);
            }
            for (JsonNode d : rt.world.path("fortios")) {
                rt.firewallSimulator(d.path("name").asText(), "fortinet", none);
            }
        } catch (RuntimeException e) {
            rt.close();
            throw e;
        }
        return rt;
    }

    private Ec2Simulator cloudSimulator(CloudAccount a) {
        if (!a.provider().equals("aws")) {
            throw new ConfigException("clouds[" + a.name() + "]: the sandbox simulates AWS EC2 only; provider '"
                    + a.provider() + "' cannot run with --sandbox");
        }
        Ec2Simulator sim = startEc2(a.name());
        String region = a.settings().string("region").orElse(sim.region());
        if (!region.equals(sim.region())) {
            throw new ConfigException("clouds[" + a.name() + "]: region " + region + " is not in the sandbox world (its EC2 "
                    + "region is " + sim.region() + "); use that region or a --sandbox-world with this one");
        }
        return sim;
    }

    private Ec2Simulator startEc2(String cloudName) {
        String key = "ec2-" + cloudName;
        if (simulators.get(key) instanceof Ec2Simulator existing) {
            return existing;
        }
        Ec2Simulator sim = new Ec2Simulator(Ec2World.fromTree(world));
        store.load(key).ifPresent(sim::restore);
        sim.start(false);
        simulators.put(key, sim);
        return sim;
    }

    private HttpSimulator firewallSimulator(String name, String type, Settings settings) {
        String key = type + "-" + name;
        HttpSimulator existing = simulators.get(key);
        if (existing != null) {
            return existing;
        }
        HttpSimulator sim = switch (type) {
            case "paloalto" -> panos(name, settings);
            case "fortinet" -> fortios(name, settings);
            default -> throw new ConfigException("firewalls[" + name + "]: the sandbox has no simulator for type '" + type + "'");
        };
        store.load(key).ifPresent(sim::restore);
        sim.start(true);
        simulators.put(key, sim);
        return sim;
    }

    private PanOsSimulator panos(String name, Settings settings) {
        for (JsonNode d : world.path("panos")) {
            if (name.equals(d.path("name").asText())) {
                PanOsDeviceSpec spec = PanOsDeviceSpec.fromJson(d);
                Map<String, String> keys = new LinkedHashMap<>(spec.apiKeys());
                keys.put(PANOS_API_KEY, PanOsDeviceSpec.DEFAULT_ADMIN);
                return new PanOsSimulator(spec.withApiKeys(keys));
            }
        }
        String location = settings.string("location", "vsys");
        if (location.equals("device-group")) {
            return new PanOsSimulator(PanOsDeviceSpec.panorama(name, PANOS_API_KEY,
                    settings.string("deviceGroup", "sandbox-dg")));
        }
        return new PanOsSimulator(PanOsDeviceSpec.firewall(name, PANOS_API_KEY));
    }

    private FortiOsSimulator fortios(String name, Settings settings) {
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
        return sim.token(FORTIOS_TOKEN, true);
    }

    /** The account's settings pointed at its EC2 simulator, with the sandbox's static credentials. */
    Settings cloudSettings(CloudAccount a) {
        Ec2Simulator sim = (Ec2Simulator) simulators.get("ec2-" + a.name());
        Map<String, Object> o = new HashMap<>();
        o.put("endpoint", sim.baseUri().toString());
        o.put("accessKeyId", new Secret("sandbox", AWS_ACCESS_KEY));
        o.put("secretAccessKey", new Secret("sandbox", AWS_SECRET_KEY));
        o.put("profile", null);
        o.put("roleArn", null);
        o.put("externalId", null);
        return a.settings().with(o);
    }

    /** The firewall's settings pointed at its simulator over TLS, trusting the sandbox certificate. */
    Settings firewallSettings(FirewallTarget f) {
        HttpSimulator sim = simulators.get(f.type() + "-" + f.name());
        Map<String, Object> o = new HashMap<>();
        o.put("url", sim.baseUri().toString());
        o.put("caBundle", caFile.toString());
        o.put("tlsFingerprint", null);
        o.put("insecureSkipTlsVerify", null);
        switch (f.type()) {
            case "paloalto" -> {
                o.put("apiKey", new Secret("sandbox", PANOS_API_KEY));
                o.put("username", PanOsDeviceSpec.DEFAULT_ADMIN); // the admin the sandbox key belongs to
                o.put("password", null);
            }
            case "fortinet" -> o.put("token", new Secret("sandbox", FORTIOS_TOKEN));
            default -> throw new ConfigException("firewalls[" + f.name() + "]: no sandbox for type " + f.type());
        }
        return f.settings().with(o);
    }

    /** Simulator name → base URI. */
    Map<String, String> endpoints() {
        Map<String, String> m = new LinkedHashMap<>();
        simulators.forEach((k, s) -> m.put(k, s.baseUri().toString()));
        return m;
    }

    Optional<HttpSimulator> simulator(String key) {
        return Optional.ofNullable(simulators.get(key));
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
            simulators.values().forEach(HttpSimulator::close);
        }
    }
}
