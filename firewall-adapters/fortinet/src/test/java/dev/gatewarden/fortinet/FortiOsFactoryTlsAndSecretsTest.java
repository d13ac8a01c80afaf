package dev.gatewarden.fortinet;

import static dev.gatewarden.fortinet.FortiOsTestSupport.READ_ONLY_TOKEN;
import static dev.gatewarden.fortinet.FortiOsTestSupport.TOKEN;
import static dev.gatewarden.fortinet.FortiOsTestSupport.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallAdapterFactory;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import dev.gatewarden.spi.Plugins;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.SettingSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FortiOsFactoryTlsAndSecretsTest {
    private FortiOsTestSupport fx;

    @BeforeEach
    void start() {
        fx = new FortiOsTestSupport();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private Map<String, Object> withoutTls() {
        Map<String, Object> s = fx.settings("root", "auto");
        s.remove("tlsFingerprint");
        return s;
    }

    @Test
    void isFoundByIdAndDeclaresItsSettings() {
        Plugins plugins = Plugins.load(getClass().getClassLoader());
        FirewallAdapterFactory f = plugins.firewall("fortinet");
        assertTrue(f instanceof FortiOsFirewallAdapterFactory);
        List<String> names = f.settings().stream().map(SettingSpec::name).toList();
        assertTrue(names.containsAll(List.of("url", "token", "vdom", "transactions", "caBundle", "tlsFingerprint",
                "insecureSkipTlsVerify")), names.toString());
        assertEquals(SettingSpec.Type.SECRET, f.settings().stream().filter(s -> s.name().equals("token"))
                .findFirst().orElseThrow().type());
        assertNull(f.nameRules().check("gw-prod-eu-1-payments-203.0.113.10"));
        assertNull(f.nameRules().check("n".repeat(79)));
        assertNotNull(f.nameRules().check("n".repeat(80)));
        assertNotNull(f.nameRules().check("has space"));
        assertNotNull(f.nameRules().check("a/b"));
    }

    @Test
    void rejectsBadSettingsWithoutEchoingTheToken() {
        Map<String, Object> http = fx.settings("root", "auto");
        http.put("url", "http://127.0.0.1:1");
        assertThrows(ConfigException.class, () -> fx.adapter("o", http));
        Map<String, Object> tokenInUrl = fx.settings("root", "auto");
        tokenInUrl.put("url", fx.base + "/?access_token=" + TOKEN);
        ConfigException e = assertThrows(ConfigException.class, () -> fx.adapter("o", tokenInUrl));
        assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
        Map<String, Object> noToken = fx.settings("root", "auto");
        noToken.remove("token");
        assertTrue(assertThrows(ConfigException.class, () -> fx.adapter("o", noToken)).getMessage().contains("token"));
        Map<String, Object> plainToken = fx.settings("root", "auto");
        plainToken.put("token", TOKEN);
        ConfigException plain = assertThrows(ConfigException.class, () -> fx.adapter("o", plainToken));
        assertFalse(plain.getMessage().contains(TOKEN), plain.getMessage());
        Map<String, Object> vdom = fx.settings("bad vdom", "auto");
        assertThrows(ConfigException.class, () -> fx.adapter("o", vdom));
        Map<String, Object> tx = fx.settings("root", "sometimes");
        assertThrows(ConfigException.class, () -> fx.adapter("o", tx));
    }

    @Test
    void trustsACaBundle(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, SandboxTls.caPem());
        Map<String, Object> s = withoutTls();
        s.put("caBundle", ca.toString());
        assertTrue(fx.adapter("o", s).observe(FirewallScope.of("o", List.of())).objects().isEmpty());
    }

    @Test
    void refusesAnUnknownCertificateByDefaultAndAWrongPin() {
        ProviderException byDefault = assertThrows(ProviderException.class,
                () -> fx.adapter("o", withoutTls()).observe(FirewallScope.of("o", List.of())));
        assertTrue(byDefault.getMessage().contains("TLS"), byDefault.getMessage());
        assertTrue(byDefault.getMessage().contains("caBundle"), byDefault.getMessage());
        assertFalse(byDefault.isTransient());
        Map<String, Object> wrongPin = withoutTls();
        wrongPin.put("tlsFingerprint", "00".repeat(32));
        assertThrows(ProviderException.class, () -> fx.adapter("o", wrongPin).observe(FirewallScope.of("o", List.of())));
        assertEquals(0, fx.sim.calls().total(), "no request got through");
    }

    @Test
    void theTokenNeverAppearsInLogsOrMessages() {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        List<String> messages = new ArrayList<>();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            FirewallAdapter adapter = fx.adapter("o");
            var a = address("o", "payments", "203.0.113.10", 0);
            adapter.apply(new FirewallChangeSet(FortiOsTestSupport.NAME, List.of(a),
                    List.of(new GroupMembers("k8s-payments", "payments", List.of(a))), List.of()));
            adapter.observe(FirewallScope.of("o", List.of("k8s-payments")));
            messages.add(adapter.toString());
            messages.add(dev.gatewarden.spi.Settings.of("firewalls[x]", fx.settings("root", "auto")).toString());

            Map<String, Object> ro = fx.settings("root", "auto");
            ro.put("token", new Secret("${env:RO}", READ_ONLY_TOKEN));
            collect(messages, () -> fx.adapter("o", ro).apply(new FirewallChangeSet(FortiOsTestSupport.NAME,
                    List.of(address("o", "payments", "203.0.113.11", 1)), List.of(), List.of())));
            Map<String, Object> wrong = fx.settings("root", "auto");
            wrong.put("token", new Secret("${env:BAD}", TOKEN + "x"));
            collect(messages, () -> fx.adapter("o", wrong).observe(FirewallScope.of("o", List.of())));
            collect(messages, () -> fx.adapter("o", withoutTls()).observe(FirewallScope.of("o", List.of())));
            Map<String, Object> insecure = withoutTls();
            insecure.put("insecureSkipTlsVerify", true);
            fx.adapter("o", insecure).observe(FirewallScope.of("o", List.of()));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("GET /api/v2/cmdb/firewall/address"), "debug lines were captured: " + log);
        assertTrue(log.contains("TLS VERIFICATION IS OFF"), "the insecure mode is logged loudly");
        assertTrue(messages.size() >= 5, messages.toString());
        for (String secret : List.of(TOKEN, READ_ONLY_TOKEN)) {
            assertFalse(log.contains(secret), "token in the log");
            for (String m : messages) {
                assertFalse(m.contains(secret), "token in a message: " + m);
            }
        }
    }

    private static void collect(List<String> messages, Supplier<?> action) {
        try {
            action.get();
        } catch (GatewardenException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.add(String.valueOf(t.getMessage()));
            }
            return;
        }
        throw new AssertionError("expected a failure");
    }

    private static void collect(List<String> messages, Runnable action) {
        collect(messages, () -> {
            action.run();
            return null;
        });
    }

    @Test
    void smallPieces() {
        assertEquals("a%2Fb%20c", HttpFortiOsApi.encode("a/b c"));
        assertEquals("10\\.0\\.0\\.1", FortiOsFirewallAdapter.escape("10.0.0.1"));
        FortiOsMark m = FortiOsMark.parse("note gatewarden owner=prod gateway=pay more");
        assertEquals(FortiOsMark.of("prod", "pay"), m);
        assertFalse(FortiOsMark.parse("gatewarden owner=prod-eu gateway=x").ownedBy("prod"));
        assertNull(FortiOsMark.parse("gatewarden owner=Prod"));
        assertEquals(FortiOsMark.placeholderOf("prod"), FortiOsMark.parse(FortiOsMark.placeholderOf("prod").comment()));
        assertEquals("2001:db8::1", IpText.canonical("2001:0DB8:0:0:0:0:0:1"));
        assertEquals("::", IpText.canonical("0:0:0:0:0:0:0:0"));
        assertEquals("::ffff:10.0.0.1".equals(IpText.canonical("::ffff:10.0.0.1")) ? 1 : 0, 0);
        assertNull(IpText.canonical("10.0.0"));
        assertNull(IpText.canonical("1:2:3:4:5:6:7:8:9"));
    }
}
