package dev.gatewarden.cdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.apply.Executor;
import dev.gatewarden.aws.AwsCloudProviderFactory;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2State;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The division of labour end to end on the AWS sandbox: the stack renders the Elastic IPs; "terraform apply" is
 * played by seeding the EC2 simulator with Elastic IPs carrying exactly the tags the stack renders; the engine
 * (Reconciler: observe, Planner, Executor, with the real AWS provider over the SDK) finds them by tags, attaches
 * them, moves nothing it should not, and never allocates or releases one, not even when the gateway shrinks or
 * goes away.
 */
class TerraformReservationAttachTest {
    static final String OWNER = "prod-eu-1";
    static final String CLOUD = "aws-prod";
    static final String VPC = "vpc-0000000000000000a";
    static final String SUBNET = "subnet-0000000000000000a";
    static final String NODE_1 = "i-00000000000000001";
    static final String NODE_2 = "i-00000000000000002";

    static String config(int addresses) {
        return """
                owner: prod-eu-1
                clouds:
                  - {name: aws-prod, provider: aws, region: eu-west-1}
                firewalls:
                  - {name: dc1-pa, type: paloalto, url: https://pa-dc1.corp.example, apiKey: "${env:PANOS_API_KEY}"}
                gateways:
                  - name: payments
                    cloud: aws-prod
                    addresses: %d
                    public: true
                    reservation: external
                    nodes: [aws:///eu-west-1a/%s, aws:///eu-west-1a/%s]
                    publish:
                      - {firewall: dc1-pa, addresses: public}
                """.formatted(addresses, NODE_1, NODE_2);
    }

    @TempDir
    Path dir;
    Ec2Simulator sim;
    CloudProvider provider;
    Reconciler reconciler;

    @BeforeEach
    void world() {
        Ec2World world = Ec2World.region("eu-west-1").vpc(VPC, "10.0.0.0/16")
                .subnet(SUBNET, VPC, "10.0.1.0/24", "eu-west-1a")
                .instance(NODE_1, "m5.large", "eu-west-1a", SUBNET, "10.0.1.11")
                .instance(NODE_2, "m5.large", "eu-west-1a", SUBNET, "10.0.1.12");
        sim = new Ec2Simulator(world);
        sim.start(false);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("region", "eu-west-1");
        settings.put("endpoint", sim.baseUri().toString());
        settings.put("accessKeyId", new Secret("${env:AWS_TEST_KEY}", "AKIDSANDBOX"));
        settings.put("secretAccessKey", new Secret("${env:AWS_TEST_SECRET}", "sandbox-secret"));
        provider = new AwsCloudProviderFactory().create(CLOUD, Settings.of("clouds[" + CLOUD + "]", settings),
                new PluginContext(OWNER, new CallRecorder(), Clock.systemUTC()));
        reconciler = new Reconciler(Map.of(CLOUD, provider), Map.of(), new Executor());
    }

    @AfterEach
    void close() throws Exception {
        provider.close();
        sim.close();
    }

    Reconciler.Round round(GatewardenConfig c, boolean allowDeletions) {
        DesiredState desired = c.desiredState();
        ExecutionContext ctx = ExecutionContext.builder(OWNER).cloud(provider).naming(Map.of("dc1-pa", NameTemplate.DEFAULT))
                .build();
        Reconciler.Round r = reconciler.reconcileOnce(desired, new PlannerOptions(c.maxDeleteFraction(), allowDeletions), ctx);
        assertNoAllocationOrRelease(r.planned().plan());
        return r;
    }

    static void assertNoAllocationOrRelease(Plan p) {
        assertTrue(p.changes().stream().noneMatch(c -> c instanceof CloudChange.AllocatePublic
                || c instanceof CloudChange.ReleasePublic), () -> "the engine reserves or releases: " + p.changes());
    }

    Ec2State.Address eip(String ip) {
        return sim.state().addresses.values().stream().filter(a -> a.publicIp.equals(ip)).findFirst()
                .orElseThrow(() -> new AssertionError("Elastic IP " + ip + " is gone"));
    }

