package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.SandboxStore;
import dev.gatewarden.sandbox.admin.SandboxEndpoints;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code sandbox serve}: the quickstart's simulators, endpoints.json, the admin endpoint, state saved on stop. */
class SandboxServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @AfterEach
    void clear() {
        System.clearProperty(SandboxStore.PROPERTY);
    }

    @Test
    void servesTheQuickstartSimulatorsWithAnAdminEndpointAndSavesOnStop(@TempDir Path dir) throws Exception {
        Path sandbox = dir.resolve("sandbox");
        System.setProperty(SandboxStore.PROPERTY, sandbox.toString());
        StringWriter out = new StringWriter();
        CommandLine cl = Main.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true));
        SandboxCommand.Serve serve = cl.getSubcommands().get("sandbox").getSubcommands().get("serve").getCommand();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread t = new Thread(() -> exit.set(cl.execute("sandbox", "serve")));
        t.start();
        Path endpoints = sandbox.resolve(SandboxEndpoints.FILE);
        for (int i = 0; i < 300 && !Files.exists(endpoints); i++) {
            Thread.sleep(50);
        }
        assertTrue(Files.exists(endpoints), "endpoints.json written; output: " + out);
        JsonNode e = JSON.readTree(endpoints.toFile());
        assertEquals("ec2", e.at("/simulators/ec2-aws-sandbox/kind").asText(), e.toString());
        assertEquals("panos", e.at("/simulators/paloalto-dc1-pa/kind").asText());
        assertEquals("fortios", e.at("/simulators/fortinet-dc2-fgt/kind").asText());
        assertTrue(e.at("/simulators/paloalto-panorama-sandbox/panorama").asBoolean(), "a Panorama for conformance");
        assertEquals(PanOsDeviceSpec.DEFAULT_PASSWORD, e.at("/credentials/panos/password").asText());
        assertTrue(e.at("/simulators/paloalto-dc1-pa/url").asText().startsWith("https://127.0.0.1:"));
        assertEquals(dev.gatewarden.sandbox.ec2.Ec2SandboxBinding.ACCESS_KEY, e.at("/credentials/ec2/accessKeyId").asText());
        assertTrue(Files.exists(Path.of(e.path("ca").asText())));

        URI admin = URI.create(e.path("admin").asText());
        HttpResponse<String> queued = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                admin.resolve("/v1/simulators/ec2-aws-sandbox/faults")).POST(HttpRequest.BodyPublishers.ofString(
                "{\"operation\": \"DescribeAddresses\", \"type\": \"throttle\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, queued.statusCode(), queued.body());
        HttpResponse<String> throttled = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(e.at("/simulators/ec2-aws-sandbox/url").asText() + "/")).header("Authorization", "AWS4 x")
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(
                        "Action=DescribeAddresses&Version=2016-11-15")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(503, throttled.statusCode(), throttled.body());

        serve.stop.countDown();
        t.join(20_000);
        assertEquals(0, exit.get());
        for (String state : new String[] {"ec2-aws-sandbox", "paloalto-dc1-pa", "fortinet-dc2-fgt"}) {
            assertTrue(Files.exists(sandbox.resolve(state + ".json")), state + " saved");
        }
        assertTrue(Files.notExists(endpoints), "endpoints.json removed when the sandbox stops");
    }
}
