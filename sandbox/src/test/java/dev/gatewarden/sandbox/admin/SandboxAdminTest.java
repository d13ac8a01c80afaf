package dev.gatewarden.sandbox.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Faults and latency queued over the admin endpoint's HTTP API reach the simulators' wire behaviour. */
class SandboxAdminTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String AUTH = "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ec2/aws4_request";
    private Ec2Simulator ec2;
    private PanOsSimulator panos;
    private SandboxAdmin admin;
    private URI adminUri;

    @BeforeEach
    void start() {
        ec2 = new Ec2Simulator(Ec2World.defaultWorld());
        ec2.start(false);
        panos = new PanOsSimulator(PanOsDeviceSpec.firewall("fw", "key"));
        panos.start(true);
        Map<String, HttpSimulator> sims = new LinkedHashMap<>();
        sims.put("ec2-aws", ec2);
        sims.put("paloalto-fw", panos);
        admin = new SandboxAdmin(sims);
        adminUri = admin.start(0);
    }

    @AfterEach
    void stop() {
        admin.close();
        ec2.close();
        panos.close();
    }

    private HttpResponse<String> admin(String method, String path, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(adminUri.resolve(path))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return HTTP.send(b.header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> ec2(String action) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(ec2.baseUri().resolve("/")).header("Authorization", AUTH)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("Action=" + action + "&Version=2016-11-15")).build();
        return HTTP.send(r, HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void listsSimulatorsAndQueuesThrottlingByKind() throws Exception {
        JsonNode all = JSON.readTree(admin("GET", "/v1/simulators", null).body());
        assertEquals(ec2.baseUri().toString(), all.at("/simulators/ec2-aws/url").asText());
        assertEquals("panos", all.at("/simulators/paloalto-fw/kind").asText());

        HttpResponse<String> queued = admin("POST", "/v1/simulators/ec2/faults",
                "{\"operation\": \"DescribeAddresses\", \"type\": \"throttle\", \"times\": 2}");
        assertEquals(200, queued.statusCode(), queued.body());
        assertEquals(2, JSON.readTree(queued.body()).at("/queuedFaults/DescribeAddresses").asInt());
        for (int i = 0; i < 2; i++) {
            HttpResponse<String> r = ec2("DescribeAddresses");
            assertEquals(503, r.statusCode());
            assertTrue(r.body().contains("<Code>RequestLimitExceeded</Code>"), r.body());
        }
        assertEquals(200, ec2("DescribeAddresses").statusCode());
        assertEquals(3, JSON.readTree(admin("GET", "/v1/simulators/ec2-aws/calls", null).body())
                .path("DescribeAddresses").asInt());
    }

    @Test
    void lostResponseAppliesTheWriteAndDropsTheAnswer() throws Exception {
        assertEquals(200, admin("POST", "/v1/simulators/ec2-aws/faults",
                "{\"operation\": \"AllocateAddress\", \"type\": \"lost-response\"}").statusCode());
        assertThrows(IOException.class, () -> ec2("AllocateAddress"));
        assertEquals(1, ec2.state().addresses.size(), "the write took effect");

        assertEquals(200, admin("POST", "/v1/simulators/ec2-aws/faults",
                "{\"operation\": \"AllocateAddress\", \"type\": \"drop\"}").statusCode());
        assertThrows(IOException.class, () -> ec2("AllocateAddress"));
        assertEquals(1, ec2.state().addresses.size(), "a dropped request changes nothing");

        assertEquals(200, admin("POST", "/v1/simulators/ec2-aws/faults", "{\"operation\": \"*\", \"type\": \"error\", "
                + "\"status\": 500, \"code\": \"InternalError\", \"message\": \"injected\"}").statusCode());
        HttpResponse<String> failed = ec2("DescribeInstances");
        assertEquals(500, failed.statusCode());
        assertTrue(failed.body().contains("<Code>InternalError</Code>"), failed.body());
    }

    @Test
    void latencyPerOperationAndClearing() throws Exception {
        assertEquals(200, admin("PUT", "/v1/simulators/ec2-aws/latency",
                "{\"operation\": \"DescribeInstances\", \"ms\": 300}").statusCode());
        long t0 = System.nanoTime();
        ec2("DescribeInstances");
        long slow = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        ec2("DescribeAddresses");
        long fast = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(slow >= 300, "DescribeInstances took " + slow + " ms");
        assertTrue(fast < 300, "DescribeAddresses took " + fast + " ms");

        admin("POST", "/v1/simulators/ec2-aws/faults", "{\"type\": \"throttle\", \"times\": 5}");
        assertEquals(200, admin("DELETE", "/v1/simulators/ec2-aws/faults", null).statusCode());
        assertEquals(200, ec2("DescribeAddresses").statusCode());
        t0 = System.nanoTime();
        ec2("DescribeInstances");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 300, "latency cleared");
    }

    @Test
    void consistencyLagAndPanOsStateFaults() throws Exception {
        assertEquals(200, admin("PUT", "/v1/simulators/ec2/consistency-lag", "{\"ms\": 60000}").statusCode());
        ec2("AllocateAddress");
        assertTrue(!ec2("DescribeAddresses").body().contains("<allocationId>"), "the new address is not visible yet");
        assertEquals(400, admin("PUT", "/v1/simulators/panos/consistency-lag", "{\"ms\": 5}").statusCode());

        assertEquals(200, admin("POST", "/v1/simulators/panos/faults",
                "{\"type\": \"lock-held\", \"scope\": \"config\", \"admin\": \"other-admin\"}").statusCode());
        assertTrue(panos.locked(() -> panos.snapshot().toString()).contains("other-admin"), "the lock is held");
        assertEquals(200, admin("POST", "/v1/simulators/panos/faults",
                "{\"type\": \"commit-failure\", \"message\": \"Validation Error: injected\"}").statusCode());
        assertEquals(400, admin("POST", "/v1/simulators/ec2/faults", "{\"type\": \"commit-failure\"}").statusCode());
    }

    @Test
    void refusesBadRequestsWithAReason() throws Exception {
        HttpResponse<String> noType = admin("POST", "/v1/simulators/ec2/faults", "{}");
        assertEquals(400, noType.statusCode());
        assertTrue(noType.body().contains("'type' is required"), noType.body());
        assertEquals(404, admin("POST", "/v1/simulators/nope/faults", "{\"type\": \"drop\"}").statusCode());
        assertEquals(400, admin("POST", "/v1/simulators/ec2/faults", "not json").statusCode());
        assertEquals(400, admin("POST", "/v1/simulators/ec2/faults", "{\"type\": \"meteor\"}").statusCode());
        assertEquals(405, admin("GET", "/v1/simulators/ec2/latency", null).statusCode());

        try (java.net.Socket s = new java.net.Socket("127.0.0.1", adminUri.getPort())) {
            s.getOutputStream().write(("GET /v1/simulators HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            String reply = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            assertTrue(reply.startsWith("HTTP/1.1 403"), "a rebound Host is refused: " + reply);
        }
    }

    @Test
    void endpointsFileListsEverything(@TempDir Path dir) throws Exception {
        Path ca = dir.resolve("ca.pem");
        Files.writeString(ca, "pem");
        Path file = SandboxEndpoints.write(dir, Map.of("ec2-aws", ec2), ca,
                Map.of("ec2", Map.of("accessKeyId", "AKID")), adminUri);
        JsonNode e = JSON.readTree(file.toFile());
        assertEquals(ec2.baseUri().toString(), e.at("/simulators/ec2-aws/url").asText());
        assertEquals("eu-west-1", e.at("/simulators/ec2-aws/region").asText());
        assertEquals(adminUri.toString(), e.path("admin").asText());
        assertEquals(ca.toAbsolutePath().toString(), e.path("ca").asText());
        assertEquals("AKID", e.at("/credentials/ec2/accessKeyId").asText());
        SandboxEndpoints.remove(dir);
        assertTrue(Files.notExists(file));
    }
}