    /**
     * "terraform apply": what the aws provider does for each aws_eip of the stack, an AllocateAddress (domain vpc)
     * with TagSpecifications carrying the resource's tags, through the EC2 API. Returns the public IPs by resource.
     */
    Map<String, String> terraformApply(JsonNode stack) {
        Map<String, String> ips = new TreeMap<>();
        try (Ec2Client ec2 = Ec2Client.builder().endpointOverride(sim.baseUri()).region(Region.EU_WEST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTF", "tf-secret")))
                .build()) {
            stack.path("resource").path("aws_eip").fields().forEachRemaining(e -> {
                List<Tag> tags = new java.util.ArrayList<>();
                e.getValue().path("tags").fields().forEachRemaining(t ->
                        tags.add(Tag.builder().key(t.getKey()).value(t.getValue().asText()).build()));
                String domain = e.getValue().path("domain").asText();
                ips.put(e.getKey(), ec2.allocateAddress(r -> r.domain(domain).tagSpecifications(ts -> ts
                        .resourceType(ResourceType.ELASTIC_IP).tags(tags))).publicIp());
            });
        }
        sim.calls().reset(); // Terraform's calls, not the engine's
        return ips;
    }

    @Test
    void engineAttachesTerraformReservationsFoundByTagsAndNeverReleasesThem() throws Exception {
        GatewardenConfig two = Fixtures.config(config(2));
        Synth.Result synth = Synth.run(two, dir.resolve("cdktf.out"), "gw-attach", null);
        JsonNode stack = new ObjectMapper().readTree(synth.stackFile().toFile());

        // before terraform apply: private IPs are assigned, public IPs wait for the reservation
        Reconciler.Round waiting = round(two, false);
        assertTrue(waiting.ok(), () -> waiting.report().toString());
        assertEquals(2, waiting.planned().plan().skipped().stream()
                .filter(s -> s.reason().startsWith("waiting for the Terraform reservation")).count());
        assertTrue(sim.state().addresses.isEmpty(), "nothing allocated by the engine");
        assertEquals(0, sim.calls().count("AllocateAddress"));

        Map<String, String> reserved = terraformApply(stack);
        assertEquals(List.of("gw_payments_0", "gw_payments_1"), List.copyOf(reserved.keySet()));
        String ip0 = reserved.get("gw_payments_0");
        String ip1 = reserved.get("gw_payments_1");

        Reconciler.Round attach = round(two, false);
        assertTrue(attach.ok(), () -> attach.report().toString());
        List<CloudChange.AttachPublic> attaches = attach.planned().plan().changes().stream()
                .filter(c -> c instanceof CloudChange.AttachPublic).map(c -> (CloudChange.AttachPublic) c).toList();
        assertEquals(List.of(ip0, ip1), attaches.stream().map(CloudChange.AttachPublic::publicIp).toList(),
                () -> attach.planned().plan() + " observed " + attach.planned().observed());
        assertNotNull(eip(ip0).associationId, "attached");
        assertNotNull(eip(ip1).associationId, "attached");
        assertTrue(eip(ip0).privateIp.startsWith("10.0.1."), "bound to the slot's secondary private IP");

        Reconciler.Round converged = round(two, false);
        assertTrue(converged.planned().plan().isEmpty(), () -> "converged: " + converged.planned().plan().changes());
        assertTrue(converged.planned().plan().skipped().isEmpty(), () -> "" + converged.planned().plan().skipped());

        // scale down, then remove the gateway: detached, never released
        Reconciler.Round shrink = round(Fixtures.config(config(1)), true);
        assertTrue(shrink.ok(), () -> shrink.report().toString());
        assertTrue(shrink.planned().plan().changes().stream().anyMatch(c -> c instanceof CloudChange.DetachPublic));
        assertNull(eip(ip1).associationId, "payments#1's reservation is detached");
        assertNotNull(eip(ip0).associationId, "payments#0 keeps serving");

        Reconciler.Round removed = round(Fixtures.config(config(0)), true);
        assertTrue(removed.ok(), () -> removed.report().toString());
        assertNull(eip(ip0).associationId);
        assertEquals(2, sim.state().addresses.size(), "Terraform's Elastic IPs still exist; terraform destroy owns them");
        assertEquals("external", eip(ip0).tags.get("gatewarden-lifecycle"));
        assertEquals(0, sim.calls().count("ReleaseAddress"));
        assertEquals(0, sim.calls().count("AllocateAddress"));
    }
}
