package dev.gatewarden.aws;

import static dev.gatewarden.aws.Ec2Fixture.CLOUD;
import static dev.gatewarden.aws.Ec2Fixture.instance;
import static dev.gatewarden.aws.Ec2Fixture.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.contract.CloudCalls;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.IpRecord;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.ec2.Ec2State;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.Settings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The provider through the real Ec2Client against the EC2 simulator on loopback. */
class AwsCloudProviderTest {
    /** The provider's roles, one change per batch. */
    private static CloudCalls on(CloudProvider p) {
        return CloudCalls.unobserved(p, "aws-tests");
    }

    private static final String OWNER = "prod-eu-1";
    private static final SlotId SLOT0 = new SlotId("payments", 0);
    private static final SlotId SLOT1 = new SlotId("payments", 1);
    private Ec2Fixture fx;
    private AwsCloudProvider provider;

    @BeforeEach
    void start() {
        fx = new Ec2Fixture();
        provider = fx.provider(OWNER);
    }

    @AfterEach
    void stop() {
        provider.close();
        fx.close();
    }

    private CloudAddress assign(SlotId slot, int node, String ip) {
        return on(provider).assign(new CloudChange.AssignPrivate(CLOUD, slot, node(node), InterfaceSelector.PRIMARY, ip));
    }

    private CloudAddress allocatePublic(SlotId slot) {
        return on(provider).allocate(new CloudChange.AllocatePublic(CLOUD, slot));
    }

    private CloudChange.AttachPublic attachChange(SlotId slot, CloudAddress eip, int node, String privateIp) {
        return new CloudChange.AttachPublic(CLOUD, slot, eip.ip(), eip.ref(),
                node(node), InterfaceSelector.PRIMARY, null, privateIp, null, List.of());
    }

    private ObservedCloud observe(AwsCloudProvider p, int nodes) {
        return p.observe(new CloudScope(OWNER, Ec2Fixture.nodes(nodes), List.of("payments")));
    }

    private static CloudAddress find(ObservedCloud o, AddressKind kind, String ip) {
        return o.addresses().stream().filter(a -> a.kind() == kind && a.ip().equals(ip)).findFirst()
                .orElseThrow(() -> new AssertionError(kind + " " + ip + " not observed in " + o.addresses()));
    }

    @Test
    void assignsTheExactRequestedIpAndRecordsItOnTheInterface() {
        CloudAddress a = assign(SLOT0, 1, "10.0.1.50");

        assertEquals("10.0.1.50", a.ip());
        assertEquals(fx.eni(instance(1), 0), a.ref());
        assertEquals(AddressKind.PRIVATE, a.kind());
        Ec2State.Eni eni = fx.eniState(instance(1), 0);
        assertTrue(eni.privateIps.contains("10.0.1.50"));
        assertEquals(OWNER + "_payments_0", eni.tags.get("gatewarden-ip-10-0-1-50"));
    }

    @Test
    void letsEc2ChooseTheIpAndFindsOutWhichItChose() {
        CloudAddress a = assign(SLOT0, 2, null);

        Ec2State.Eni eni = fx.eniState(instance(2), 0);
        assertEquals(2, eni.privateIps.size());
        assertEquals(eni.privateIps.get(1), a.ip());
        assertNotEquals(eni.privateIps.get(0), a.ip());
        assertEquals(OWNER + "_payments_0", eni.tags.get(IpRecord.key(a.ip())));
    }

    @Test
    void assigningTheSameExactIpTwiceIsIdempotent() {
        assign(SLOT0, 1, "10.0.1.50");
        long before = fx.sim.calls().count("AssignPrivateIpAddresses");
        CloudAddress again = assign(SLOT0, 1, "10.0.1.50");

        assertEquals("10.0.1.50", again.ip());
        assertEquals(before, fx.sim.calls().count("AssignPrivateIpAddresses"));
    }

