package dev.gatewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.spi.Secret;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@link SecretResolver#checkingSecretsOnly}: secret references are checked, never read; the rest is resolved. */
class CheckingSecretsOnlyTest {
    /** Knows only the non-secret variables of {@link ConfigLoaderTest#VALID}; asked for a secret, it fails the test. */
    static final SecretResolver OTHERS = ref -> switch (ref.name()) {
        case "PA_VSYS" -> "vsys2";
        case "RETRIES" -> "5";
        default -> throw new AssertionError("resolved " + ref.text() + ", which is a secret");
    };

    @Test
    void secretsAreReportedWhereTheyAreAndNotRead() {
        List<ConfigProblem> unresolved = new ArrayList<>();
        GatewardenConfig c = ConfigLoader.parse("test.yaml", ConfigLoaderTest.VALID, TestCatalog.catalog(),
                SecretResolver.checkingSecretsOnly(OTHERS, unresolved::add));
        assertEquals(List.of("test.yaml:16:13: firewalls[0].apiKey: ${env:PANOS_API_KEY} not resolved (only its form "
                + "was checked)", "test.yaml:22:12: firewalls[1].token: ${env:FGT_TOKEN} not resolved (only its form "
                + "was checked)"), unresolved.stream().map(ConfigProblem::toString).toList());
        Secret key = c.firewall("dc1-pa").orElseThrow().settings().secret("apiKey").orElseThrow();
        assertEquals("${env:PANOS_API_KEY}", key.reference());
        assertEquals("", key.reveal(), "no value was read");
        assertEquals("vsys2", c.firewall("dc1-pa").orElseThrow().settings().string("vsys").orElseThrow(),
                "non-secret references are still resolved (their values are validated)");
    }

    @Test
    void malformedSecretReferencesAreStillErrors() {
        for (String bad : new String[] {"${env:}", "${vault:kv/panos}", "${env:9LIVES}", "key-${env:X}"}) {
            List<ConfigProblem> unresolved = new ArrayList<>();
            InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> ConfigLoader.parse("test.yaml",
                    ConfigLoaderTest.VALID.replace("${env:PANOS_API_KEY}", "'" + bad + "'"), TestCatalog.catalog(),
                    SecretResolver.checkingSecretsOnly(OTHERS, unresolved::add)), bad);
            assertTrue(e.getMessage().contains("test.yaml:16:13: firewalls[0].apiKey: "), bad + ": " + e.getMessage());
            assertFalse(unresolved.stream().anyMatch(p -> p.path().equals("firewalls[0].apiKey")), bad);
        }
    }

    @Test
    void theDefaultResolverResolvesSecrets() {
        assertTrue(SecretResolver.from(Map.of()).resolvesSecrets());
        assertFalse(SecretResolver.checkingSecretsOnly(OTHERS, p -> { }).resolvesSecrets());
    }
}
