package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatewarden validate}: bad input fails with a located, actionable message and exit 1. */
class ValidateCliTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            owner: demo
            clouds:
              - name: aws-demo
                provider: aws
                region: eu-west-1
            firewalls:
              - name: dc1-pa
                type: paloalto
                url: https://pa.example.invalid
                apiKey: ${env:GW_TEST_PANOS_KEY_THAT_IS_SET}
            gateways:
              - name: payments
                cloud: aws-demo
                addresses: 1
                public: true
                nodes: [aws:///eu-west-1a/i-0a1b2c3d4e5f60001]
                publish:
                  - {firewall: dc1-pa, addresses: public}
            """;

    Path write(String text) throws IOException {
        Path f = dir.resolve("config.yaml");
        Files.writeString(f, text);
        return f;
    }

    Cli.Result validate(String text) throws IOException {
        return Cli.run("validate", "-f", write(text).toString());
    }

    @Test
    void goodConfigValidates() throws IOException {
        Cli.Result r = Cli.run("validate", "--sandbox", "-f", write(GOOD).toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("valid"), r.out());
    }

    @Test
    void typoedKeyIsLocatedWithASuggestion() throws IOException {
        Cli.Result r = validate(GOOD.replace("    public: true", "    pubic: true"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("config.yaml:15:5"), r.err());
        assertTrue(r.err().contains("pubic") && r.err().contains("public"), r.err());
    }

    @Test
    void badIpIsLocated() throws IOException {
        Cli.Result r = validate(GOOD.replace("    public: true", "    public: true\n    privateIps: [10.0.1.300]"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("config.yaml:16:"), r.err());
        assertTrue(r.err().contains("10.0.1.300"), r.err());
    }

    @Test
    void nameTooLongForPanOsIsLocated() throws IOException {
        String longName = "payments-" + "x".repeat(45);
        Cli.Result r = validate(GOOD.replace("name: payments", "name: " + longName));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("config.yaml:12:"), r.err());
        assertTrue(r.err().contains("63"), r.err());
    }

    @Test
    void missingSecretIsAnErrorWithResolveSecrets() throws IOException {
        Path f = write(GOOD.replace("GW_TEST_PANOS_KEY_THAT_IS_SET", "GW_TEST_SURELY_UNSET_VARIABLE"));
        Cli.Result r = Cli.run("validate", "--resolve-secrets", "-f", f.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("config.yaml:10:"), r.err());
        assertTrue(r.err().contains("GW_TEST_SURELY_UNSET_VARIABLE") && r.err().contains("is not set"), r.err());
    }

    @Test
    void missingSecretIsOnlyALocatedWarningWithoutResolveSecrets() throws IOException {
        Cli.Result r = validate(GOOD.replace("GW_TEST_PANOS_KEY_THAT_IS_SET", "GW_TEST_SURELY_UNSET_VARIABLE"));
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.err().contains("warning: ") && r.err().contains("config.yaml:10:13: firewalls[0].apiKey: "
                + "${env:GW_TEST_SURELY_UNSET_VARIABLE} not resolved"), r.err());
        assertTrue(r.out().contains("valid") && r.out().contains("secrets not resolved"), r.out());
    }

    @Test
    void malformedSecretReferencesAreStillErrorsWithoutResolving() throws IOException {
        for (String bad : new String[] {"${env:}", "${vault:secret/panos}", "${env:1BAD}", "x-${env:KEY}", "inline"}) {
            Cli.Result r = validate(GOOD.replace("${env:GW_TEST_PANOS_KEY_THAT_IS_SET}", "'" + bad + "'"));
            assertEquals(1, r.exit(), bad + ": " + r.all());
            assertTrue(r.err().contains("config.yaml:10:") && r.err().contains("firewalls[0].apiKey"), bad + ": " + r.err());
            assertTrue(!r.out().contains("valid"), r.out());
        }
    }

    @Test
    void otherProblemsAreFoundWhileSecretsAreNotResolved() throws IOException {
        Cli.Result r = validate(GOOD.replace("GW_TEST_PANOS_KEY_THAT_IS_SET", "GW_TEST_SURELY_UNSET_VARIABLE")
                .replace("    public: true", "    pubic: true"));
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("config.yaml:15:5") && r.err().contains("pubic"), r.err());
    }

    @Test
    void quickstartValidatesWithoutItsSecrets() {
        Cli.Result r = Cli.run("validate", "-f", QuickstartCliTest.QUICKSTART.toString());
        assertEquals(0, r.exit(), r.all());
        // the two references were not read, whether or not they are exported where the test runs
        assertTrue(r.err().contains("${env:PANOS_API_KEY} not resolved"), r.err());
        assertTrue(r.err().contains("${env:FORTIOS_TOKEN} not resolved"), r.err());
        assertTrue(r.out().contains("owner quickstart"), r.out());
    }
}
