package dev.gatewarden.sandbox.arm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.SandboxTls;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The ARM simulator over HTTPS with the JDK client, checked against the shapes of the REST reference and the
 * azure-rest-api-specs 2025-03-01 examples (NetworkInterfaceGet, PublicIpAddressCreateCustomizedValues,
 * PublicIpAddressDelete) and the documented error codes. The Azure SDK itself drives it in providers/azure.
 */
class ArmSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API = "?api-version=" + ArmSimulator.NETWORK_API;
    private ArmSimulator sim;
    private HttpClient http;
    private String rg;

    @BeforeEach
    void start() {
        sim = ArmSimulator.withDefaultWorld();
        sim.start(true);
        http = HttpClient.newBuilder().sslContext(SandboxTls.clientContext()).build();
        rg = "/subscriptions/" + sim.state().subscriptionId + "/resourceGroups/gateways/providers/Microsoft.Network/";
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private record Answer(int status, JsonNode body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        String code() {
            return body.path("error").path("code").asText();
        }
    }

    private Answer call(String method, String pathOrUrl, Object body, Map<String, String> headers) throws Exception {
        URI uri = pathOrUrl.startsWith("https://") ? URI.create(pathOrUrl) : URI.create(sim.endpoint() + pathOrUrl.substring(1));
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + ArmWorld.STATIC_TOKEN)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        headers.forEach(b::setHeader);
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode parsed = r.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(r.body());
        return new Answer(r.statusCode(), parsed, r);
    }

    private Answer call(String method, String path, Object body) throws Exception {
        return call(method, path, body, Map.of());
    }

    /** Polls the Azure-AsyncOperation URL to the end; returns the statuses seen. */
    private java.util.List<String> pollToEnd(Answer accepted) throws Exception {
        String url = accepted.header("Azure-AsyncOperation");
        assertNotNull(url, "Azure-AsyncOperation header");
        assertTrue(Integer.parseInt(accepted.header("Retry-After")) >= 1);
        java.util.List<String> seen = new java.util.ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Answer a = call("GET", url, null);
            seen.add(a.body().path("status").asText());
            if (!a.body().path("status").asText().equals("InProgress")) {
                return seen;
            }
        }
        return seen;
    }

    private ObjectNode secondary(ObjectNode nic, String name, String ip, String pipId) {
        ArrayNode configs = (ArrayNode) nic.path("properties").path("ipConfigurations");
        ObjectNode c = configs.addObject();
        c.put("name", name);
        ObjectNode p = c.putObject("properties");
        p.put("primary", false).put("privateIPAllocationMethod", ip == null ? "Dynamic" : "Static");
        if (ip != null) {
            p.put("privateIPAddress", ip);
        }
        p.set("subnet", configs.get(0).path("properties").path("subnet").deepCopy());
        if (pipId != null) {
            p.putObject("publicIPAddress").put("id", pipId);
        }
        return nic;
    }

    @Test
    void refusesAMissingOrUnknownApiVersionAndAMissingToken() throws Exception {
        Answer missing = call("GET", rg + "networkInterfaces/gw-1-nic", null);
        assertEquals(400, missing.status());
        assertEquals("MissingApiVersionParameter", missing.code());
        Answer unknown = call("GET", rg + "networkInterfaces/gw-1-nic?api-version=2099-01-01", null);
        assertEquals("NoRegisteredProviderFound", unknown.code());
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint()
                + rg.substring(1) + "networkInterfaces/gw-1-nic" + API)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, anonymous.statusCode());
        assertTrue(anonymous.body().contains("AuthenticationFailed"));
    }

    @Test
    void tokenEndpointIssuesTokensForKnownClientsOnly() throws Exception {
        String tenant = sim.state().tenantId;
        HttpRequest good = HttpRequest.newBuilder(URI.create(sim.endpoint() + tenant + "/oauth2/v2.0/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + ArmWorld.CLIENT_ID
                        + "&client_secret=" + ArmWorld.CLIENT_SECRET + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"))
                .build();
        JsonNode token = JSON.readTree(http.send(good, HttpResponse.BodyHandlers.ofString()).body());
        assertEquals("Bearer", token.path("token_type").asText());
        HttpResponse<String> nic = http.send(HttpRequest.newBuilder(URI.create(sim.endpoint() + rg.substring(1)
                + "networkInterfaces/gw-1-nic" + API)).header("Authorization", "Bearer " + token.path("access_token").asText())
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, nic.statusCode());
        HttpRequest bad = HttpRequest.newBuilder(good.uri()).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&client_id=" + ArmWorld.CLIENT_ID
                        + "&client_secret=wrong")).build();
        HttpResponse<String> refused = http.send(bad, HttpResponse.BodyHandlers.ofString());
        assertEquals(401, refused.statusCode());
        assertEquals("invalid_client", JSON.readTree(refused.body()).path("error").asText());
    }

    @Test
    void nicGetHasTheReferenceShapeAndIdsAreCaseInsensitive() throws Exception {
        Answer a = call("GET", rg.toLowerCase() + "NETWORKINTERFACES/GW-1-NIC" + API, null);
        assertEquals(200, a.status());
        JsonNode nic = a.body();
        assertEquals("gw-1-nic", nic.path("name").asText());
        assertEquals("Microsoft.Network/networkInterfaces", nic.path("type").asText());
        assertTrue(nic.path("etag").asText().startsWith("W/\""));
        JsonNode c = nic.path("properties").path("ipConfigurations").get(0);
        assertEquals(nic.path("id").asText() + "/ipConfigurations/ipconfig1", c.path("id").asText());
        assertTrue(c.path("properties").path("primary").asBoolean());
        assertEquals("10.20.1.4", c.path("properties").path("privateIPAddress").asText());
        assertTrue(nic.path("properties").path("virtualMachine").path("id").asText().endsWith("/virtualMachines/gw-1"));
    }

    @Test
    void nicPutIsALongRunningOperationWithEtagsAndTheDocumentedRefusals() throws Exception {
        String path = rg + "networkInterfaces/gw-1-nic" + API;
        ObjectNode nic = (ObjectNode) call("GET", path, null).body();
        String etag = nic.path("etag").asText();
        Answer put = call("PUT", path, secondary(nic.deepCopy(), "egress-0", "10.20.1.50", null), Map.of("If-Match", etag));
        assertEquals(200, put.status());
        assertEquals("Updating", put.body().path("properties").path("provisioningState").asText());
        assertEquals(java.util.List.of("InProgress", "InProgress", "Succeeded"), pollToEnd(put));
        JsonNode after = call("GET", path, null).body();
        assertEquals("Succeeded", after.path("properties").path("provisioningState").asText());
        assertEquals("10.20.1.50", after.path("properties").path("ipConfigurations").get(1).path("properties")
                .path("privateIPAddress").asText());

        Answer stale = call("PUT", path, nic, Map.of("If-Match", etag));
        assertEquals(412, stale.status());
        assertEquals("PreconditionFailed", stale.code());

        ObjectNode other = (ObjectNode) call("GET", rg + "networkInterfaces/gw-2-nic" + API, null).body();
        Answer taken = call("PUT", rg + "networkInterfaces/gw-2-nic" + API, secondary(other, "x", "10.20.1.50", null));
        assertEquals("PrivateIPAddressInUse", taken.code());

        ObjectNode twoPrimaries = secondary(other.deepCopy(), "y", null, null);
        ((ObjectNode) twoPrimaries.path("properties").path("ipConfigurations").get(0).path("properties")).put("primary", false);
        ArrayNode configs = (ArrayNode) twoPrimaries.path("properties").path("ipConfigurations");
        configs.remove(1);
        assertEquals("NetworkInterfaceMustHaveOneOneIPConfigAsPrimary",
                call("PUT", rg + "networkInterfaces/gw-2-nic" + API, twoPrimaries).code());

        sim.update(s -> s.ipConfigurationsPerNic = 2);
        ObjectNode three = secondary(secondary(call("GET", path, null).body().deepCopy(), "a", null, null), "b", null, null);
        Answer tooMany = call("PUT", path, three);
        assertEquals(400, tooMany.status());
        assertTrue(tooMany.body().path("error").path("message").asText().contains("at most 2"));
    }

    @Test
    void publicIpLifecycleQuotaAssociationAndDeleteOrdering() throws Exception {
        ObjectNode body = JSON.createObjectNode().put("location", "westeurope");
        body.putArray("zones").add("1").add("2").add("3");
        body.putObject("tags").put("gatewarden-owner", "demo");
        body.putObject("sku").put("name", "Standard").put("tier", "Regional");
        body.putObject("properties").put("publicIPAllocationMethod", "Static").put("publicIPAddressVersion", "IPv4");
        Answer created = call("PUT", rg + "publicIPAddresses/gw-demo-0" + API, body);
        assertEquals(201, created.status());
        pollToEnd(created);
        JsonNode pip = call("GET", rg + "publicIPAddresses/gw-demo-0" + API, null).body();
        assertEquals("Succeeded", pip.path("properties").path("provisioningState").asText());
        assertEquals("demo", pip.path("tags").path("gatewarden-owner").asText());
        assertFalse(pip.path("properties").path("ipAddress").asText().isEmpty());

        String nicPath = rg + "networkInterfaces/gw-1-nic" + API;
        ObjectNode nic = (ObjectNode) call("GET", nicPath, null).body();
        pollToEnd(call("PUT", nicPath, secondary(nic, "egress-0", null, pip.path("id").asText())));
        JsonNode associated = call("GET", rg + "publicIPAddresses/gw-demo-0" + API, null).body();
        assertTrue(associated.path("properties").path("ipConfiguration").path("id").asText().endsWith("/ipConfigurations/egress-0"));

        Answer refused = call("DELETE", rg + "publicIPAddresses/gw-demo-0" + API, null);
        assertEquals(400, refused.status());
        assertEquals("PublicIPAddressCannotBeDeleted", refused.code());

        ObjectNode detached = (ObjectNode) call("GET", nicPath, null).body();
        ((ArrayNode) detached.path("properties").path("ipConfigurations")).remove(1);
        pollToEnd(call("PUT", nicPath, detached));
        Answer deleting = call("DELETE", rg + "publicIPAddresses/gw-demo-0" + API, null);
        assertEquals(202, deleting.status());
        String location = deleting.header("Location");
        assertTrue(location.contains("/operationResults/"));
        assertEquals(202, call("GET", location, null).status());
        assertEquals(202, call("GET", location, null).status());
        assertEquals(204, call("GET", location, null).status());
        assertEquals(404, call("GET", rg + "publicIPAddresses/gw-demo-0" + API, null).status());
        assertEquals(204, call("DELETE", rg + "publicIPAddresses/gw-demo-0" + API, null).status());

        sim.update(s -> s.publicIpQuota = 1); // the foreign public IP already counts
        Answer quota = call("PUT", rg + "publicIPAddresses/gw-demo-1" + API, body);
        assertEquals("PublicIPCountLimitReached", quota.code());
        assertTrue(quota.body().path("error").path("message").asText().contains("Cannot create more than 1"));
    }

    @Test
    void listsArePagedWithNextLink() throws Exception {
        sim.update(s -> s.pageSize = 2);
        Answer first = call("GET", rg + "networkInterfaces" + API, null);
        assertEquals(2, first.body().path("value").size());
        int total = first.body().path("value").size();
        String next = first.body().path("nextLink").asText(null);
        while (next != null) {
            Answer page = call("GET", next, null);
            total += page.body().path("value").size();
            next = page.body().path("nextLink").asText(null);
        }
        assertEquals(4, total); // gw-1, gw-2, gw-nat-1, flex-gw_1 (the Uniform instance's NIC lives under Compute)
    }

    @Test
    void subnetsShowTheirNatGatewayAndScaleSetNicsUseTheirOwnApiVersion() throws Exception {
        JsonNode natted = call("GET", rg + "virtualNetworks/gateways-vnet/subnets/natted" + API, null).body();
        assertTrue(natted.path("properties").path("natGateway").path("id").asText().endsWith("/natGateways/egress-nat"));
        JsonNode nodes = call("GET", rg + "virtualNetworks/gateways-vnet/subnets/nodes" + API, null).body();
        assertTrue(nodes.path("properties").path("natGateway").isMissingNode());
        String ss = rg.replace("Microsoft.Network/", "Microsoft.Compute/virtualMachineScaleSets/uniform-ss/virtualMachines/0/networkInterfaces");
        assertEquals(400, call("GET", ss + API, null).status());
        Answer nics = call("GET", ss + "?api-version=" + ArmSimulator.SCALE_SET_NIC_API, null);
        assertEquals(1, nics.body().path("value").size());
        JsonNode vm = call("GET", rg.replace("Microsoft.Network/", "Microsoft.Compute/virtualMachines/gw-1")
                + "?api-version=" + ArmSimulator.COMPUTE_API, null).body();
        assertTrue(vm.path("properties").path("networkProfile").path("networkInterfaces").get(0).path("properties")
                .path("primary").asBoolean());
    }

    @Test
    void faultsThrottlingAsyncFailuresDeniedActionsAndBusyResources() throws Exception {
        sim.faults().inject("NetworkInterfaces_Get", Fault.throttle());
        Answer throttled = call("GET", rg + "networkInterfaces/gw-1-nic" + API, null);
        assertEquals(429, throttled.status());
        assertTrue(Integer.parseInt(throttled.header("Retry-After")) >= 1);

        String path = rg + "networkInterfaces/gw-1-nic" + API;
        ObjectNode nic = (ObjectNode) call("GET", path, null).body();
        sim.faults().inject(ArmSimulator.asyncFailure("NetworkInterfaces_CreateOrUpdate"),
                Fault.error(0, "InternalServerError", "An error occurred."));
        Answer put = call("PUT", path, secondary(nic.deepCopy(), "egress-0", null, null));
        Answer busy = call("PUT", path, nic);
        assertEquals(429, busy.status());
        assertEquals("RetryableErrorDueToAnotherOperation", busy.code());
        Answer last = null;
        for (int i = 0; i < 5; i++) {
            last = call("GET", put.header("Azure-AsyncOperation"), null);
        }
        assertEquals("Failed", last.body().path("status").asText());
        assertEquals("InternalServerError", last.body().path("error").path("code").asText());
        assertEquals(1, call("GET", path, null).body().path("properties").path("ipConfigurations").size());

        sim.update(s -> s.deniedActions.add("Microsoft.Network/publicIPAddresses/join/action"));
        Answer linked = call("PUT", path, secondary(nic.deepCopy(), "e", null, rg + "publicIPAddresses/app-frontend-ip"));
        assertEquals(403, linked.status());
        assertEquals("LinkedAuthorizationFailed", linked.code());
        sim.update(s -> s.deniedActions.add("Microsoft.Network/publicIPAddresses/delete"));
        Answer denied = call("DELETE", rg + "publicIPAddresses/app-frontend-ip" + API, null);
        assertEquals("AuthorizationFailed", denied.code());
        assertTrue(denied.body().path("error").path("message").asText().contains("Microsoft.Network/publicIPAddresses/delete"));
    }

    @Test
    void writeBudgetAnswers429WithRemainingHeaders() throws Exception {
        Answer read = call("GET", rg + "publicIPAddresses" + API, null);
        assertNotNull(read.header("x-ms-ratelimit-remaining-subscription-reads"));
        sim.update(s -> s.writesPerWindow = 1);
        ObjectNode tags = JSON.createObjectNode();
        tags.putObject("tags").put("app", "frontend");
        assertEquals(200, call("PATCH", rg + "publicIPAddresses/app-frontend-ip" + API, tags).status());
        Answer over = call("PATCH", rg + "publicIPAddresses/app-frontend-ip" + API, tags);
        assertEquals(429, over.status());
        assertEquals("SubscriptionRequestsThrottled", over.code());
    }

    @Test
    void snapshotRestoresTheState() throws Exception {
        JsonNode before = sim.snapshot();
        String path = rg + "networkInterfaces/gw-1-nic" + API;
        pollToEnd(call("PUT", path, secondary((ObjectNode) call("GET", path, null).body(), "egress-0", null, null)));
        assertEquals(2, call("GET", path, null).body().path("properties").path("ipConfigurations").size());
        sim.restore(before);
        assertEquals(1, call("GET", path, null).body().path("properties").path("ipConfigurations").size());
    }
}
