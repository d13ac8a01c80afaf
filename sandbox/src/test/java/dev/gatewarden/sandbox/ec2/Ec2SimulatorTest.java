package dev.gatewarden.sandbox.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.sandbox.Fault;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EC2 simulator over loopback HTTP: wire format, errors, paging, limits and persistence. */
class Ec2SimulatorTest {
    private static final String VPC = "vpc-00000000000000001";
    private static final String SUBNET = "subnet-00000000000000001";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private Ec2World world;
    private Ec2Simulator sim;

    @BeforeEach
    void start() {
        world = Ec2World.region("eu-west-1").vpc(VPC, "10.1.0.0/16").subnet(SUBNET, VPC, "10.1.1.0/24", "eu-west-1a");
        for (int n = 1; n <= 7; n++) {
            world.instance(String.format("i-%017x", n), "m5.large", "eu-west-1a", SUBNET);
        }
        world.instance("i-000000000000000f1", "t3.medium", "eu-west-1a", SUBNET);
        sim = new Ec2Simulator(world);
        sim.start(false);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private record Reply(int status, String body) {
        String code() {
            return text("Code");
        }

        String text(String element) {
            Matcher m = Pattern.compile("<" + element + ">([^<]*)</" + element + ">").matcher(body);
            return m.find() ? m.group(1) : null;
        }

        int count(String element) {
            Matcher m = Pattern.compile("<" + element + ">").matcher(body);
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }
    }

    private Reply call(String action, String... params) {
        return send(true, action, params);
    }

    private Reply send(boolean signed, String action, String... params) {
        StringBuilder form = new StringBuilder("Action=" + action + "&Version=2016-11-15");
        for (int i = 0; i < params.length; i += 2) {
            form.append('&').append(params[i]).append('=').append(URLEncoder.encode(params[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sim.baseUri() + "/"))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (signed) {
            b.header("Authorization", "AWS4-HMAC-SHA256 Credential=AKID/20260101/eu-west-1/ec2/aws4_request");
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private String eni(int n) {
        return world.interfaceId(String.format("i-%017x", n), 0);
    }

    @Test
    void successAndErrorEnvelopes() {
        Reply ok = call("DescribeAddresses");
        assertEquals(200, ok.status());
        assertTrue(ok.body().contains("<DescribeAddressesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"));
        assertTrue(ok.body().contains("<requestId>"));

        Reply bad = call("RunInstances");
        assertEquals(400, bad.status());
        assertEquals("InvalidAction", bad.code());
        assertTrue(bad.body().contains("<Response><Errors><Error><Code>InvalidAction</Code><Message>"), bad.body());
        assertTrue(bad.body().contains("<RequestID>"), "error envelope uses RequestID");

        Reply unsigned = send(false, "DescribeAddresses");
        assertEquals(401, unsigned.status());
        assertEquals("AuthFailure", unsigned.code());

        sim.faults().inject("DescribeAddresses", Fault.throttle());
        Reply throttled = call("DescribeAddresses");
        assertEquals(503, throttled.status());
        assertEquals("RequestLimitExceeded", throttled.code());
        assertEquals(3, sim.calls().count("DescribeAddresses"), "every request counted, refused ones too");
    }

    @Test
    void paginatesInstancesAndInterfacesWithNextToken() {
        Reply first = call("DescribeInstances", "MaxResults", "5");
        assertEquals(5, first.count("instanceId"));
        String token = first.text("nextToken");
        assertTrue(token != null && !token.isEmpty());
        Reply second = call("DescribeInstances", "MaxResults", "5", "NextToken", token);
        assertEquals(3, second.count("instanceId"));
        assertNull(second.text("nextToken"));

        Reply enis = call("DescribeNetworkInterfaces", "MaxResults", "6",
                "Filter.1.Name", "attachment.instance-id", "Filter.1.Value.1", "i-00000000000000001",
                "Filter.1.Value.2", "i-00000000000000002");
        assertEquals(2, enis.count("networkInterfaceId"));
        assertNull(enis.text("nextToken"));

        assertEquals("InvalidParameterValue", call("DescribeInstances", "MaxResults", "4").code());
        assertEquals("InvalidParameterCombination",
                call("DescribeInstances", "MaxResults", "5", "InstanceId.1", "i-00000000000000001").code());
        assertEquals("InvalidPaginationToken", call("DescribeNetworkInterfaces", "MaxResults", "5", "NextToken", "bogus").code());
        assertEquals("InvalidPaginationToken",
                call("DescribeNetworkInterfaces", "MaxResults", "5", "NextToken", token).code(), "token of another action");
        assertEquals(400, call("DescribeAddresses", "MaxResults", "5").status(), "DescribeAddresses is not paginated");
    }

    @Test
    void unknownIdsGiveNotFoundCodes() {
        assertEquals("InvalidInstanceID.NotFound", call("DescribeInstances", "InstanceId.1", "i-0123456789abcdef0").code());
        assertEquals("InvalidNetworkInterfaceID.NotFound",
                call("DescribeNetworkInterfaces", "NetworkInterfaceId.1", "eni-0123456789abcdef0").code());
        assertEquals("InvalidAllocationID.NotFound", call("ReleaseAddress", "AllocationId", "eipalloc-0123").code());
        assertEquals("InvalidAssociationID.NotFound", call("DisassociateAddress", "AssociationId", "eipassoc-0123").code());
        assertEquals("InvalidParameterValue", call("DescribeAddresses", "Filter.1.Name", "bogus",
                "Filter.1.Value.1", "x").code());
    }

    @Test
    void elasticIpQuotaIsEnforced() {
        sim.eipQuota(1);
        Reply first = call("AllocateAddress", "Domain", "vpc");
        assertEquals(200, first.status());
        assertTrue(first.text("publicIp").startsWith("198.51.100."));

        Reply second = call("AllocateAddress", "Domain", "vpc");
        assertEquals(400, second.status());
        assertEquals("AddressLimitExceeded", second.code());
    }

    @Test
    void perInterfaceIpv4LimitFollowsTheInstanceType() {
        String small = world.interfaceId("i-000000000000000f1", 0);
        Reply tooMany = call("AssignPrivateIpAddresses", "NetworkInterfaceId", small, "SecondaryPrivateIpAddressCount", "6");
        assertEquals("PrivateIpAddressLimitExceeded", tooMany.code());

        Reply ok = call("AssignPrivateIpAddresses", "NetworkInterfaceId", small, "SecondaryPrivateIpAddressCount", "5");
        assertEquals(200, ok.status(), ok.body());
        assertEquals(5, ok.count("privateIpAddress"));
        assertEquals(6, sim.state().interfaces.get(small).privateIps.size());
    }

    @Test
    void assignedIpsSkipAwsReservedAddresses() {
        Ec2State.Eni eni = sim.state().interfaces.get(eni(1));
        assertEquals("10.1.1.4", eni.privateIps.get(0), "first 4 addresses reserved");
        assertEquals("InvalidParameterValue",
                call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "PrivateIpAddress.1", "10.1.1.2").code());
        assertEquals("InvalidParameterValue",
                call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "PrivateIpAddress.1", "10.1.1.255").code());
        assertEquals("InvalidParameterValue",
                call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "PrivateIpAddress.1", "10.1.2.20").code());
    }

    @Test
    void reassignmentMovesTheIpAndItsElasticIp() {
        assertEquals(200, call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "PrivateIpAddress.1", "10.1.1.50").status());
        String alloc = call("AllocateAddress", "Domain", "vpc").text("allocationId");
        Reply assoc = call("AssociateAddress", "AllocationId", alloc, "NetworkInterfaceId", eni(1),
                "PrivateIpAddress", "10.1.1.50");
        assertEquals(200, assoc.status(), assoc.body());

        Reply inUse = call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(2), "PrivateIpAddress.1", "10.1.1.50");
        assertEquals("InvalidParameterValue", inUse.code(), "API-NOTES H.1: not InvalidIPAddress.InUse");
        assertTrue(inUse.text("Message").contains("move is not allowed"), inUse.body());

        Reply moved = call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(2), "PrivateIpAddress.1", "10.1.1.50",
                "AllowReassignment", "true");
        assertEquals(200, moved.status(), moved.body());
        Ec2State s = sim.state();
        assertFalse(s.interfaces.get(eni(1)).privateIps.contains("10.1.1.50"));
        assertTrue(s.interfaces.get(eni(2)).privateIps.contains("10.1.1.50"));
        assertEquals(eni(2), s.addresses.get(alloc).interfaceId);

