package dev.gatewarden.bench;

import dev.gatewarden.apply.Executor;
import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.reconcile.ConfiguredRound;
import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.fortios.FortiOsSimulator;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import dev.gatewarden.spi.Plugins;
import dev.gatewarden.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The simulators of one benchmark world (EC2 over loopback HTTP, PAN-OS and FortiOS over loopback HTTPS with the
 * sandbox CA) and the engine the CLI runs on them: plugins found by {@link Plugins}, the real AWS provider and
 * firewall adapters, the {@link Reconciler} and {@link Executor}, an audit log. Each round loads its config from a
 * file like {@code gatewarden apply -f} does and builds fresh plugin instances (one CLI run each).
 */
final class Bed implements AutoCloseable {
    /** PAN-OS job polls until a commit is FIN (the device's pace, not ours). */
    static final int COMMIT_POLLS = 1;
    private static final String PANOS_KEY = "bench-panos-key";
    private static final String FORTIOS_TOKEN = "bench-fortios-token";

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final Ec2Simulator ec2;
    final PanOsSimulator panos;
    final FortiOsSimulator fortios;
    private final Path dir;
    private final Path ca;
    private final Path audit;
    private final Plugins plugins = Plugins.load(Bed.class.getClassLoader());
    private int rounds;

    Bed(Layout layout, Path dir) {
        this.dir = dir;
        this.audit = dir.resolve("audit.jsonl");
        ec2 = new Ec2Simulator(layout.world());
        ec2.start(false);
        panos = new PanOsSimulator(PanOsDeviceSpec.firewall(Layout.PANOS, PANOS_KEY)).pollsUntilDone(COMMIT_POLLS);
        panos.start(true);
        fortios = new FortiOsSimulator().vdom("root").token(FORTIOS_TOKEN, true);
        fortios.start(true);
        try {
            ca = dir.resolve("sandbox-ca.pem");
            Files.writeString(ca, SandboxTls.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The simulator behind each target name of the config. */
    Map<String, HttpSimulator> targets() {
        Map<String, HttpSimulator> m = new LinkedHashMap<>();
        m.put(Layout.CLOUD, ec2);
        m.put(Layout.PANOS, panos);
        m.put(Layout.FORTIOS, fortios);
        return m;
    }

    void latency(Duration rtt) {
        targets().values().forEach(s -> s.faults().latency(rtt));
    }

    /** One CLI run: {@code plan} ({@code apply == false}) or {@code apply --auto-approve} of {@code layout}. */
    Reconciler.Round round(Layout layout, boolean apply) {
        return ConfiguredRound.run(load(layout.config()), plugins, a -> Map.of(
                "endpoint", ec2.baseUri().toString(),
                "accessKeyId", new Secret("bench", "AKIABENCHBENCHBENCH"),
                "secretAccessKey", new Secret("bench", "bench-secret")), f -> {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("url", targets().get(f.name()).baseUri().toString());
                    o.put("caBundle", ca.toString());
                    if (f.type().equals("paloalto")) {
                        o.put("apiKey", new Secret("bench", PANOS_KEY));
                    } else {
                        o.put("token", new Secret("bench", FORTIOS_TOKEN));
                    }
                    return o;
                }, audit, "bench", true, apply, Set.of());
    }

    private GatewardenConfig load(String yaml) {
        try {
            Path f = dir.resolve("config-" + (++rounds) + ".yaml");
            Files.writeString(f, yaml);
            return ConfigLoader.load(f, PluginCatalog.of(plugins), ref -> "replaced-by-the-bench");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }


    @Override
    public void close() {
        targets().values().forEach(HttpSimulator::close);
    }
}
