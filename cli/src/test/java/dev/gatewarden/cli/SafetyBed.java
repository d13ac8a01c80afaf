package dev.gatewarden.cli;

import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.reconcile.ConfiguredRound;
import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.Faults;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2State;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.sandbox.fortios.FortiOsSimulator;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import dev.gatewarden.spi.Plugins;
import dev.gatewarden.spi.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A long-lived world for release-safety tests: one EC2 simulator and firewall simulators that keep running while the
 * config changes around them (as real devices do), driven through the real AWS provider, PAN-OS and FortiOS adapters
 * and the same {@link Reconciler} the CLI uses. The inspection methods read the simulators' own state, not anything
 * our adapters report.
 */
final class SafetyBed implements AutoCloseable {
    static final String PANOS_KEY = "safety-bed-panos-key";
    static final String FORTIOS_TOKEN = "safety-bed-fortios-token";
    static final String VSYS1 = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']";
    /** Firewall name → type, for every simulator this bed runs. */
    static final Map<String, String> FIREWALLS = new TreeMap<>(Map.of("dc1-pa", "paloalto", "dc2-fgt", "fortinet"));
    static final List<String> NODES = List.of("aws:///eu-west-1a/i-0a1b2c3d4e5f60001",
            "aws:///eu-west-1b/i-0a1b2c3d4e5f60002", "aws:///eu-west-1b/i-0a1b2c3d4e5f60003");
    private static final Pattern IP_NETMASK = Pattern.compile("<ip-netmask>([^<]+)</ip-netmask>");

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final Path dir;
    final Path audit;
    final Ec2Simulator ec2;
    final Map<String, HttpSimulator> firewalls = new LinkedHashMap<>();
    private final Path ca;
    private final Plugins plugins = Plugins.load(SafetyBed.class.getClassLoader());
    private int configs;

    SafetyBed(Path dir) {
        this.dir = dir;
        this.audit = dir.resolve("audit.jsonl");
        ec2 = new Ec2Simulator(Ec2World.defaultWorld().eipQuota(40));
        ec2.start(false);
        PanOsSimulator pa = new PanOsSimulator(PanOsDeviceSpec.firewall("dc1-pa", PANOS_KEY)).pollsUntilDone(1);
        pa.start(true);
        firewalls.put("dc1-pa", pa);
        FortiOsSimulator fgt = new FortiOsSimulator().vdom("root").token(FORTIOS_TOKEN, true);
        fgt.start(true);
        firewalls.put("dc2-fgt", fgt);
        try {
            ca = dir.resolve("sandbox-ca.pem");
            Files.writeString(ca, SandboxTls.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    PanOsSimulator panos() {
        return (PanOsSimulator) firewalls.get("dc1-pa");
    }

    FortiOsSimulator fortios() {
        return (FortiOsSimulator) firewalls.get("dc2-fgt");
    }

    /** Makes every call to {@code firewall} fail (HTTP 503) until {@link #heal}. */
    void breakFirewall(String firewall) {
        firewalls.get(firewall).faults().inject(Faults.ANY, Fault.error(503, "Unavailable", "service unavailable"),
                1_000_000);
    }

    void heal() {
        firewalls.values().forEach(s -> s.faults().clear());
        ec2.faults().clear();
    }

    GatewardenConfig load(String yaml) {
        try {
            Path f = dir.resolve("config-" + (++configs) + ".yaml");
            Files.writeString(f, yaml);
            return ConfigLoader.load(f, PluginCatalog.of(plugins), ref -> "unused-in-safety-bed");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One round of {@code apply --auto-approve} for {@code yaml}: observe, plan, apply. */
    Reconciler.Round apply(String yaml, boolean allowDeletions, String... forget) {
        return round(yaml, allowDeletions, true, forget);
    }

    /** {@code plan} only. */
    Reconciler.Round plan(String yaml, boolean allowDeletions) {
        return round(yaml, allowDeletions, false);
    }

    private Reconciler.Round round(String yaml, boolean allowDeletions, boolean apply, String... forget) {
        return ConfiguredRound.run(load(yaml), plugins, a -> {
            Map<String, Object> o = new HashMap<>();
            o.put("endpoint", ec2.baseUri().toString());
            o.put("accessKeyId", new Secret("bed", "AKIASAFETYBED"));
            o.put("secretAccessKey", new Secret("bed", "safety-bed-secret"));
            return o;
        }, f -> {
            Map<String, Object> o = new HashMap<>();
            o.put("url", firewalls.get(f.name()).baseUri().toString());
            o.put("caBundle", ca.toString());
            if (f.type().equals("paloalto")) {
                o.put("apiKey", new Secret("bed", PANOS_KEY));
                o.put("username", PanOsDeviceSpec.DEFAULT_ADMIN);
                o.put("pollInterval", "1ms");
            } else {
                o.put("token", new Secret("bed", FORTIOS_TOKEN));
            }
            return o;
        }, audit, "safety-bed", allowDeletions, apply, Set.of(forget));
    }

    // ------------------------------------------------------------ what the simulators hold

    /** Every IPv4 address that an address object on {@code firewall} stands for, in its running configuration. */
    Set<String> listedIps(String firewall) {
        Set<String> ips = new TreeSet<>();
        if (firewalls.get(firewall) instanceof PanOsSimulator pa) {
            String xml = pa.runningNode(VSYS1 + "/address");
            Matcher m = IP_NETMASK.matcher(xml == null ? "" : xml);
            while (m.find()) {
                ips.add(m.group(1).replace("/32", ""));
            }
        } else {
            FortiOsSimulator fgt = fortios();
            for (String name : fgt.names("root", "address")) {
                String subnet = fgt.entry("root", "address", name).path("subnet").asText("");
                ips.add(subnet.split(" ")[0]);
            }
        }
        ips.remove(PLACEHOLDER);
        ips.remove("0.0.0.0");
        return ips;
    }

    /** The address PAN-OS groups keep when they must not be empty (FortiOS uses 0.0.0.0). */
    static final String PLACEHOLDER = "192.0.2.255";

    /** Owned Elastic IPs: public IP → "gateway#slot" from their tags. */
    Map<String, String> ownedPublicIps(String owner) {
        Map<String, String> m = new TreeMap<>();
        for (Ec2State.Address a : ec2.state().addresses.values()) {
            if (owner.equals(a.tags.get("gatewarden-owner"))) {
                m.put(a.publicIp, a.tags.get("gatewarden-gateway") + "#" + a.tags.get("gatewarden-slot"));
            }
        }
        return m;
    }

    /** Every secondary private IP on any interface (the primary excluded). */
    Set<String> secondaryIps() {
        Set<String> s = new TreeSet<>();
        for (Ec2State.Eni e : ec2.state().interfaces.values()) {
            s.addAll(e.privateIps.subList(Math.min(1, e.privateIps.size()), e.privateIps.size()));
        }
        return s;
    }

    /** Addresses the cloud still holds for the owner: its Elastic IPs and every assigned secondary IP. */
    Set<String> heldIps(String owner) {
        Set<String> s = new TreeSet<>(ownedPublicIps(owner).keySet());
        s.addAll(secondaryIps());
        return s;
    }

    @Override
    public void close() {
        ec2.close();
        firewalls.values().forEach(HttpSimulator::close);
    }
}
