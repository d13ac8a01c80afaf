package dev.gatewarden.gcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.cloud.compute.v1.Address;
import com.google.cloud.compute.v1.AliasIpRange;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.RouterNat;
import com.google.cloud.compute.v1.RouterNatRule;
import com.google.cloud.compute.v1.RouterNatRuleAction;
import com.google.cloud.compute.v1.RouterNatSubnetworkToNat;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.gce.GceSimulator;
import dev.gatewarden.sandbox.gce.GceState;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Drives the real Compute client through {@link SdkComputePort} against the Compute simulator over loopback. */
class ComputePortSandboxTest {
    static final String PROJECT = "gatewarden-sandbox";
    static final String REGION = "us-central1";
    static final String ZONE_A = "us-central1-a";
    static final String ZONE_B = "us-central1-b";
    static final String SUBNET = "projects/" + PROJECT + "/regions/" + REGION + "/subnetworks/gateways";
    static GceSimulator sim;
    static JsonNode initial;
    static SdkComputePort port;
    static final List<UUID> requestIds = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        sim = GceSimulator.withDefaultWorld();
        URI endpoint = sim.start(false);
        initial = sim.snapshot();
        port = SdkComputePort.create(GcpConnection.sandbox(PROJECT, endpoint).withCallTimeout(Duration.ofMillis(800)),
                Clock.systemUTC(), () -> {
                    UUID id = UUID.randomUUID();
                    requestIds.add(id);
                    return id;
                });
    }

    @AfterAll
    static void stop() {
        port.close();
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.restore(initial);
        sim.faults().clear();
        sim.calls().reset();
        requestIds.clear();
    }

    static GcpNames.Identity slot(String gateway, int n) {
        return new GcpNames.Identity("prod-eu", gateway, n);
    }

    static Address external(GcpNames.Identity id) {
        return Address.newBuilder().setName(GcpNames.addressName(id)).setDescription(GcpNames.description(id))
                .setAddressType("EXTERNAL").setNetworkTier("PREMIUM").build();
    }

    static ObjectNode simAddress(String name) {
        return sim.state().addresses.get(REGION + "/" + name);
    }

    @Test
    void insertThenLabelThenObserveByNameAndByLabelInPages() {
        port.pageSize(2);
        try {
            for (int n = 0; n < 5; n++) {
                GcpNames.Identity id = slot("payments", n);
                Address a = port.insertAddress(REGION, external(id));
                assertEquals("RESERVED", a.getStatus());
                assertTrue(a.getAddress().startsWith("203.0.113."), a.getAddress());
                port.setAddressLabels(REGION, a.getName(), GcpNames.labels(id), a.getLabelFingerprint());
            }
            sim.calls().reset();
            List<Address> byLabel = port.listAddresses(REGION, GcpNames.labelFilter("prod-eu"));
            assertEquals(5, byLabel.size());
            assertEquals(3, sim.calls().count("addresses.list"), "5 addresses in pages of 2");
            List<Address> byName = port.listAddresses(REGION, GcpNames.nameFilter("prod-eu"));
            assertEquals(byLabel, byName);
            for (Address a : byLabel) {
                GcpNames.Identity id = GcpNames.identity(a.getName(), a.getDescription(), a.getLabelsMap()).orElseThrow();
                assertTrue(GcpNames.labelled(id, a.getLabelsMap()));
                assertEquals("payments", id.gateway());
            }
            assertEquals(0, port.listAddresses(REGION, GcpNames.labelFilter("other-owner")).size());
        } finally {
            port.pageSize(500);
        }
    }

    @Test
    void addressWhoseSetLabelsNeverHappenedIsStillFoundByName() {
        GcpNames.Identity id = slot("payments", 0);
        port.insertAddress(REGION, external(id));
        // the process "crashed" here: no setLabels
        assertEquals(0, port.listAddresses(REGION, GcpNames.labelFilter("prod-eu")).size());
        List<Address> found = port.listAddresses(REGION, GcpNames.nameFilter("prod-eu"));
        assertEquals(1, found.size());
        Address a = found.get(0);
        assertEquals(id, GcpNames.identity(a.getName(), a.getDescription(), a.getLabelsMap()).orElseThrow());
        assertFalse(GcpNames.labelled(id, a.getLabelsMap()), "labels still due");
        port.setAddressLabels(REGION, a.getName(), GcpNames.labels(id), a.getLabelFingerprint());
        assertEquals(1, port.listAddresses(REGION, GcpNames.labelFilter("prod-eu")).size());
    }

    @Test
    void staleLabelFingerprintIsConditionNotMet() {
        GcpNames.Identity id = slot("payments", 0);
        Address a = port.insertAddress(REGION, external(id));
        port.setAddressLabels(REGION, a.getName(), GcpNames.labels(id), a.getLabelFingerprint());
        ProviderException e = assertThrows(ProviderException.class,
                () -> port.setAddressLabels(REGION, a.getName(), Map.of("x", "y"), a.getLabelFingerprint()));
        assertEquals(ComputeErrors.CONDITION_NOT_MET, e.code());
        assertEquals("prod-eu", simAddress(a.getName()).path("labels").path(GcpNames.OWNER_LABEL).asText());
    }

    static AliasIpRange egress(String ip) {
        return AliasIpRange.newBuilder().setIpCidrRange(ip + "/32").setSubnetworkRangeName("egress").build();
    }

    static List<AliasIpRange> plus(List<AliasIpRange> current, AliasIpRange r) {
        List<AliasIpRange> out = new ArrayList<>(current);
        out.add(r);
        return out;
    }

    static List<AliasIpRange> minus(List<AliasIpRange> current, String cidr) {
        return current.stream().filter(r -> !r.getIpCidrRange().equals(cidr)).toList();
    }

    @Test
    void aliasIpAddAndMoveBetweenNodes() {
        port.updateAliasRanges(ZONE_A, "gw-node-a", "nic0", cur -> plus(cur, egress("10.4.16.7")));
        Instance a = port.getInstance(ZONE_A, "gw-node-a");
        assertEquals(List.of(egress("10.4.16.7")), a.getNetworkInterfaces(0).getAliasIpRangesList());
        // the same IP cannot be on two interfaces: the move is remove, then add
        ProviderException taken = assertThrows(ProviderException.class,
                () -> port.updateAliasRanges(ZONE_B, "gw-node-b", "nic0", cur -> plus(cur, egress("10.4.16.7"))));
        assertTrue(taken.getMessage().contains("already in use"), taken.getMessage());
        port.updateAliasRanges(ZONE_A, "gw-node-a", "nic0", cur -> minus(cur, "10.4.16.7/32"));
        port.updateAliasRanges(ZONE_B, "gw-node-b", "nic0", cur -> plus(cur, egress("10.4.16.7")));
        assertEquals(0, port.getInstance(ZONE_A, "gw-node-a").getNetworkInterfaces(0).getAliasIpRangesCount());
        assertEquals(List.of(egress("10.4.16.7")),
                port.getInstance(ZONE_B, "gw-node-b").getNetworkInterfaces(0).getAliasIpRangesList());
        // unchanged ranges send nothing
        sim.calls().reset();
        port.updateAliasRanges(ZONE_B, "gw-node-b", "nic0", cur -> cur);
        assertEquals(0, sim.calls().count("instances.updateNetworkInterface"));
    }

    @Test
    void internalReservationHoldsAnAliasIpForOneInterface() {
        Address reserved = port.insertAddress(REGION, Address.newBuilder().setName("gwd-prod-eu-db-0")
                .setDescription(GcpNames.description(slot("db", 0))).setAddressType("INTERNAL")
                .setPurpose("GCE_ENDPOINT").setSubnetwork(SUBNET).setAddress("10.4.0.20").build());
        assertEquals("RESERVED", reserved.getStatus());
        AliasIpRange primary = AliasIpRange.newBuilder().setIpCidrRange("10.4.0.20/32").build();
        port.updateAliasRanges(ZONE_A, "gw-node-a", "nic0", cur -> plus(cur, primary));
        Address held = port.listAddresses(REGION, GcpNames.nameFilter("prod-eu")).get(0);
        assertEquals("IN_USE", held.getStatus());
        assertTrue(held.getUsers(0).endsWith("/instances/gw-node-a"), held.getUsers(0));
        assertThrows(ProviderException.class,
                () -> port.updateAliasRanges(ZONE_B, "gw-node-b", "nic0", cur -> plus(cur, primary)));
        assertEquals(ComputeErrors.IN_USE,
                assertThrows(ProviderException.class, () -> port.deleteAddress(REGION, held.getName())).code());
    }

    @Test
    void fingerprintRaceIsReadAgainAndRetried() {
        AtomicInteger calls = new AtomicInteger();
        List<AliasIpRange> sent = port.updateAliasRanges(ZONE_A, "gw-node-a", "nic0", cur -> {
            if (calls.incrementAndGet() == 1) {
                // someone else changes the interface between our read and our write
                sim.update(s -> {
                    ObjectNode nic = (ObjectNode) s.instances.get(ZONE_A + "/gw-node-a").path("networkInterfaces").get(0);
                    nic.putArray("aliasIpRanges").addObject().put("ipCidrRange", "10.4.0.50/32");
                    nic.put("fingerprint", "c29tZW9uZWVsc2U=");
                });
            }
            return plus(cur, egress("10.4.16.8"));
        });
        assertEquals(2, calls.get());
        assertEquals(2, sim.calls().count("instances.updateNetworkInterface"), "one 412, one accepted");
        assertEquals(2, sim.calls().count("instances.get"));
        assertEquals(2, sent.size(), "the other writer's range is kept");
        assertEquals(sent, port.getInstance(ZONE_A, "gw-node-a").getNetworkInterfaces(0).getAliasIpRangesList());
    }

    @Test
    void accessConfigModeMarksTheAddressInUseUntilDetached() {
        Address a = port.insertAddress(REGION, external(slot("web", 0)));
        port.addAccessConfig(ZONE_A, "gw-node-a", "nic0", "External NAT", a.getAddress());
        Instance i = port.getInstance(ZONE_A, "gw-node-a");
        assertEquals(a.getAddress(), i.getNetworkInterfaces(0).getAccessConfigs(0).getNatIP());
        Address inUse = port.listAddresses(REGION, GcpNames.nameFilter("prod-eu")).get(0);
        assertEquals("IN_USE", inUse.getStatus());
        assertTrue(inUse.getUsers(0).endsWith("/zones/us-central1-a/instances/gw-node-a"), inUse.getUsers(0));
        ProviderException second = assertThrows(ProviderException.class,
                () -> port.addAccessConfig(ZONE_A, "gw-node-a", "nic0", "Second", a.getAddress()));
        assertTrue(second.getMessage().contains("At most one access config"), second.getMessage());
        ProviderException busy = assertThrows(ProviderException.class, () -> port.deleteAddress(REGION, a.getName()));
        assertEquals(ComputeErrors.IN_USE, busy.code());
        port.deleteAccessConfig(ZONE_A, "gw-node-a", "nic0", "External NAT");
        port.deleteAddress(REGION, a.getName());
        assertEquals(0, port.listAddresses(REGION, "").size());
    }

    @Test
    void operationFailureIsSurfacedWithItsCode() {
        sim.faults().inject(GceSimulator.asyncFailure("addresses.insert"), Fault.error(400,
                "RESOURCE_IN_USE_BY_ANOTHER_RESOURCE", "The address is being used by another operation."));
        ComputeErrors.OperationFailedException e = assertThrows(ComputeErrors.OperationFailedException.class,
                () -> port.insertAddress(REGION, external(slot("payments", 0))));
        assertEquals(List.of("RESOURCE_IN_USE_BY_ANOTHER_RESOURCE"), e.codes());
        assertTrue(e.getMessage().contains("detach it first"), e.getMessage());
        assertTrue(sim.calls().count("regionOperations.wait") >= 1, "waited on the operation");
        assertEquals(0, sim.state().addresses.size(), "nothing was reserved");
    }

    @Test
    void operationsThatAnswerBeforeDoneAreWaitedFor() {
        sim.update(s -> s.operationPolls = 4);
        port.insertAddress(REGION, external(slot("payments", 0)));
        assertEquals(4, sim.calls().count("regionOperations.wait"));
        port.updateAliasRanges(ZONE_A, "gw-node-a", "nic0", cur -> plus(cur, egress("10.4.16.9")));
        assertEquals(4, sim.calls().count("zoneOperations.wait"));
    }

    @Test
    void rateLimitsAndServerErrorsAreTriedAgain() {
        sim.faults().inject("instances.get", Fault.throttle());
        sim.faults().inject("instances.get", Fault.error(503, "backendError", "Backend Error"));
        assertEquals("gw-node-a", port.getInstance(ZONE_A, "gw-node-a").getName());
        assertEquals(3, sim.calls().count("instances.get"));
        sim.faults().inject("instances.get", Fault.throttle(), 3);
        ProviderException e = assertThrows(ProviderException.class, () -> port.getInstance(ZONE_A, "gw-node-a"));
        assertEquals(ComputeErrors.RATE_LIMIT, e.code());
        assertTrue(e.isTransient());
    }

    @Test
    void namesThatWouldBendTheRequestPathAreRefusedBeforeAnyCall() {
        for (String bad : new String[] {"../global", "gw-node-a/start", "GW", "a?x=1", ""}) {
            assertThrows(ConfigException.class,
                    () -> port.getInstance(ZONE_A, bad));
            assertThrows(ConfigException.class,
                    () -> port.deleteAddress(bad, "x"));
        }
        assertEquals(0, sim.calls().total());
    }

    @Test
    void quotaRefusalSaysWhichQuota() {
        sim.update(s -> s.staticAddressQuota = 1);
        port.insertAddress(REGION, external(slot("payments", 0)));
        ProviderException e = assertThrows(ProviderException.class,
                () -> port.insertAddress(REGION, external(slot("payments", 1))));
        assertEquals(ComputeErrors.QUOTA_EXCEEDED, e.code());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("STATIC_ADDRESSES (limit 1.0) is used up"), e.getMessage());
    }

    @Test
    void permissionDeniedNamesThePermission() {
        sim.update(s -> s.deniedPermissions.add("compute.addresses.create"));
        ProviderException e = assertThrows(ProviderException.class,
                () -> port.insertAddress(REGION, external(slot("payments", 0))));
        assertEquals(ComputeErrors.FORBIDDEN, e.code());
        assertTrue(e.getMessage().contains("lacks compute.addresses.create"), e.getMessage());
    }

    @Test
    void requestIdIsReusedWhenTheResponseWasLost() {
        // the first answer comes after the client gave up; the retry carries the same requestId
        sim.faults().inject("addresses.insert", Fault.timeout(Duration.ofMillis(1500)));
        Address a = port.insertAddress(REGION, external(slot("payments", 0)));
        assertEquals(2, sim.calls().count("addresses.insert"));
        assertEquals(1, sim.state().addresses.size(), "reserved once");
        assertEquals(1, requestIds.size(), "one requestId for both tries");
        GceState s = sim.state();
        assertEquals(1, s.requestIds.size());
        assertTrue(s.requestIds.containsKey(requestIds.get(0).toString()));
        assertNotEquals(new UUID(0, 0), requestIds.get(0));
        assertEquals(GcpNames.addressName(slot("payments", 0)), a.getName());
    }

    static RouterNat nat(List<String> natIps, List<String> drain, List<RouterNatRule> rules) {
        return RouterNat.newBuilder().setName("gwd-prod-eu-payments").setNatIpAllocateOption("MANUAL_ONLY")
                .setSourceSubnetworkIpRangesToNat("LIST_OF_SUBNETWORKS")
                .addSubnetworks(RouterNatSubnetworkToNat.newBuilder().setName(SUBNET)
                        .addSourceIpRangesToNat("LIST_OF_SECONDARY_IP_RANGES").addSecondaryIpRangeNames("egress"))
                .setEnableEndpointIndependentMapping(false)
                .addAllNatIps(natIps).addAllDrainNatIps(drain).addAllRules(rules).build();
    }

    static RouterNatRule pin(int number, String sourceIp, String address) {
        return RouterNatRule.newBuilder().setRuleNumber(number).setMatch("source.ip == '" + sourceIp + "'")
                .setAction(RouterNatRuleAction.newBuilder().addSourceNatActiveIps(address)).build();
    }

    @Test
    void cloudNatPinsEachSlotAndDrainsBeforeRelease() {
        Address a0 = port.insertAddress(REGION, external(slot("payments", 0)));
        Address a1 = port.insertAddress(REGION, external(slot("payments", 1)));
        port.patchRouterNats(REGION, "gw-router", nats -> List.of(nat(List.of(a0.getSelfLink()), List.of(),
                List.of(pin(100, "10.4.16.7", a0.getSelfLink()), pin(101, "10.4.16.8", a1.getSelfLink())))));
        RouterNat stored = port.getRouter(REGION, "gw-router").getNats(0);
        assertEquals(2, stored.getRulesCount());
        assertEquals(a1.getSelfLink(), stored.getRules(1).getAction().getSourceNatActiveIps(0));
        assertEquals("IN_USE", simAddress(a1.getName()).path("status").asText());
        // retire slot 1: its rule goes and its IP drains; only then can it be released
        port.patchRouterNats(REGION, "gw-router", nats -> List.of(nat(List.of(), List.of(a0.getSelfLink()),
                List.of(pin(100, "10.4.16.7", a1.getSelfLink())))));
        assertEquals(List.of(a0.getSelfLink()), port.getRouter(REGION, "gw-router").getNats(0).getDrainNatIpsList());
        ProviderException busy = assertThrows(ProviderException.class, () -> port.deleteAddress(REGION, a0.getName()));
        assertEquals(ComputeErrors.IN_USE, busy.code());
        port.patchRouterNats(REGION, "gw-router", nats -> List.of(nat(List.of(), List.of(),
                List.of(pin(100, "10.4.16.7", a1.getSelfLink())))));
        port.deleteAddress(REGION, a0.getName());
        assertEquals(1, sim.state().addresses.size());
    }

    @Test
    void sourceRulesRefusedWhereUnsupported() {
        sim.update(s -> s.sourceNatRules = false);
        Address a0 = port.insertAddress(REGION, external(slot("payments", 0)));
        ProviderException e = assertThrows(ProviderException.class, () -> port.patchRouterNats(REGION, "gw-router",
                nats -> List.of(nat(List.of(), List.of(), List.of(pin(100, "10.4.16.7", a0.getSelfLink()))))));
        assertTrue(e.getMessage().contains("Source-based NAT rules are not supported"), e.getMessage());
        // the fallback: a NAT whose whole IP set is the gateway's
        port.patchRouterNats(REGION, "gw-router", nats -> List.of(nat(List.of(a0.getSelfLink()), List.of(), List.of())));
        assertEquals(List.of(a0.getSelfLink()), port.getRouter(REGION, "gw-router").getNats(0).getNatIpsList());
    }
}