    @Test
    void movesAPrivateIpBetweenNodesAndItsRecordFollows() {
        assign(SLOT0, 1, "10.0.1.50");
        long assigns = fx.sim.calls().count("AssignPrivateIpAddresses");

        CloudAddress moved = on(provider).move(new CloudChange.MovePrivate(CLOUD, SLOT0, "10.0.1.50", node(1), node(2),
                InterfaceSelector.PRIMARY, List.of()));

        assertEquals(assigns + 1, fx.sim.calls().count("AssignPrivateIpAddresses"), "one call moves the IP");
        assertEquals(fx.eni(instance(2), 0), moved.interfaceId());
        Ec2State.Eni from = fx.eniState(instance(1), 0);
        Ec2State.Eni to = fx.eniState(instance(2), 0);
        assertFalse(from.privateIps.contains("10.0.1.50"));
        assertFalse(from.tags.containsKey("gatewarden-ip-10-0-1-50"));
        assertTrue(to.privateIps.contains("10.0.1.50"));
        assertEquals(OWNER + "_payments_0", to.tags.get("gatewarden-ip-10-0-1-50"));
        CloudAddress seen = find(observe(provider, 3), AddressKind.PRIVATE, "10.0.1.50");
        assertTrue(seen.node().sameNode(node(2)));
        assertEquals(SLOT0, seen.slot());
    }

    @Test
    void elasticIpFollowsItsPrivateIpOnMove() {
        assign(SLOT0, 1, "10.0.1.50");
        CloudAddress eip = allocatePublic(SLOT0);
        on(provider).associate(attachChange(SLOT0, eip, 1, "10.0.1.50"));

        on(provider).move(new CloudChange.MovePrivate(CLOUD, SLOT0, "10.0.1.50", node(1), node(2),
                InterfaceSelector.PRIMARY, List.of()));

        CloudAddress seen = find(observe(provider, 3), AddressKind.PUBLIC, eip.ip());
        assertTrue(seen.node().sameNode(node(2)), "EIP now on node 2: " + seen);
        assertEquals(fx.eni(instance(2), 0), seen.interfaceId());
        assertEquals("10.0.1.50", seen.boundPrivateIp());
        assertEquals(1, fx.sim.calls().count("AssociateAddress"), "no re-association needed");
    }

    @Test
    void associatesTheElasticIpWithTheSlotsPrivateIp() {
        CloudAddress priv = assign(SLOT0, 1, null);
        CloudAddress eip = allocatePublic(SLOT0);
        assertTrue(eip.ip().startsWith("198.51.100.") || eip.ip().startsWith("203.0.113."), eip.ip());

        // the executor resolves the plan's references to this run's allocations before the provider is called
        CloudAddress attached = on(provider).associate(attachChange(SLOT0, eip, 1, priv.ip()));

        assertEquals(eip.ref(), attached.ref());
        assertEquals(priv.ip(), attached.boundPrivateIp());
        Ec2State.Address state = fx.sim.state().addresses.get(eip.ref());
        assertEquals(fx.eni(instance(1), 0), state.interfaceId);
        assertEquals(priv.ip(), state.privateIp);
        assertEquals(Map.of("gatewarden-owner", OWNER, "gatewarden-gateway", "payments", "gatewarden-slot", "0"),
                state.tags, "tagged at creation");
        assertEquals(1, fx.sim.calls().count("CreateTags"), "only the private IP record is tagged after creation");
    }

    @Test
    void refusesToAssociateWithTheNodesPrimaryIp() {
        CloudAddress eip = allocatePublic(SLOT0);

        ProviderException e = assertThrows(ProviderException.class,
                () -> on(provider).associate(attachChange(SLOT0, eip, 1, "10.0.1.11")));

        assertEquals("PrimaryIpRefused", e.code());
        assertTrue(e.getMessage().contains("primary private IP"), e.getMessage());
        String egressPrimary = fx.eniState(instance(1), 1).privateIps.get(0);
        ProviderException onEgress = assertThrows(ProviderException.class, () -> on(provider).associate(
                new CloudChange.AttachPublic(CLOUD, SLOT0, eip.ip(), eip.ref(), node(1), new InterfaceSelector(1, null),
                        null, egressPrimary, null, List.of())));
        assertEquals("PrimaryIpRefused", onEgress.code());
        assertEquals(0, fx.sim.calls().count("AssociateAddress"));
    }

