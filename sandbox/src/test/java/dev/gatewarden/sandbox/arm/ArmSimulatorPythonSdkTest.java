package dev.gatewarden.sandbox.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatewarden.sandbox.SandboxTls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ARM simulator checked with a client we did not write: the Azure SDK for Python (Debian package
 * {@code python3-azure}, used unmodified) over HTTPS, trusting the sandbox certificate. Skipped, saying so, when
 * that package is not installed.
 */
class ArmSimulatorPythonSdkTest {
    private static final String PYTHON = "/usr/bin/python3";

    private static boolean pythonSdkPresent() {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import azure.mgmt.network").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void theAzureSdkForPythonAgrees(@TempDir Path dir) throws Exception {
        assumeTrue(pythonSdkPresent(), "Azure SDK for Python not installed (apt-get install -y python3-azure)");
        Path script = dir.resolve("check.py");
        try (var in = getClass().getResourceAsStream("azure_sdk_python_check.py")) {
            Files.copy(in, script);
        }
        Path ca = dir.resolve("sandbox-ca.pem");
        Files.writeString(ca, SandboxTls.caPem(), StandardCharsets.US_ASCII);
        try (ArmSimulator sim = ArmSimulator.withDefaultWorld()) {
            sim.update(s -> {
                s.pageSize = 1;
                s.operationRetryAfterSeconds = 0;
            });
            sim.start(true);
            ProcessBuilder pb = new ProcessBuilder(PYTHON, script.toString(), sim.endpoint(), sim.state().subscriptionId,
                    ArmWorld.STATIC_TOKEN).redirectErrorStream(true);
            pb.environment().put("REQUESTS_CA_BUNDLE", ca.toString());
            pb.environment().remove("HTTPS_PROXY");
            pb.environment().remove("https_proxy");
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python check timed out");
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("all checks passed"), out);
            assertTrue(sim.calls().count("NetworkInterfaces_CreateOrUpdate") >= 4, sim.calls().snapshot().toString());
        }
    }
}
