package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.tls.TlsContexts;
import dev.gatewarden.tls.TlsOptions;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.Instance;

/**
 * Drift on every target kind: after the quickstart converged, an admin edits Gatewarden's objects behind its back
 * through each simulator's own API (PAN-OS XML API with a commit, FortiOS REST, EC2 through the AWS SDK); the
 * next apply records a {@code drift} audit event naming what differed on each, and repairs it.
 */
class DriftCliTest extends SandboxDirTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path QUICKSTART = Path.of("..", "examples", "quickstart.yaml");

    @Test
    void anObjectEditedBehindGatewardensBackIsRecordedAsDriftAndRepaired() throws Exception {
        String audit = dir.resolve("audit.jsonl").toString();
        Cli.Result first = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve",
                "--audit-log", audit);
        assertEquals(0, first.exit(), first.all());

        Map<String, String> edited = new TreeMap<>();
        try (SandboxRuntime rt = SandboxRuntime.serveWorld(null)) {
            HttpClient http = TlsContexts.httpClient("test admin",
                    new TlsOptions(rt.caFile().toString(), null, false), Duration.ofSeconds(5));
            edited.put("dc1-pa", editPanOs(http, URI.create(rt.endpoints().get("paloalto-dc1-pa"))));
            edited.put("dc2-fgt", editFortiOs(http, URI.create(rt.endpoints().get("fortinet-dc2-fgt"))));
            edited.put("aws-sandbox", reassociateElasticIp(URI.create(rt.endpoints().get("ec2-aws-sandbox"))));
            rt.save();
        }

        Cli.Result second = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve",
                "--audit-log", audit);
        assertEquals(0, second.exit(), second.all());

        List<JsonNode> drift = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(audit))) {
            JsonNode n = JSON.readTree(line);
            if (n.get("phase").asText().equals("drift")) {
                drift.add(n);
            }
        }
        Map<String, String> kinds = new TreeMap<>();
        for (JsonNode d : drift) {
            assertEquals("DETECTED", d.get("outcome").asText());
            kinds.put(d.get("target").asText(), d.at("/change/kind").asText());
            assertTrue(d.get("message").asText().contains(edited.get(d.get("target").asText())),
                    "the event names what differed: " + d);
        }
        assertEquals(Map.of("dc1-pa", "object-value", "dc2-fgt", "object-value", "aws-sandbox",
                "public-ip-reassociated"), kinds, drift.toString());
        assertTrue(second.all().contains("drift:"), "logged as well");

        Cli.Result plan = Cli.run("plan", "--sandbox", "-f", QUICKSTART.toString());
        assertEquals(0, plan.exit(), "repaired: nothing left to change\n" + plan.all());
        Cli.Result verify = Cli.run("audit", "verify", audit);
        assertEquals(0, verify.exit(), verify.all());
    }

    /** Sets one owned address object to another IP and commits, as an admin in the web UI would. */
    private static String editPanOs(HttpClient http, URI base) throws Exception {
        String vsys = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']";
        String listing = panos(http, base, Map.of("type", "config", "action", "get", "xpath", vsys + "/address"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("entry name=\"(gw-quickstart-payments-[^\"]+)\"")
                .matcher(listing);
        assertTrue(m.find(), listing);
        String name = m.group(1);
        String set = panos(http, base, Map.of("type", "config", "action", "edit", "xpath",
                vsys + "/address/entry[@name='" + name + "']/ip-netmask",
                "element", "<ip-netmask>192.0.2.77/32</ip-netmask>"));
        assertTrue(set.contains("status=\"success\""), set);
        String commit = panos(http, base, Map.of("type", "commit", "cmd", "<commit></commit>"));
        assertTrue(commit.contains("status=\"success\""), commit);
        java.util.regex.Matcher job = java.util.regex.Pattern.compile("<job>(\\d+)</job>").matcher(commit);
        assertTrue(job.find(), commit);
        String status = "";
        for (int i = 0; i < 50 && !status.contains("<status>FIN</status>"); i++) {
            // the commit is a job: poll it until it is finished, as the web UI does
            status = panos(http, base, Map.of("type", "op", "cmd", "<show><jobs><id>" + job.group(1)
                    + "</id></jobs></show>"));
        }
        assertTrue(status.contains("<result>OK</result>"), status);
        return name;
    }

    private static String panos(HttpClient http, URI base, Map<String, String> params) throws Exception {
        StringBuilder form = new StringBuilder("key=" + SandboxRuntime.PANOS_API_KEY);
        params.forEach((k, v) -> form.append('&').append(k).append('=').append(URLEncoder.encode(v,
                StandardCharsets.UTF_8)));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/api/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(), HttpResponse.BodyHandlers.ofString());
        return r.body();
    }

    /** Points one owned address at another IP through the REST API. */
    private static String editFortiOs(HttpClient http, URI base) throws Exception {
        HttpResponse<String> list = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/cmdb/firewall/address?vdom=root"))
                .header("Authorization", "Bearer " + SandboxRuntime.FORTIOS_TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        String name = null;
        for (JsonNode a : JSON.readTree(list.body()).get("results")) {
            if (a.get("name").asText().startsWith("gw-quickstart-payments-")) {
                name = a.get("name").asText();
            }
        }
        assertTrue(name != null, list.body());
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(base.resolve("/api/v2/cmdb/firewall/address/"
                        + URLEncoder.encode(name, StandardCharsets.UTF_8) + "?vdom=root"))
                .header("Authorization", "Bearer " + SandboxRuntime.FORTIOS_TOKEN)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"subnet\":\"192.0.2.78 255.255.255.255\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, put.statusCode(), put.body());
        return name;
    }

    /** Re-associates one owned Elastic IP with its instance's primary private IP, as someone with the console would. */
    private static String reassociateElasticIp(URI endpoint) {
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(endpoint).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
                        SandboxRuntime.AWS_ACCESS_KEY, SandboxRuntime.AWS_SECRET_KEY))).build()) {
            Address eip = ec2.describeAddresses(b -> b.filters(f -> f.name("tag:gatewarden-owner").values("quickstart")))
                    .addresses().stream().filter(a -> a.networkInterfaceId() != null).findFirst().orElseThrow();
            Instance instance = ec2.describeInstances(b -> b.instanceIds(eip.instanceId())).reservations().get(0)
                    .instances().get(0);
            ec2.associateAddress(b -> b.allocationId(eip.allocationId()).networkInterfaceId(eip.networkInterfaceId())
                    .privateIpAddress(instance.privateIpAddress()).allowReassociation(true));
            return eip.publicIp();
        }
    }
}