    @Test
    void allowPrimaryIpOnTheCloudEntryPermitsIt() {
        Settings allowing = fx.settings(1000).with(Map.of("allowPrimaryIp", true));
        try (AwsCloudProvider p = fx.provider(OWNER, allowing, fx.calls)) {
            CloudAddress eip = on(p).allocate(new CloudChange.AllocatePublic(CLOUD, SLOT0));

            CloudAddress attached = on(p).associate(attachChange(SLOT0, eip, 1, "10.0.1.11"));

            assertEquals("10.0.1.11", attached.boundPrivateIp());
            assertEquals("10.0.1.11", fx.sim.state().addresses.get(eip.ref()).privateIp);
        }
    }

    @Test
    void quotaExhaustionSaysWhatToDo() {
        fx.sim.eipQuota(2);
        allocatePublic(SLOT0);
        allocatePublic(SLOT1);

        ProviderException e = assertThrows(ProviderException.class, () -> allocatePublic(new SlotId("payments", 2)));

        assertEquals("AddressLimitExceeded", e.code());
        assertFalse(e.isTransient());
        assertTrue(e.getMessage().contains("'EC2-VPC Elastic IPs' in Service Quotas"), e.getMessage());
        assertTrue(e.getMessage().contains("release unused EIPs"), e.getMessage());
    }

    @Test
    void throttlingIsRetriedAndEveryAttemptCounted() {
        fx.sim.faults().inject("AllocateAddress", Fault.throttle(), 2);

        CloudAddress eip = allocatePublic(SLOT0);

        assertTrue(fx.sim.state().addresses.containsKey(eip.ref()));
        assertEquals(3, fx.sim.calls().count("AllocateAddress"));
        assertEquals(3, fx.calls.count(CLOUD, "AllocateAddress"), "retries are visible in the call recorder");
    }

    @Test
    void persistentThrottlingIsTransient() {
        fx.sim.faults().inject("DescribeAddresses", Fault.throttle(), 10);

        try (AwsCloudProvider twoAttempts = fx.provider(OWNER, fx.settings(1000, 2), fx.calls)) {
            ProviderException e = assertThrows(ProviderException.class, () -> observe(twoAttempts, 1));

            assertTrue(e.isTransient());
            assertEquals("RequestLimitExceeded", e.code());
            assertTrue(e.getMessage().contains("next round retries"), e.getMessage());
            assertEquals(2, fx.calls.count(CLOUD, "DescribeAddresses"), "maxAttempts 2");
        }
    }

    @Test
    void serverErrorsAreRetriedThenTransient() {
        fx.sim.faults().inject("DescribeAddresses", Fault.error(500, "InternalError", "An internal error has occurred"), 1);
        assertEquals(List.of(), observe(provider, 1).addresses(), "one 500 is retried away");
        assertEquals(2, fx.sim.calls().count("DescribeAddresses"));

        fx.sim.faults().inject("AllocateAddress", Fault.error(503, "Unavailable", "Service unavailable"), 10);
        ProviderException e = assertThrows(ProviderException.class, () -> allocatePublic(SLOT0));
        assertTrue(e.isTransient());
        assertEquals(4, fx.sim.calls().count("AllocateAddress"), "maxAttempts 4");
    }

    @Test
    void unauthorizedNamesTheIamAction() {
        fx.sim.faults().inject("AllocateAddress",
                Fault.error(403, "UnauthorizedOperation", "You are not authorized to perform this operation."), 1);

        ProviderException e = assertThrows(ProviderException.class, () -> allocatePublic(SLOT0));

        assertEquals("UnauthorizedOperation", e.code());
        assertTrue(e.getMessage().contains("ec2:AllocateAddress"), e.getMessage());
        assertTrue(e.getMessage().contains("iam-policy.json"), e.getMessage());
    }

