package dev.gatewarden.paloalto;

import static dev.gatewarden.paloalto.PanOsTestBed.FW;
import static dev.gatewarden.paloalto.PanOsTestBed.KEY;
import static dev.gatewarden.paloalto.PanOsTestBed.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import dev.gatewarden.spi.Secret;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLS verification stays on (CA bundle or pin; the JDK trust store refuses the sandbox), and secrets never leak. */
class PanOsTlsAndSecretsTest {
    private static final String PASSWORD = "s3cret-Passw0rd-never-logged";
    private PanOsTestBed bed;

    @BeforeEach
    void start() {
        bed = new PanOsTestBed(new PanOsDeviceSpec("pa-sim", false, List.of("vsys1"),
                Map.of(PanOsTestBed.ADMIN, PASSWORD), Map.of(KEY, PanOsTestBed.ADMIN)));
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static FirewallChangeSet one() {
        var o = addr("prod", "payments", "10.4.0.1", 0);
        return new FirewallChangeSet(FW, List.of(o), List.of(new GroupMembers("gw-prod-payments", "payments",
                List.of(o))), List.of());
    }

    @Test
    void aPinnedFingerprintIsTrusted() {
        Map<String, Object> o = new HashMap<>();
        o.put("caBundle", null);
        o.put("tlsFingerprint", SandboxTls.fingerprintSha256());
        FirewallAdapter a = bed.adapter("prod", new CallRecorder(), o);
        a.apply(one());
        assertEquals(1, a.observe(FirewallScope.of("prod", List.of())).objects().size());
    }

    @Test
    void aWrongPinIsRefused() {
        Map<String, Object> o = new HashMap<>();
        o.put("caBundle", null);
        o.put("tlsFingerprint", "00".repeat(32));
        FirewallAdapter a = bed.adapter("prod", new CallRecorder(), o);
        ProviderException e = assertThrows(ProviderException.class, () -> a.observe(FirewallScope.of("prod",
                List.of())));
        assertEquals("tls", e.code());
    }

    @Test
    void theDefaultTrustStoreRefusesTheSandboxCertificate() {
        Map<String, Object> o = new HashMap<>();
        o.put("caBundle", null);
        FirewallAdapter a = bed.adapter("prod", new CallRecorder(), o);
        ProviderException e = assertThrows(ProviderException.class, () -> a.apply(one()));
        assertEquals("tls", e.code());
        assertTrue(e.getMessage().contains("caBundle"), e.getMessage());
        assertEquals(0, bed.sim.calls().total(), "no request got through");
    }

    @Test
    void plainHttpIsRefusedAtConfigTime() {
        ConfigException e = assertThrows(ConfigException.class, () -> bed.adapter("prod", new CallRecorder(),
                Map.of("url", "http://127.0.0.1:1")));
        assertTrue(e.getMessage().contains("https"), e.getMessage());
    }

    @Test
    void keygenRunsOnceAndNoSecretEverReachesLogsOrMessages() {
        PrintStream originalErr = System.err;
        PrintStream originalOut = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        StringBuilder messages = new StringBuilder();
        CallRecorder calls = new CallRecorder();
        String generatedKey;
        System.setErr(capture);
        System.setOut(capture);
        try {
            Map<String, Object> o = new HashMap<>();
            o.put("apiKey", null);
            o.put("password", new Secret("${env:PANOS_PASSWORD}", PASSWORD));
            FirewallAdapter a = bed.adapter("prod", calls, o);
            messages.append(a).append('\n');
            a.apply(one());
            a.observe(FirewallScope.of("prod", List.of()));
            assertEquals(1, calls.count(FW, "keygen"));

            // failures: wrong password, revoked key, lock, failed commit
            Map<String, Object> wrong = new HashMap<>(o);
            wrong.put("password", new Secret("${env:PANOS_PASSWORD}", PASSWORD + "-wrong"));
            collect(messages, () -> bed.adapter("prod", new CallRecorder(), wrong).apply(one()));
            Map<String, Object> badKey = new HashMap<>();
            badKey.put("apiKey", new Secret("${env:PANOS_API_KEY}", KEY + "-revoked"));
            collect(messages, () -> bed.adapter("prod", new CallRecorder(), badKey).apply(one()));
            bed.sim.holdConfigLock("bob");
            collect(messages, () -> a.apply(new FirewallChangeSet(FW, List.of(addr("prod", "payments", "10.4.0.9",
                    1)), List.of(), List.of())));
            bed.sim.holdConfigLock(null);
            bed.sim.failNextCommit("commit failed for reasons");
            collect(messages, () -> a.apply(new FirewallChangeSet(FW, List.of(addr("prod", "payments", "10.4.0.8",
                    2)), List.of(), List.of())));
            messages.append(PanOsSettings.from(FW, dev.gatewarden.spi.Settings.of("x", mapOf(bed.settings(), o))));
            generatedKey = bed.sim.snapshot().path("apiKeys").fieldNames().next();
        } finally {
            System.setErr(originalErr);
            System.setOut(originalOut);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("PAN-OS fw1"), "debug logging was captured: " + logs);
        for (String secret : List.of(PASSWORD, KEY)) {
            assertFalse(logs.contains(secret), "secret in logs");
            assertFalse(messages.toString().contains(secret), "secret in messages: " + messages);
        }
        assertTrue(messages.toString().contains("refused"), messages.toString());
        assertTrue(messages.toString().contains("${env:PANOS_PASSWORD}"), messages.toString());
        for (var it = bed.sim.snapshot().path("apiKeys").fieldNames(); it.hasNext(); ) {
            String k = it.next();
            assertFalse(logs.contains(k), "an API key in logs");
            assertFalse(messages.toString().contains(k), "an API key in messages");
        }
        assertFalse(generatedKey.isEmpty());
    }

    private static Map<String, Object> mapOf(Map<String, Object> base, Map<String, Object> over) {
        Map<String, Object> m = new HashMap<>(base);
        m.putAll(over);
        m.values().removeIf(v -> v == null);
        return m;
    }

    private static void collect(StringBuilder messages, Runnable r) {
        try {
            r.run();
            messages.append("(no failure)\n");
        } catch (GatewardenException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t).append('\n');
            }
        }
    }
}
