package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code plan} refuses when it creates the adapters, {@code validate} refuses first, as a located error
 * (before: validate said "valid" and plan failed without a location). Also: an expired self-signed certificate
 * as caBundle, a directory as config.
 */
class ValidateAgreesWithPlanTest {
    /** A PAN-OS entry's first lines; the test adds the setting under test. */
    static final String PAN_OS = """
              - name: fw
                type: paloalto
                url: https://pa.example.invalid
                apiKey: KEY
                username: gatewarden
            """;

    @TempDir
    Path dir;

    Path config(String firewall) throws Exception {
        String key = TestConfigs.fileRef(dir, "k", "LUFRPT-validate-key-0000");
        return TestConfigs.write(dir, "agree", TestConfigs.aws("http://127.0.0.1:9", key, key),
                firewall.replace("KEY", key), TestConfigs.payments(1, "{firewall: fw, addresses: public}"));
    }

    void refusedAlike(String firewall, String located) throws Exception {
        Path c = config(firewall);
        for (List<String> args : List.of(List.of("validate", "-f", c.toString()),
                List.of("validate", "--sandbox", "-f", c.toString()), List.of("plan", "-f", c.toString()))) {
            Cli.Result r = Cli.run(args.toArray(String[]::new));
            assertEquals(1, r.exit(), args + ": " + r.all());
            assertTrue(r.err().contains(c + ":" + located), args + " locates the problem: " + r.err());
            assertFalse(r.all().contains("could not be observed"), "refused before any request: " + r.all());
        }
    }

    @Test
    void injectionInVsysIsRefusedAtValidation() throws Exception {
        refusedAlike(PAN_OS + """
                    vsys: "vsys1']/../entry[@name='x"
                """, "16:5: firewalls[0].vsys: vsys must look like vsys1");
    }

    @Test
    void injectionInTheDeviceGroupIsRefusedAtValidation() throws Exception {
        refusedAlike("""
                  - name: fw
                    type: paloalto
                    url: https://pano.example.invalid
                    apiKey: KEY
                    username: gatewarden
                    location: device-group
                    deviceGroup: "dg']|//*"
                """, "17:5: firewalls[0].deviceGroup: deviceGroup");
    }

    @Test
    void injectionInTheVdomIsRefusedAtValidation() throws Exception {
        refusedAlike("""
                  - name: fw
                    type: fortinet
                    url: https://fgt.example.invalid
                    token: KEY
                    vdom: "root&vdom=other"
                """, "15:5: firewalls[0].vdom: vdom 'root&vdom=other' is not a VDOM name");
    }

    @Test
    void aPlainHttpUrlIsRefusedAtValidation() throws Exception {
        refusedAlike("""
                  - name: fw
                    type: fortinet
                    url: http://fgt.example.invalid
                    token: KEY
                """, "13:5: firewalls[0].url: url must be https://host[:port]");
    }

    @Test
    void caBundleWithAFingerprintIsRefusedAtValidation() throws Exception {
        refusedAlike(PAN_OS + """
                    caBundle: /etc/ssl/certs/ca-certificates.crt
                    tlsFingerprint: "%s"
                """.formatted("ab".repeat(32)), "11:5: firewalls[0]: choose at most one of caBundle, tlsFingerprint");
    }

    @Test
    void anExpiredSelfSignedCaBundleIsRefused() throws Exception {
        Path ks = dir.resolve("ks.p12");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-keystore", ks.toString(), "-storetype", "PKCS12", "-storepass", "changeit",
                "-alias", "x", "-dname", "CN=expired-test", "-keyalg", "EC", "-startdate", "-400d", "-validity", "10");
        Path pem = dir.resolve("expired.pem");
        run(keytool, "-exportcert", "-rfc", "-keystore", ks.toString(), "-storepass", "changeit", "-alias", "x",
                "-file", pem.toString());
        // before: accepted, and every connection then failed the handshake
        refusedAlike("""
                  - name: fw
                    type: fortinet
                    url: https://fgt.example.invalid
                    token: KEY
                    caBundle: %s
                """.formatted(pem), "15:5: firewalls[0].caBundle: caBundle " + pem + " holds no certificate valid now "
                + "(CN=expired-test expired on ");
    }

    @Test
    void aDirectoryAsConfigIsNamed() {
        Cli.Result r = Cli.run("validate", "-f", dir.toString());
        assertEquals(1, r.exit());
        assertEquals("error: " + dir + ": is a directory; pass the config file itself with -f <file>, e.g. -f "
                + dir.resolve("gatewarden.yaml"), r.err().strip());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
    }
}