    @Test
    void detachThenReleaseAnAssociatedAddress() {
        assign(SLOT0, 1, "10.0.1.50");
        CloudAddress eip = allocatePublic(SLOT0);
        on(provider).associate(attachChange(SLOT0, eip, 1, "10.0.1.50"));

        on(provider).disassociate(new CloudChange.DetachPublic(CLOUD, SLOT0, eip.ip(), eip.ref(), node(1), "10.0.1.50"));
        on(provider).release(new CloudChange.ReleasePublic(CLOUD, SLOT0, eip.ip(), eip.ref()));
        on(provider).unassign(new CloudChange.UnassignPrivate(CLOUD, SLOT0, node(1), "10.0.1.50"));

        assertTrue(fx.sim.state().addresses.isEmpty());
        Ec2State.Eni eni = fx.eniState(instance(1), 0);
        assertFalse(eni.privateIps.contains("10.0.1.50"));
        assertFalse(eni.tags.containsKey("gatewarden-ip-10-0-1-50"));
    }

    @Test
    void aFreshProviderObservesTheSameStateFromTagsAlone() {
        assign(SLOT0, 1, "10.0.1.50");
        assign(SLOT1, 2, null);
        CloudAddress eip = allocatePublic(SLOT0);
        on(provider).associate(attachChange(SLOT0, eip, 1, "10.0.1.50"));
        allocatePublic(SLOT1);
        ObservedCloud before = observe(provider, 3);

        try (AwsCloudProvider fresh = fx.provider(OWNER)) {
            ObservedCloud after = observe(fresh, 3);
            assertEquals(before, after);
        }
        assertEquals(4, before.addresses().size());
        CloudAddress pub = find(before, AddressKind.PUBLIC, eip.ip());
        assertEquals(SLOT0, pub.slot());
        assertEquals(OWNER, pub.owner());
        assertEquals("10.0.1.50", pub.boundPrivateIp());
        CloudAddress priv = find(before, AddressKind.PRIVATE, "10.0.1.50");
        assertEquals(SLOT0, priv.slot());
        assertEquals(OWNER, priv.owner());
        NodeInterface nic = before.interfaces().stream().filter(i -> i.node().sameNode(node(1)) && i.deviceIndex() == 0)
                .findFirst().orElseThrow();
        assertEquals(10, nic.maxPrivateIps(), "m5.large");
        assertEquals("10.0.1.11", nic.primaryIp());
        assertTrue(nic.privateIps().contains("10.0.1.50"));
    }

    @Test
    void observeUsesOneDescribeAddressesAndPagedInterfaceListing() {
        try (AwsCloudProvider small = fx.provider(OWNER, 5)) {
            assign(SLOT0, 6, null);
            fx.sim.calls().reset();
            fx.calls.snapshot();

            ObservedCloud o = observe(small, Ec2Fixture.NODES);

            assertEquals(1, fx.sim.calls().count("DescribeAddresses"));
            // 8 node interfaces in pages of 5 = 2 calls, plus 1 for records on nodes outside the scope
            assertEquals(3, fx.sim.calls().count("DescribeNetworkInterfaces"));
            assertEquals(2, fx.sim.calls().count("DescribeInstances"), "7 instance types in pages of 5, first time only");
            assertEquals(8, o.interfaces().size());
            assertEquals(1, o.addresses().size());

            fx.sim.calls().reset();
            observe(small, Ec2Fixture.NODES);
            assertEquals(Map.of("DescribeAddresses", 1L, "DescribeNetworkInterfaces", 3L), fx.sim.calls().snapshot());
        }
    }

