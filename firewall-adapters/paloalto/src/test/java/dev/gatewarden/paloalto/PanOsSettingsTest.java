package dev.gatewarden.paloalto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.FirewallAdapterFactory;
import dev.gatewarden.spi.Plugins;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings parsing, name rules and plugin registration (no network). */
class PanOsSettingsTest {
    private static final Secret KEY = new Secret("${env:PANOS_API_KEY}", "very-secret-key-value");

    private static PanOsSettings parse(Map<String, Object> overrides) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", "https://pa.example:8443/");
        m.put("apiKey", KEY);
        m.put("username", "gatewarden");
        m.putAll(overrides);
        m.values().removeIf(v -> v == null);
        return PanOsSettings.from("fw", Settings.of("firewalls[fw]", m));
    }

    @Test
    void defaults() {
        PanOsSettings s = parse(Map.of());
        assertEquals("https://pa.example:8443", s.url().toString());
        assertEquals(PanOsSettings.Location.VSYS, s.location());
        assertEquals("vsys1", s.vsys());
        assertEquals(PanOsSettings.Mode.STATIC_GROUP, s.mode());
        assertTrue(s.partialCommit());
        assertTrue(s.multiConfig());
        assertFalse(s.panorama());
        assertEquals(Duration.ofMinutes(10), s.commitTimeout());
        assertEquals(Duration.ZERO, s.registrationTimeout());
        assertEquals("/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']",
                s.locationXpath());
        assertFalse(s.toString().contains("very-secret-key-value"), s.toString());
    }

    @Test
    void deviceGroupMeansPanorama() {
        PanOsSettings s = parse(Map.of("location", "device-group", "deviceGroup", "dg 1"));
        assertTrue(s.panorama());
        assertTrue(s.locationXpath().endsWith("/device-group/entry[@name='dg 1']"));
        assertThrows(ConfigException.class, () -> parse(Map.of("location", "device-group")));
        assertThrows(ConfigException.class, () -> parse(Map.of("location", "device-group", "deviceGroup", "dg']")));
        assertThrows(ConfigException.class, () -> parse(Map.of("location", "device-group", "deviceGroup", "dg",
                "panorama", false)));
        assertEquals("/config/shared", parse(Map.of("location", "shared")).locationXpath());
    }

    @Test
    void refusals() {
        Map<String, Object> noCreds = new HashMap<>();
        noCreds.put("apiKey", null);
        ConfigException e = assertThrows(ConfigException.class, () -> parse(noCreds));
        assertTrue(e.getMessage().contains("firewalls[fw]"), e.getMessage());
        assertThrows(ConfigException.class, () -> parse(Map.of("url", "http://pa.example")));
        assertThrows(ConfigException.class, () -> parse(Map.of("url", "https://pa.example/?key=x")));
        assertThrows(ConfigException.class, () -> parse(Map.of("url", "https://admin:pw@pa.example")));
        assertThrows(ConfigException.class, () -> parse(Map.of("vsys", "vsys1']")));
        assertThrows(ConfigException.class, () -> parse(Map.of("mode", "magic")));
        assertThrows(ConfigException.class, () -> parse(Map.of("registrationTimeout", "31d")));
        assertThrows(ConfigException.class, () -> parse(Map.of("commitTimeout", "soon")));
    }

    @Test
    void durations() {
        assertEquals(Duration.ofSeconds(30), parse(Map.of("commitTimeout", "30s")).commitTimeout());
        assertEquals(Duration.ofMinutes(5), parse(Map.of("commitTimeout", "5m")).commitTimeout());
        assertEquals(Duration.ofMinutes(1), parse(Map.of("commitTimeout", "PT1M")).commitTimeout());
        assertEquals(Duration.ofSeconds(90), parse(Map.of("commitTimeout", 90)).commitTimeout());
        assertEquals(Duration.ofMillis(5), parse(Map.of("pollInterval", Duration.ofMillis(5))).pollInterval());
    }

    @Test
    void partialCommitNeedsTheAdminName() {
        Map<String, Object> noUser = new HashMap<>();
        noUser.put("username", null);
        assertFalse(parse(noUser).partialCommit(), "falls back to a full commit, with a warning");
        noUser.put("partialCommit", true);
        assertThrows(ConfigException.class, () -> parse(noUser), "an explicit partialCommit cannot be honoured");
    }

    @Test
    void nameRulesFollowPanOs() {
        var rules = new PanOsFirewallAdapterFactory().nameRules();
        assertNull(rules.check("gw-prod-payments-10.0.0.1"));
        assertNull(rules.check("Group 1_a.b"));
        assertNotNull(rules.check("x".repeat(64)));
        assertNull(rules.check("x".repeat(63)));
        assertNotNull(rules.check("-starts-with-dash"));
        assertNotNull(rules.check("a']/x"));
        assertNotNull(rules.check("a<b"));
        assertNotNull(rules.check("a\"b"));
    }

    @Test
    void registeredAsAServiceWithItsSettings() {
        FirewallAdapterFactory f = Plugins.load(getClass().getClassLoader()).firewall("paloalto");
        assertTrue(f instanceof PanOsFirewallAdapterFactory);
        List<String> names = f.settings().stream().map(SettingSpec::name).toList();
        assertTrue(names.containsAll(List.of("url", "apiKey", "username", "password", "location", "vsys",
                "deviceGroup", "panorama", "mode", "partialCommit", "commitTimeout", "registrationTimeout",
                "caBundle", "tlsFingerprint", "insecureSkipTlsVerify")), names.toString());
        assertEquals(SettingSpec.Type.SECRET, f.settings().stream().filter(s -> s.name().equals("apiKey"))
                .findFirst().orElseThrow().type());
    }
}
