package dev.gatewarden.sandbox.gce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Compute simulator on the wire, through the JDK HTTP client: shapes the REST reference gives. */
class GceSimulatorTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String P = "/compute/v1/projects/gatewarden-sandbox";
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    GceSimulator sim;
    URI base;

    @BeforeEach
    void start() {
        sim = GceSimulator.withDefaultWorld();
        base = sim.start(false);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    record Answer(int status, JsonNode body) {
    }

    Answer send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(5))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    JsonNode done(JsonNode op) throws Exception {
        String link = op.get("selfLink").asText();
        String path = link.substring(link.indexOf("/compute/v1/"));
        JsonNode cur = op;
        for (int i = 0; i < 10 && !cur.get("status").asText().equals("DONE"); i++) {
            cur = send("POST", path + "/wait", null).body();
        }
        return cur;
    }

    @Test
    void errorsUseTheGoogleEnvelope() throws Exception {
        Answer a = send("GET", P + "/regions/us-central1/addresses/nope", null);
        assertEquals(404, a.status());
        assertEquals(404, a.body().at("/error/code").asInt());
        assertEquals("notFound", a.body().at("/error/errors/0/reason").asText());
        assertEquals("global", a.body().at("/error/errors/0/domain").asText());
        assertEquals("The resource 'projects/gatewarden-sandbox/regions/us-central1/addresses/nope' was not found",
                a.body().at("/error/message").asText());
    }

    @Test
    void insertAnswersAnOperationThatBecomesDoneAndRequestIdIsIdempotent() throws Exception {
        String id = UUID.randomUUID().toString();
        String body = "{\"name\":\"gwd-o-g-0\",\"description\":\"d\",\"labels\":{\"a\":\"b\"}}";
        Answer first = send("POST", P + "/regions/us-central1/addresses?requestId=" + id, body);
        assertEquals(200, first.status());
        assertEquals("compute#operation", first.body().get("kind").asText());
        assertEquals("PENDING", first.body().get("status").asText());
        assertEquals("insert", first.body().get("operationType").asText());
        Answer again = send("POST", P + "/regions/us-central1/addresses?requestId=" + id, body);
        assertEquals(first.body().get("name"), again.body().get("name"), "same requestId, same operation");
        JsonNode op = done(first.body());
        assertEquals("DONE", op.get("status").asText());
        assertFalse(op.has("error"));
        JsonNode address = send("GET", P + "/regions/us-central1/addresses/gwd-o-g-0", null).body();
        assertEquals("RESERVED", address.get("status").asText());
        assertEquals("EXTERNAL", address.get("addressType").asText());
        assertFalse(address.has("labels"), "insert does not set labels");
        assertEquals(1, sim.state().addresses.size());
        assertEquals(400, send("POST", P + "/regions/us-central1/addresses?requestId="
                + new UUID(0, 0), body).status(), "a zero UUID is refused");
        assertEquals(409, send("POST", P + "/regions/us-central1/addresses", body).body().at("/error/code").asInt());
    }

    @Test
    void setLabelsNeedsTheCurrentFingerprintAndValidLabels() throws Exception {
        done(send("POST", P + "/regions/us-central1/addresses", "{\"name\":\"a1\"}").body());
        String fp = send("GET", P + "/regions/us-central1/addresses/a1", null).body().get("labelFingerprint").asText();
        String path = P + "/regions/us-central1/addresses/a1/setLabels";
        Answer bad = send("POST", path, "{\"labels\":{\"Upper\":\"x\"},\"labelFingerprint\":\"" + fp + "\"}");
        assertEquals(400, bad.status());
        done(send("POST", path, "{\"labels\":{\"owner\":\"x\"},\"labelFingerprint\":\"" + fp + "\"}").body());
        Answer stale = send("POST", path, "{\"labels\":{\"owner\":\"y\"},\"labelFingerprint\":\"" + fp + "\"}");
        assertEquals(412, stale.status());
        assertEquals("conditionNotMet", stale.body().at("/error/errors/0/reason").asText());
    }

    @Test
    void listFiltersInEitherSyntaxButNotBothAndPages() throws Exception {
        for (String n : new String[] {"gwd-a-x-0", "gwd-a-x-1", "gwd-b-x-0"}) {
            done(send("POST", P + "/regions/us-central1/addresses", "{\"name\":\"" + n + "\"}").body());
        }
        String list = P + "/regions/us-central1/addresses";
        assertEquals(2, send("GET", list + "?filter=" + q("name eq \"gwd-a-.*\""), null).body().get("items").size());
        assertEquals(1, send("GET", list + "?filter=" + q("(name = \"gwd-b-x-0\") AND (status = \"RESERVED\")"), null)
                .body().get("items").size());
        assertEquals(400, send("GET", list + "?filter=" + q("name eq \"gwd-a-.*\" AND status = RESERVED"), null)
                .status());
        JsonNode page1 = send("GET", list + "?maxResults=2", null).body();
        assertEquals(2, page1.get("items").size());
        JsonNode page2 = send("GET", list + "?maxResults=2&pageToken=" + page1.get("nextPageToken").asText(), null)
                .body();
        assertEquals(1, page2.get("items").size());
        assertFalse(page2.has("nextPageToken"));
        assertEquals(400, send("GET", list + "?pageToken=garbage", null).status());
        assertEquals(400, send("GET", list + "?maxResults=501", null).status());
        assertEquals("compute#addressList", page2.get("kind").asText());
    }

    @Test
    void updateNetworkInterfaceArrivesAsPostWithMethodOverride() throws Exception {
        String inst = P + "/zones/us-central1-a/instances/gw-node-a";
        String fp = send("GET", inst, null).body().at("/networkInterfaces/0/fingerprint").asText();
        String body = "{\"fingerprint\":\"" + fp + "\",\"aliasIpRanges\":[{\"ipCidrRange\":\"10.4.16.7/32\","
                + "\"subnetworkRangeName\":\"egress\"}]}";
        Answer op = send("POST", inst + "/updateNetworkInterface?networkInterface=nic0", body,
                "X-HTTP-Method-Override", "PATCH");
        assertEquals(200, op.status());
        assertTrue(op.body().get("zone").asText().endsWith("/zones/us-central1-a"));
        assertEquals("DONE", done(op.body()).get("status").asText());
        JsonNode nic = send("GET", inst, null).body().at("/networkInterfaces/0");
        assertEquals("10.4.16.7/32", nic.at("/aliasIpRanges/0/ipCidrRange").asText());
        Answer stale = send("PATCH", inst + "/updateNetworkInterface?networkInterface=nic0", body);
        assertEquals(412, stale.status());
        assertEquals(404, send("POST", inst + "/updateNetworkInterface?networkInterface=nic0", body).status(),
                "a plain POST is not updateNetworkInterface");
    }

    @Test
    void routerPatchValidatesNatsAndMarksAddressesInUse() throws Exception {
        done(send("POST", P + "/regions/us-central1/addresses", "{\"name\":\"nat-ip\"}").body());
        String ip = "projects/gatewarden-sandbox/regions/us-central1/addresses/nat-ip";
        String router = P + "/regions/us-central1/routers/gw-router";
        String subnets = ",\"sourceSubnetworkIpRangesToNat\":\"LIST_OF_SUBNETWORKS\",\"subnetworks\":[{\"name\":"
                + "\"gateways\",\"sourceIpRangesToNat\":[\"LIST_OF_SECONDARY_IP_RANGES\"],"
                + "\"secondaryIpRangeNames\":[\"egress\"]}]";
        String auto = "{\"nats\":[{\"name\":\"n\",\"natIpAllocateOption\":\"AUTO_ONLY\",\"natIps\":[\"" + ip
                + "\"]" + subnets + "}]}";
        assertEquals(400, send("PATCH", router, auto).status(), "AUTO_ONLY takes no natIps");
        String mixed = "{\"nats\":[{\"name\":\"n\",\"natIpAllocateOption\":\"MANUAL_ONLY\"" + subnets
                + ",\"rules\":[{\"ruleNumber\":1,\"match\":\"source.ip == '10.4.16.7' || destination.ip =="
                + " '198.51.100.1'\",\"action\":{\"sourceNatActiveIps\":[\"" + ip + "\"]}}]}]}";
        assertEquals(400, send("PATCH", router, mixed).status(), "source and destination cannot mix");
        String drain = "{\"nats\":[{\"name\":\"n\",\"natIpAllocateOption\":\"MANUAL_ONLY\",\"drainNatIps\":[\""
                + ip + "\"]" + subnets + "}]}";
        assertEquals(400, send("PATCH", router, drain).status(), "only IPs the NAT had can drain");
        String good = "{\"nats\":[{\"name\":\"n\",\"natIpAllocateOption\":\"MANUAL_ONLY\",\"natIps\":[\"" + ip
                + "\"]" + subnets + "}]}";
        Answer op = send("POST", router, good, "X-HTTP-Method-Override", "PATCH");
        assertEquals(200, op.status(), String.valueOf(op.body()));
        done(op.body());
        JsonNode nat = send("GET", router, null).body().at("/nats/0");
        assertEquals("https://www.googleapis.com/compute/v1/" + ip, nat.at("/natIps/0").asText());
        assertTrue(nat.at("/subnetworks/0/name").asText().endsWith("/regions/us-central1/subnetworks/gateways"));
        JsonNode address = send("GET", "/compute/v1/" + ip, null).body();
        assertEquals("IN_USE", address.get("status").asText());
        assertTrue(address.at("/users/0").asText().endsWith("/routers/gw-router"));
        assertEquals("resourceInUseByAnotherResource",
                send("DELETE", "/compute/v1/" + ip, null).body().at("/error/errors/0/reason").asText());
    }

    @Test
    void snapshotAndRestoreKeepTheWorld() throws Exception {
        done(send("POST", P + "/regions/us-central1/addresses", "{\"name\":\"kept\"}").body());
        JsonNode snap = sim.snapshot();
        GceSimulator other = new GceSimulator(new GceState());
        other.restore(snap);
        assertEquals(sim.state().addresses.keySet(), other.state().addresses.keySet());
        assertEquals(2, other.state().instances.size());
    }
}