    @Test
    void observeFindsOwnedIpsOnNodesOutsideTheScope() {
        assign(SLOT0, 5, "10.0.1.60");

        ObservedCloud o = observe(provider, 2);

        CloudAddress a = find(o, AddressKind.PRIVATE, "10.0.1.60");
        assertTrue(a.node().sameNode(node(5)));
        assertTrue(o.interfaces().stream().noneMatch(i -> i.node().sameNode(node(5))), "interfaces: only scope nodes");
    }

    @Test
    void usesTheInterfaceThePlanChoseWithoutSelectingAgain() {
        // the planner matched the selector in the round's observation; the provider takes its choice as is
        String egressEni = fx.eni(instance(1), 1);
        CloudAddress assigned = on(provider).assign(new CloudChange.AssignPrivate(CLOUD, SLOT0, node(1),
                InterfaceSelector.PRIMARY, egressEni, null));
        assertEquals(egressEni, assigned.ref());
        assertTrue(assigned.ip().startsWith("10.0.9."), assigned.ip());
        assertEquals(1, fx.eniState(instance(1), 0).privateIps.size(), "the selector's interface untouched");

        ProviderException gone = assertThrows(ProviderException.class, () -> on(provider).assign(
                new CloudChange.AssignPrivate(CLOUD, SLOT1, node(2), InterfaceSelector.PRIMARY, egressEni, null)));
        assertTrue(gone.getMessage().contains("interface " + egressEni + " that the plan chose"), gone.getMessage());
        assertEquals(Ec2Errors.NOT_FOUND_INTERFACE, gone.code());
    }

    @Test
    void selectsASecondaryInterfaceByDeviceIndexOrSubnet() {
        CloudAddress byIndex = on(provider).assign(new CloudChange.AssignPrivate(CLOUD, SLOT0, node(1),
                new InterfaceSelector(1, null), null));
        CloudAddress bySubnet = on(provider).assign(new CloudChange.AssignPrivate(CLOUD, SLOT1, node(1),
                new InterfaceSelector(null, Ec2Fixture.SUBNET_EGRESS), "10.0.9.20"));

        String egressEni = fx.eni(instance(1), 1);
        assertEquals(egressEni, byIndex.ref());
        assertEquals(egressEni, bySubnet.ref());
        assertTrue(byIndex.ip().startsWith("10.0.9."), byIndex.ip());
        assertTrue(fx.eniState(instance(1), 1).privateIps.containsAll(List.of(byIndex.ip(), "10.0.9.20")));
        assertEquals(1, fx.eniState(instance(1), 0).privateIps.size(), "primary interface untouched");

        ProviderException e = assertThrows(ProviderException.class, () -> on(provider).assign(
                new CloudChange.AssignPrivate(CLOUD, SLOT1, node(2), new InterfaceSelector(1, null), null)));
        assertTrue(e.getMessage().contains("no interface matching device 1"), e.getMessage());
    }

    @Test
    void interfaceLimitNamesTheInstanceType() {
        NodeRef small = NodeRef.parse("aws:///eu-west-1a/" + Ec2Fixture.SMALL);
        for (int i = 0; i < 5; i++) {
            on(provider).assign(new CloudChange.AssignPrivate(CLOUD, new SlotId("small", i), small, null, null));
        }

        ProviderException e = assertThrows(ProviderException.class, () -> on(provider).assign(
                new CloudChange.AssignPrivate(CLOUD, new SlotId("small", 5), small, null, null)));

        assertEquals("PrivateIpAddressLimitExceeded", e.code());
        assertTrue(e.getMessage().contains("t3.medium allows 6 IPv4 addresses per interface"), e.getMessage());
    }

    @Test
    void anIpInUseElsewhereIsRefusedAndLeavesNoRecord() {
        assign(SLOT0, 2, "10.0.1.50");

        ProviderException e = assertThrows(ProviderException.class, () -> assign(SLOT1, 3, "10.0.1.50"));

        assertEquals("InvalidParameterValue", e.code(), "EC2's answer (API-NOTES H.1)");
        assertTrue(e.getMessage().contains("already in use"), e.getMessage());
        assertFalse(fx.eniState(instance(3), 0).tags.containsKey("gatewarden-ip-10-0-1-50"));
        assertTrue(fx.eniState(instance(2), 0).privateIps.contains("10.0.1.50"));
    }

