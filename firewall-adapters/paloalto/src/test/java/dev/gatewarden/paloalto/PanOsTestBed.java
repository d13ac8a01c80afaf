package dev.gatewarden.paloalto;

import dev.gatewarden.model.SlotId;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** A PAN-OS simulator over loopback HTTPS and adapters pointed at it (trusting the sandbox CA). */
final class PanOsTestBed implements AutoCloseable {
    static final String KEY = "LUFRPT-test-key-do-not-log-0123456789abcdef";
    static final String ADMIN = PanOsDeviceSpec.DEFAULT_ADMIN;
    static final String VSYS1 = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']";
    static final String FW = "fw1";

    static {
        // The JDK HTTP server otherwise waits on Nagle + delayed ACK (~40 ms per request on loopback).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    final PanOsSimulator sim;
    final URI uri;
    final Path ca;

    PanOsTestBed(PanOsDeviceSpec spec) {
        sim = new PanOsSimulator(spec).pollsUntilDone(2);
        uri = sim.start(true);
        try {
            ca = Files.createTempFile("sandbox-ca", ".pem");
            Files.writeString(ca, SandboxTls.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static PanOsTestBed firewall() {
        return new PanOsTestBed(PanOsDeviceSpec.firewall("pa-sim", KEY));
    }

    static PanOsTestBed panorama(String dg) {
        return new PanOsTestBed(PanOsDeviceSpec.panorama("pano-sim", KEY, dg));
    }

    Map<String, Object> settings() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("url", uri.toString());
        m.put("apiKey", new Secret("${env:PANOS_API_KEY}", KEY));
        m.put("username", ADMIN);
        m.put("caBundle", ca.toString());
        m.put("pollInterval", "1ms");
        return m;
    }

    FirewallAdapter adapter(String owner, CallRecorder calls, Map<String, ?> overrides) {
        Map<String, Object> m = settings();
        m.putAll(overrides);
        m.values().removeIf(v -> v == null);
        return new PanOsFirewallAdapterFactory().create(FW, Settings.of("firewalls[" + FW + "]", m),
                new PluginContext(owner, calls, null));
    }

    FirewallAdapter adapter(String owner, CallRecorder calls) {
        return adapter(owner, calls, Map.of());
    }

    /** An address object without any ownership tag, committed (as another administrator would). */
    void foreignAddress(String location, String name, String ip) {
        sim.configure("alice", "set", location + "/address", "<entry name=\"" + name + "\"><ip-netmask>" + ip
                + "</ip-netmask></entry>");
        sim.commitAll();
    }

    /** {@code n} addresses of gateway {@code payments}: {@code <prefix>.0.1}, {@code <prefix>.0.2}, … */
    static java.util.List<AddressObject> addresses(String owner, String prefix, int n) {
        java.util.List<AddressObject> out = new java.util.ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(addr(owner, "payments", prefix + "." + (i / 250) + "." + (i % 250 + 1), i));
        }
        return out;
    }

    /** Creates {@code objects} and makes them the owned members of {@code group}. */
    static dev.gatewarden.spi.FirewallChangeSet publish(String group, java.util.List<AddressObject> objects) {
        return new dev.gatewarden.spi.FirewallChangeSet(FW, objects,
                java.util.List.of(new dev.gatewarden.spi.GroupMembers(group, "payments", objects)), java.util.List.of());
    }

    static AddressObject addr(String owner, String gateway, String ip, int slot) {
        return new AddressObject("gw-" + owner + "-" + gateway + "-" + ip.replace(':', '-'), ip, gateway,
                new SlotId(gateway, slot));
    }

    @Override
    public void close() {
        sim.close();
        try {
            Files.deleteIfExists(ca);
        } catch (IOException e) {
            // ignore
        }
    }
}