        Reply described = call("DescribeAddresses", "AllocationId.1", alloc);
        assertEquals("i-00000000000000002", described.text("instanceId"));
        assertEquals("10.1.1.50", described.text("privateIpAddress"));
    }

    @Test
    void associationRulesAndReleaseWhileAssociated() {
        String alloc = call("AllocateAddress").text("allocationId");
        String primary1 = sim.state().interfaces.get(eni(1)).privateIps.get(0);
        Reply a1 = call("AssociateAddress", "AllocationId", alloc, "NetworkInterfaceId", eni(1));
        assertEquals(200, a1.status());
        assertEquals(primary1, sim.state().addresses.get(alloc).privateIp, "defaults to the primary IP");

        assertEquals("Resource.AlreadyAssociated", call("AssociateAddress", "AllocationId", alloc, "NetworkInterfaceId",
                eni(2), "AllowReassociation", "false").code());
        assertEquals("InvalidParameterCombination", call("AssociateAddress", "AllocationId", alloc,
                "NetworkInterfaceId", eni(2), "InstanceId", "i-00000000000000002").code());
        assertEquals("InvalidIPAddress.InUse", call("ReleaseAddress", "AllocationId", alloc).code());

        String assocId = a1.text("associationId");
        assertEquals(200, call("DisassociateAddress", "AssociationId", assocId).status());
        assertEquals(200, call("DisassociateAddress", "AssociationId", assocId).status(), "idempotent");
        assertEquals(200, call("ReleaseAddress", "AllocationId", alloc).status());
        assertEquals("InvalidAllocationID.NotFound", call("ReleaseAddress", "AllocationId", alloc).code());
    }

    @Test
    void tagsAtCreationAndTagFilters() {
        Reply alloc = call("AllocateAddress", "Domain", "vpc", "TagSpecification.1.ResourceType", "elastic-ip",
                "TagSpecification.1.Tag.1.Key", "gatewarden-owner", "TagSpecification.1.Tag.1.Value", "prod");
        call("AllocateAddress", "Domain", "vpc");
        Reply owned = call("DescribeAddresses", "Filter.1.Name", "tag-key", "Filter.1.Value.1", "gatewarden-owner");
        assertEquals(1, owned.count("allocationId"));
        assertEquals(alloc.text("allocationId"), owned.text("allocationId"));
        assertEquals(1, call("DescribeAddresses", "Filter.1.Name", "tag:gatewarden-owner", "Filter.1.Value.1", "prod")
                .count("allocationId"));
        assertEquals(0, call("DescribeAddresses", "Filter.1.Name", "tag:gatewarden-owner", "Filter.1.Value.1", "other")
                .count("allocationId"));
        assertEquals("InvalidParameterValue", call("AllocateAddress", "TagSpecification.1.ResourceType", "instance",
                "TagSpecification.1.Tag.1.Key", "a", "TagSpecification.1.Tag.1.Value", "b").code());

        assertEquals(200, call("CreateTags", "ResourceId.1", eni(3), "Tag.1.Key", "gatewarden-ip-10-1-1-9",
                "Tag.1.Value", "prod/payments/0").status());
        Reply tagged = call("DescribeNetworkInterfaces", "Filter.1.Name", "tag-key", "Filter.1.Value.1", "gatewarden-ip-*");
        assertEquals(1, tagged.count("networkInterfaceId"));
        assertEquals(eni(3), tagged.text("networkInterfaceId"));
        assertEquals("InvalidParameterValue", call("CreateTags", "ResourceId.1", eni(3), "Tag.1.Key", "aws:x",
                "Tag.1.Value", "y").code());
        assertEquals("InvalidNetworkInterfaceID.NotFound", call("CreateTags", "ResourceId.1", "eni-0ffffffffffffffff",
                "Tag.1.Key", "k", "Tag.1.Value", "v").code());

        assertEquals(200, call("DeleteTags", "ResourceId.1", eni(3), "Tag.1.Key", "gatewarden-ip-10-1-1-9").status());
        assertTrue(sim.state().interfaces.get(eni(3)).tags.isEmpty());
    }

    @Test
    void snapshotRestoreRoundTrip() {
        call("AllocateAddress", "TagSpecification.1.ResourceType", "elastic-ip", "TagSpecification.1.Tag.1.Key", "k",
                "TagSpecification.1.Tag.1.Value", "v");
        call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "SecondaryPrivateIpAddressCount", "2");
        JsonNode snap = sim.snapshot();

        try (Ec2Simulator other = new Ec2Simulator(Ec2World.region("us-east-1"))) {
            other.restore(snap);
            assertEquals(snap, other.snapshot());
            other.start(false);
            assertEquals("eu-west-1", other.region());
            Ec2State before = sim.state();
            Ec2State after = other.state();
            assertEquals(before.interfaces.get(eni(1)).privateIps, after.interfaces.get(eni(1)).privateIps);
            String firstAlloc = before.addresses.keySet().iterator().next();
            assertEquals("v", after.addresses.get(firstAlloc).tags.get("k"));
        }
        // the restored sequence keeps generating fresh ids
        sim.restore(snap);
        String next = call("AllocateAddress").text("allocationId");
        assertFalse(snap.path("addresses").has(next));
        assertThrows(IllegalArgumentException.class, () -> sim.restore(com.fasterxml.jackson.databind.node.TextNode.valueOf("x")));
    }

    @Test
    void defaultWorldHasThreeNodesAnEgressInterfaceAndAnOverlappingVpc() {
        try (Ec2Simulator q = Ec2Simulator.withDefaultWorld()) {
            Ec2State s = q.state();
            assertEquals("eu-west-1", s.region);
            assertEquals(6, s.instances.size());
            assertTrue(s.instances.keySet().containsAll(java.util.List.of("i-0a1b2c3d4e5f60001", "i-0a1b2c3d4e5f60002",
                    "i-0a1b2c3d4e5f60003")));
            Ec2State.Instance foreign = s.instances.get("i-0a1b2c3d4e5f60004");
            assertNotEquals(s.instances.get("i-0a1b2c3d4e5f60001").vpcId, foreign.vpcId);
            assertEquals(s.vpcs.get(foreign.vpcId).cidr, s.vpcs.get("vpc-0a1b2c3d4e5f60001").cidr);
            assertEquals("10.0.1.10", s.interfaces.get(foreign.interfaces.get(0)).primaryIp(),
                    "the same primary IP as node 1, in the other VPC");
            assertTrue(java.util.stream.IntStream.rangeClosed(1, 3).allMatch(n -> s.instances
                    .get("i-0a1b2c3d4e5f6000" + n).type.equals("m5.large")));
            assertTrue(s.vpcs.get("vpc-0a1b2c3d4e5f60003").isDefault);
            assertEquals("gwconf-eni-1", s.interfaces.get(s.instances.get("i-0a1b2c3d4e5f60005").interfaces.get(0))
                    .tags.get("Name"));
            Ec2State.Instance third = s.instances.get("i-0a1b2c3d4e5f60003");
            assertEquals(2, third.interfaces.size());
            Ec2State.Eni egress = s.interfaces.get(third.interfaces.get(1));
            assertEquals(1, egress.deviceIndex);
            assertEquals("subnet-0a1b2c3d4e5f60e01", egress.subnetId);
            assertNotEquals(third.subnetId, egress.subnetId);
        }
    }

    @Test
    void loadsTheEc2SectionOfAYamlFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("world.yaml");
        Files.writeString(file, """
                other: {ignored: true}
                ec2:
                  region: us-east-1
                  eipQuota: 2
                  vpcs:
                    - id: vpc-1
                      cidr: 10.9.0.0/16
                      subnets: [{id: subnet-1, cidr: 10.9.1.0/24, az: us-east-1a}]
                  instances:
                    - {id: i-0000000000000aaaa, type: c5.large, az: us-east-1a, subnet: subnet-1, secondaryIps: [10.9.1.40]}
                  addresses:
                    - {publicIp: 203.0.113.7, tags: {gatewarden-lifecycle: external}}
                """);
        Ec2State s = Ec2World.load(file).build();
        assertEquals("us-east-1", s.region);
        assertEquals(2, s.eipQuota);
        Ec2State.Eni eni = s.interfaces.get(s.instances.get("i-0000000000000aaaa").interfaces.get(0));
        assertEquals(java.util.List.of("10.9.1.4", "10.9.1.40"), eni.privateIps);
        assertEquals("external", s.addresses.values().iterator().next().tags.get("gatewarden-lifecycle"));

        Files.writeString(file, "ec2: {region: us-east-1, vpcs: [{id: vpc-1, cidr: 10.9.0.0/16, subnets: "
                + "[{id: s-1, cidr: 10.8.0.0/24, az: us-east-1a}]}]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ec2World.load(file));
        assertTrue(e.getMessage().contains("outside VPC"), e.getMessage());
    }

    @Test
    void dryRunOnEveryActionThatHasIt() {
        String alloc = call("AllocateAddress").text("allocationId");
        String[][] calls = {
            {"DescribeAddresses"}, {"DescribeNetworkInterfaces"}, {"DescribeInstances"}, {"AllocateAddress"},
            {"AssociateAddress", "AllocationId", alloc, "NetworkInterfaceId", eni(1)},
            {"DisassociateAddress", "AssociationId", "eipassoc-0123"}, {"ReleaseAddress", "AllocationId", alloc},
            {"CreateTags", "ResourceId.1", eni(1), "Tag.1.Key", "k", "Tag.1.Value", "v"},
            {"DeleteTags", "ResourceId.1", eni(1), "Tag.1.Key", "k"}};
        for (String[] c : calls) {
            String[] params = java.util.Arrays.copyOfRange(c, 1, c.length + 2);
            params[params.length - 2] = "DryRun";
            params[params.length - 1] = "true";
            Reply r = call(c[0], params);
            assertEquals(412, r.status(), c[0] + ": " + r.body());
            assertEquals("DryRunOperation", r.code(), c[0]);
        }
        assertEquals(1, sim.state().addresses.size(), "a dry run changes nothing");
        Reply assign = call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "SecondaryPrivateIpAddressCount",
                "1", "DryRun", "true");
        assertEquals("UnknownParameter", assign.code(), "the model has no DryRun on AssignPrivateIpAddresses");

        sim.deny("DescribeAddresses", true);
        Reply denied = call("DescribeAddresses", "DryRun", "true");
        assertEquals(403, denied.status());
        assertEquals("UnauthorizedOperation", denied.code());
        assertEquals("UnauthorizedOperation", call("DescribeAddresses").code());
        sim.deny("DescribeAddresses", false);
        assertEquals(200, call("DescribeAddresses").status());
    }

    @Test
    void unknownParametersFilterLimitAndMalformedIds() {
        Reply unknown = call("DescribeInstances", "Bogus", "1");
        assertEquals(400, unknown.status());
        assertEquals("UnknownParameter", unknown.code());
        assertTrue(unknown.text("Message").contains("Bogus"), unknown.body());
        assertEquals("UnknownParameter", call("DescribeAddresses", "MaxResults", "5").code());

        String[] params = new String[2 + 2 * 201];
        params[0] = "Filter.1.Name";
        params[1] = "private-ip-address";
        for (int i = 1; i <= 201; i++) {
            params[2 * i] = "Filter.1.Value." + i;
            params[2 * i + 1] = "10.1.2." + (i % 250);
        }
        Reply tooMany = call("DescribeNetworkInterfaces", params);
        assertEquals("FilterLimitExceeded", tooMany.code(), tooMany.body());
        assertEquals(200, call("DescribeNetworkInterfaces", java.util.Arrays.copyOf(params, params.length - 2)).status(),
                "200 values are fine");

        assertEquals("InvalidNetworkInterfaceId.Malformed",
                call("DescribeNetworkInterfaces", "NetworkInterfaceId.1", "eni-zz").code());
        assertEquals("InvalidInstanceID.Malformed", call("DescribeInstances", "InstanceId.1", "i-xyz").code());
        assertEquals("InvalidNetworkInterfaceId.Malformed", call("AssignPrivateIpAddresses", "NetworkInterfaceId",
                "bogus", "SecondaryPrivateIpAddressCount", "1").code());
    }

    @Test
    void defaultVpcReleaseDisassociatesAndOverlappingVpcsAreSeparate() {
        Ec2World w = Ec2World.region("eu-west-1").vpc("vpc-0000000000000000d", "172.31.0.0/16")
                .defaultVpc("vpc-0000000000000000d")
                .subnet("subnet-0000000000000000d", "vpc-0000000000000000d", "172.31.0.0/20", "eu-west-1a")
                .vpc("vpc-0000000000000000a", "10.0.0.0/16").vpc("vpc-0000000000000000b", "10.0.0.0/16")
                .subnet("subnet-0000000000000000a", "vpc-0000000000000000a", "10.0.1.0/24", "eu-west-1a")
                .subnet("subnet-0000000000000000b", "vpc-0000000000000000b", "10.0.1.0/24", "eu-west-1a")
                .instance("i-0000000000000000d", "m5.large", "eu-west-1a", "subnet-0000000000000000d")
                .instance("i-0000000000000000a", "m5.large", "eu-west-1a", "subnet-0000000000000000a", "10.0.1.10")
                .instance("i-0000000000000000b", "m5.large", "eu-west-1a", "subnet-0000000000000000b", "10.0.1.10");
        sim.close();
        sim = new Ec2Simulator(w);
        sim.start(false);
        String eniD = w.interfaceId("i-0000000000000000d", 0);
        String alloc = call("AllocateAddress").text("allocationId");
        assertEquals(200, call("AssociateAddress", "AllocationId", alloc, "NetworkInterfaceId", eniD).status());
        Reply released = call("ReleaseAddress", "AllocationId", alloc);
        assertEquals(200, released.status(), "a default VPC disassociates on release: " + released.body());
        assertTrue(sim.state().addresses.isEmpty());

        String eniA = w.interfaceId("i-0000000000000000a", 0);
        String eniB = w.interfaceId("i-0000000000000000b", 0);
        assertEquals(200, call("AssignPrivateIpAddresses", "NetworkInterfaceId", eniA, "PrivateIpAddress.1",
                "10.0.1.50").status());
        assertEquals(200, call("AssignPrivateIpAddresses", "NetworkInterfaceId", eniB, "PrivateIpAddress.1",
                "10.0.1.50").status(), "the same IP in another VPC is free");
        Reply both = call("DescribeNetworkInterfaces", "Filter.1.Name", "addresses.private-ip-address",
                "Filter.1.Value.1", "10.0.1.50");
        assertEquals(2, both.count("networkInterfaceId"), "the filter is account-wide");
        Reply scoped = call("DescribeNetworkInterfaces", "Filter.1.Name", "addresses.private-ip-address",
                "Filter.1.Value.1", "10.0.1.50", "Filter.2.Name", "vpc-id", "Filter.2.Value.1", "vpc-0000000000000000b");
        assertEquals(eniB, scoped.text("networkInterfaceId"));
        assertEquals(1, scoped.count("networkInterfaceId"));
    }

    @Test
    void newElasticIpsAreInvisibleForTheConsistencyLag() {
        java.time.Instant t0 = java.time.Instant.ofEpochMilli(1_000_000);
        sim.clock(java.time.Clock.fixed(t0, java.time.ZoneOffset.UTC));
        sim.consistencyLag(2_000);
        Reply alloc = call("AllocateAddress");
        String id = alloc.text("allocationId");
        assertEquals("InvalidAllocationID.NotFound", call("DescribeAddresses", "AllocationId.1", id).code());
        assertEquals(0, call("DescribeAddresses").count("allocationId"));
        assertEquals(200, call("AssociateAddress", "AllocationId", id, "NetworkInterfaceId", eni(1)).status(),
                "writes see it at once");
        sim.clock(java.time.Clock.fixed(t0.plusMillis(2_000), java.time.ZoneOffset.UTC));
        assertEquals(id, call("DescribeAddresses", "AllocationId.1", id).text("allocationId"));
    }

    @Test
    void quirksOfOtherImplementations() {
        sim.close();
        sim = new Ec2Simulator(world.quirks(true, true));
        sim.start(false);
        call("AllocateAddress");
        Reply d = call("DescribeAddresses");
        assertTrue(d.body().contains("<instanceId></instanceId>"), d.body());
        assertEquals(200, call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "PrivateIpAddress.1",
                "10.1.1.60").status());
        Reply second = call("AssignPrivateIpAddresses", "NetworkInterfaceId", eni(1), "SecondaryPrivateIpAddressCount", "1");
        assertEquals(2, second.count("privateIpAddress"), "lists the IP held before as well: " + second.body());
    }
}