    @Test
    void unknownInstanceIsReportedClearly() {
        NodeRef ghost = NodeRef.parse("aws:///eu-west-1a/i-0ffffffffffffffff");

        ProviderException e = assertThrows(ProviderException.class, () -> on(provider).assign(
                new CloudChange.AssignPrivate(CLOUD, SLOT0, ghost, null, null)));

        assertEquals("InvalidInstanceID.NotFound", e.code());
        assertTrue(e.getMessage().contains("i-0ffffffffffffffff"), e.getMessage());
    }

    @Test
    void externalElasticIpIsReportedAndNeverReleased() {
        fx.close();
        fx = new Ec2Fixture(Map.of("198.51.100.200", Map.of("gatewarden-owner", OWNER, "gatewarden-gateway", "payments",
                "gatewarden-slot", "0", "gatewarden-lifecycle", "external")));
        provider.close();
        provider = fx.provider(OWNER);
        assign(SLOT0, 1, "10.0.1.50");

        CloudAddress ext = find(observe(provider, 1), AddressKind.PUBLIC, "198.51.100.200");
        assertTrue(ext.external());
        on(provider).associate(attachChange(SLOT0, ext, 1, "10.0.1.50"));
        assertEquals("10.0.1.50", fx.sim.state().addresses.get(ext.ref()).privateIp);

        OwnershipConflictException e = assertThrows(OwnershipConflictException.class,
                () -> on(provider).release(new CloudChange.ReleasePublic(CLOUD, SLOT0, ext.ip(), ext.ref())));
        assertTrue(e.getMessage().contains("never releases"), e.getMessage());
    }

    // API-NOTES H.1: behaviours of real EC2 the simulator used to hide
    private static final String OTHER_VPC = "vpc-0000000000000000b";
    private static final String OTHER_SUBNET = "subnet-0000000000000000b1";
    private static final String OTHER_INSTANCE = "i-0000000000000b001";
    /** Sorts before every interface of the fixture, so an unscoped lookup finds it first. */
    private static final String OTHER_ENI = "eni-00000000000000000";

    @Test
    void aMoveFindsTheIpInTheTargetsVpcNotInAnOverlappingOne() {
        // another team's VPC with the same CIDR holds 10.0.1.50 too, on an interface listed first
        stop();
        fx = new Ec2Fixture(Map.of(), w -> w.vpc(OTHER_VPC, "10.0.0.0/16")
                .subnet(OTHER_SUBNET, OTHER_VPC, "10.0.1.0/24", "eu-west-1a")
                .instance(OTHER_INSTANCE, "m5.large", "eu-west-1a", OTHER_SUBNET, "10.0.1.10")
                .networkInterface(OTHER_INSTANCE, 1, OTHER_SUBNET, OTHER_ENI, "10.0.1.50"));
        provider = fx.provider(OWNER);
        assign(SLOT0, 1, "10.0.1.50");

        // node 1 left the gateway: the move names no source node, so the provider looks the IP up
        CloudAddress moved = on(provider).move(new CloudChange.MovePrivate(CLOUD, SLOT0, "10.0.1.50", null, node(2),
                InterfaceSelector.PRIMARY, List.of()));

        assertEquals(fx.eni(instance(2), 0), moved.interfaceId());
        assertTrue(fx.eniState(instance(2), 0).privateIps.contains("10.0.1.50"));
        assertFalse(fx.eniState(instance(1), 0).privateIps.contains("10.0.1.50"));
        assertTrue(fx.sim.state().interfaces.get(OTHER_ENI).privateIps.contains("10.0.1.50"), "the other VPC's IP");
        assertFalse(fx.eniState(instance(1), 0).tags.containsKey("gatewarden-ip-10-0-1-50"), "old record dropped");
    }

    @Test
    void emptyStringFieldsAreAbsent() {
        fx.sim.quirks(true, false);
        CloudAddress eip = allocatePublic(SLOT0);

        CloudAddress seen = observe(provider, 2).addresses().stream().filter(a -> a.kind() == AddressKind.PUBLIC).findFirst()
                .orElseThrow();
        assertNull(seen.node(), "an empty instanceId is no node");
        assertNull(seen.interfaceId(), "an empty networkInterfaceId is no interface");
        assertNull(seen.boundPrivateIp());

        on(provider).disassociate(new CloudChange.DetachPublic(CLOUD, SLOT0, eip.ip(), eip.ref(), null, null));
        assertEquals(0, fx.sim.calls().count("DisassociateAddress"), "an empty associationId is no association");
    }

    @Test
    void aDescribeRightAfterTheAllocationThatAnswersNotFoundIsAskedAgain() {
        assign(SLOT0, 1, "10.0.1.50");
        fx.sim.consistencyLag(700);
        CloudAddress eip = allocatePublic(SLOT0);

        CloudAddress attached = on(provider).associate(new CloudChange.AttachPublic(CLOUD, SLOT0, eip.ip(), eip.ref(), node(1),
                InterfaceSelector.PRIMARY, null, "10.0.1.50", null, List.of()));

        assertEquals("10.0.1.50", attached.boundPrivateIp());
        assertEquals("10.0.1.50", fx.sim.state().addresses.get(eip.ref()).privateIp);
        assertEquals(1, fx.sim.calls().count("AllocateAddress"), "not taken for gone and allocated again");
        assertTrue(fx.sim.calls().count("DescribeAddresses") >= 2, "asked again while EC2 did not show it");
    }

    @Test
    void whatACountedAssignAddedComesFromTheInterfaceNotOnlyTheResponse() {
        assign(SLOT0, 1, "10.0.1.50");
        fx.sim.quirks(false, true); // the response also lists 10.0.1.50, held before

        CloudAddress second = assign(SLOT1, 1, null);

        assertNotEquals("10.0.1.50", second.ip());
        assertEquals(List.of("10.0.1.11", "10.0.1.50", second.ip()), fx.eniState(instance(1), 0).privateIps);
        Map<String, String> tags = fx.eniState(instance(1), 0).tags;
        assertEquals(OWNER + "_payments_0", tags.get("gatewarden-ip-10-0-1-50"), "slot 0's record untouched");
        assertEquals(OWNER + "_payments_1", tags.get(IpRecord.key(second.ip())));
    }

    @Test
    void aLostAllocateAddressAnswerLeavesNoSecondElasticIp() {
        fx.sim.faults().inject("AllocateAddress", Fault.lostResponse()); // allocated, then the answer is lost

        CloudAddress eip = allocatePublic(SLOT0); // the SDK retries: a second address is allocated

        assertEquals(2, fx.sim.calls().count("AllocateAddress"), "the SDK retried");
        assertEquals(List.of(eip.ref()), List.copyOf(fx.sim.state().addresses.keySet()),
                "the surplus address of the slot was released");
        assertEquals(1, fx.sim.calls().count("ReleaseAddress"));
    }

    @Test
    void anUnretriedAllocationCostsNoExtraCall() {
        allocatePublic(SLOT0);
        assertEquals(0, fx.sim.calls().count("DescribeAddresses"));
    }

    @Test
    void aLostCountedAssignAnswerLeavesNoUntrackedPrivateIp() {
        fx.sim.faults().inject("AssignPrivateIpAddresses", Fault.lostResponse()); // assigned, then the answer is lost

        CloudAddress a = assign(SLOT0, 1, null); // the SDK retries: a second IP is assigned

        assertEquals(2, fx.sim.calls().count("AssignPrivateIpAddresses"), "the SDK retried");
        Ec2State.Eni eni = fx.eniState(instance(1), 0);
        assertEquals(List.of("10.0.1.11", a.ip()), eni.privateIps, "the surplus IP was unassigned");
        assertEquals(OWNER + "_payments_0", eni.tags.get(IpRecord.key(a.ip())));
    }

    /** Rewrites the record of {@code ip} on {@code eni} in the simulator's persisted state, as an older release wrote it. */
    private void writeLegacyRecord(String eni, String ip, String legacyValue) {
        ObjectNode world = (ObjectNode) fx.sim.snapshot();
        ((ObjectNode) world.path("interfaces").path(eni).path("tags")).put(IpRecord.key(ip), legacyValue);
        fx.sim.restore(world);
    }

    @Test
    void anOldFormatRecordIsObservedAndRewrittenInTheLabelValidFormat() {
        on(provider).assign(new CloudChange.AssignPrivate(CLOUD, SLOT0, node(1), InterfaceSelector.PRIMARY,
                "10.0.1.50"));
        on(provider).assign(new CloudChange.AssignPrivate(CLOUD, SLOT1, node(1), InterfaceSelector.PRIMARY,
                "10.0.1.51"));
        String eni = fx.eni(instance(1), 0);
        writeLegacyRecord(eni, "10.0.1.50", OWNER + "/payments/0");
        writeLegacyRecord(eni, "10.0.1.51", OWNER + "/payments/1");
        assertEquals(OWNER + "/payments/0", fx.eniState(instance(1), 0).tags.get("gatewarden-ip-10-0-1-50"));

        // observed exactly as before the format changed (a fresh provider: nothing remembered)
        try (AwsCloudProvider fresh = fx.provider(OWNER)) {
            ObservedCloud seen = observe(fresh, 2);
            CloudAddress priv = find(seen, AddressKind.PRIVATE, "10.0.1.50");
            assertEquals(SLOT0, priv.slot());
            assertEquals(OWNER, priv.owner());
            assertEquals(SLOT1, find(seen, AddressKind.PRIVATE, "10.0.1.51").slot());

            // the next write of the record rewrites it: the idempotent assignment of the same IP...
            long assigns = fx.sim.calls().count("AssignPrivateIpAddresses");
            on(fresh).assign(new CloudChange.AssignPrivate(CLOUD, SLOT0, node(1), InterfaceSelector.PRIMARY,
                    "10.0.1.50"));
            assertEquals(assigns, fx.sim.calls().count("AssignPrivateIpAddresses"), "no second assignment");
            assertEquals(OWNER + "_payments_0", fx.eniState(instance(1), 0).tags.get("gatewarden-ip-10-0-1-50"));

            // ...and a move, which records the new format on the target and drops the old record
            on(fresh).move(new CloudChange.MovePrivate(CLOUD, SLOT1, "10.0.1.51", node(1), node(2),
                    InterfaceSelector.PRIMARY, List.of()));
            assertEquals(OWNER + "_payments_1", fx.eniState(instance(2), 0).tags.get("gatewarden-ip-10-0-1-51"));
            assertFalse(fx.eniState(instance(1), 0).tags.containsKey("gatewarden-ip-10-0-1-51"));
            assertEquals(observe(fresh, 2).addresses().stream().filter(a -> a.kind() == AddressKind.PRIVATE).count(), 2);
        }
    }

    @Test
    void anOldFormatRecordIsUnassignedLikeACurrentOne() {
        on(provider).assign(new CloudChange.AssignPrivate(CLOUD, SLOT0, node(1), InterfaceSelector.PRIMARY,
                "10.0.1.50"));
        writeLegacyRecord(fx.eni(instance(1), 0), "10.0.1.50", OWNER + "/payments/0");

        on(provider).unassign(new CloudChange.UnassignPrivate(CLOUD, SLOT0, node(1), "10.0.1.50"));

        Ec2State.Eni eni = fx.eniState(instance(1), 0);
        assertFalse(eni.privateIps.contains("10.0.1.50"));
        assertFalse(eni.tags.containsKey("gatewarden-ip-10-0-1-50"), "the old record is dropped with the IP");
    }
}
