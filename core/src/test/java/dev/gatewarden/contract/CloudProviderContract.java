package dev.gatewarden.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gatewarden.GatewardenException.OwnershipConflictException;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.CloudChange.ReleasePublic;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudResult;
import dev.gatewarden.spi.CloudRound;
import dev.gatewarden.spi.CloudScope;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CloudProvider} passes against its sandbox simulator, through the real SDK. A plugin
 * module's test extends this class and implements the hooks; the scenarios (test methods) live here so every
 * provider meets the same assertions.
 *
 * <p>Hooks are called per test: {@link #startWorld()} before each test gives a fresh, empty world (no addresses)
 * with at least two nodes. The scenarios use only the SPI (the roles, with {@code CloudChange} records) and assert
 * through {@link CloudProvider#observe}. Scenarios are gated on the provider's declared {@link Capability}s: what a
 * provider declares, it must pass; what it does not declare is skipped (and refused at config load).
 *
 * <p>Allocating a public IP is not idempotent at the provider (a second call allocates a second address); a re-run
 * converges because the planner observes the tagged first one. Every other verb is idempotent and tested so.
 */
public abstract class CloudProviderContract {
    /** The owner every scenario's provider is created for. */
    protected static final String OWNER = "contract-test";
    /** Another owner, for the isolation scenario. */
    protected static final String OTHER_OWNER = "contract-other";
    protected static final SlotId G0 = new SlotId("g", 0);
    protected static final SlotId G1 = new SlotId("g", 1);

    private final List<CloudProvider> opened = new ArrayList<>();
    /** The calls of the scenario's main provider. */
    protected CallRecorder calls;
    /** The scenario's main provider, owned by {@link #OWNER}. */
    protected CloudProvider provider;
    /** The main provider's roles, one change per batch, each with a fresh observation as the round's. */
    protected CloudCalls cloud;

    /** Starts (or resets) the simulator world for one test. */
    protected abstract void startWorld();

    /** Stops the simulator after one test. */
    protected abstract void stopWorld();

    /** A new provider instance for the world, owned by {@code owner}, counting calls into {@code calls}. */
    protected abstract CloudProvider newProvider(String owner, CallRecorder calls);

    /**
     * Two or more nodes of the world (provider IDs as Kubernetes would give them). Nodes 0 and 1 must share a
     * subnet: a private IP moves from node 0 to node 1 in one scenario.
     */
    protected abstract List<NodeRef> nodes();

    /**
     * The {@code n}-th free private IP inside the subnet of nodes 0 and 1, which may be requested exactly on
     * either of them.
     */
    protected abstract String freePrivateIp(int n);

    /**
     * Puts a public IP without any ownership tag into the world (allocated by someone else), or returns empty when
     * the simulator cannot; the untagged-address scenario is then skipped.
     */
    protected Optional<CloudAddress> plantUntaggedPublicIp() {
        return Optional.empty();
    }

    /** Whether the public IP {@link #plantUntaggedPublicIp()} planted still exists in the world. */
    protected boolean untaggedPublicIpStillExists(CloudAddress planted) {
        throw new UnsupportedOperationException("implement together with plantUntaggedPublicIp");
    }

    @BeforeEach
    void startContractWorld() {
        startWorld();
        calls = new CallRecorder();
        provider = open(OWNER, calls);
        cloud = calls(provider, OWNER);
    }

    @AfterEach
    void stopContractWorld() {
        try {
            for (CloudProvider p : opened) {
                p.close();
            }
        } finally {
            opened.clear();
            stopWorld();
        }
    }

    // ---------------------------------------------------------------- scenarios: every provider

    @Test
    void declaresTheSameCapabilitiesAsItsRolesShow() {
        assertEquals(provider.capabilities().contains(Capability.PUBLIC_IPS), provider.publicAddresses().isPresent(),
                "the public-address role is present exactly when PUBLIC_IPS is declared");
        assertNotNull(provider.privateAddresses(), "every cloud has the private-address role");
    }

    @Test
    void emptyWorldHasNoOwnedAddressesAndReportsTheNodesInterfaces() {
        ObservedCloud seen = observe(provider, OWNER);
        assertEquals(provider.name(), seen.cloud(), "observe names the cloud account");
        assertTrue(owned(seen, OWNER).isEmpty(), "a fresh world holds no owned address: " + seen.addresses());
        for (NodeRef node : nodes()) {
            List<NodeInterface> nics = seen.interfaces().stream().filter(i -> node.sameNode(i.node())).toList();
            assertFalse(nics.isEmpty(), "interfaces of " + node + " reported");
            assertTrue(nics.stream().anyMatch(i -> i.matches(InterfaceSelector.PRIMARY)),
                    "the primary interface of " + node + " has device index 0: " + nics);
            nics.forEach(i -> assertNotNull(i.primaryIp(), "primary IP of " + i.interfaceId()));
        }
    }

    @Test
    void privateIpChosenByTheCloudIsOnTheNodeWithItsSlot() {
        NodeRef node0 = nodes().get(0);
        CloudAddress made = cloud.assign(G0, node0, null);
        assertNotNull(made.ip(), "assign returns the IP the cloud chose");
        assertEquals(AddressKind.PRIVATE, made.kind());

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PRIVATE, made.ip())
                .orElseThrow(() -> new AssertionError("observe lists private IP " + made.ip()));
        assertEquals(OWNER, seen.owner());
        assertEquals(G0, seen.slot());
        assertTrue(node0.sameNode(seen.node()), "private IP on " + node0 + ", observed on " + seen.node());
    }

    @Test
    void privateIpMovesToAnotherNodeWithItsSlot() {
        NodeRef node0 = nodes().get(0);
        NodeRef node1 = nodes().get(1);
        CloudAddress priv = cloud.assign(G0, node0, null);

        CloudAddress moved = cloud.move(G0, priv.ip(), node0, node1);
        assertEquals(priv.ip(), moved.ip(), "the same IP moved");

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PRIVATE, priv.ip())
                .orElseThrow(() -> new AssertionError("private IP " + priv.ip() + " still owned after the move"));
        assertTrue(node1.sameNode(seen.node()), "private IP now on " + node1 + ", observed on " + seen.node());
        assertEquals(G0, seen.slot(), "the slot survives the move");
        assertDoesNotThrow(() -> cloud.move(G0, priv.ip(), node0, node1), "moving it again counts as done");
        assertTrue(node1.sameNode(find(observe(provider, OWNER), AddressKind.PRIVATE, priv.ip()).orElseThrow().node()));
    }

    @Test
    void unassigningAPrivateIpTwiceIsIdempotent() {
        NodeRef node0 = nodes().get(0);
        CloudAddress priv = cloud.assign(G0, node0, null);
        UnassignPrivate unassign = new UnassignPrivate(provider.name(), G0, node0, priv.ip());

        cloud.unassign(unassign);
        assertDoesNotThrow(() -> cloud.unassign(unassign), "unassigning an unassigned IP counts as done");

        ObservedCloud seen = observe(provider, OWNER);
        assertTrue(find(seen, AddressKind.PRIVATE, priv.ip()).isEmpty(), "private IP " + priv.ip() + " is gone");
        seen.interfaces().stream().filter(i -> node0.sameNode(i.node())).forEach(i ->
                assertFalse(i.privateIps().contains(priv.ip()), i.interfaceId() + " no longer holds " + priv.ip()));
    }

    @Test
    void unassigningAnIpThatWasNeverAssignedCountsAsDone() {
        NodeRef node0 = nodes().get(0);
        assertDoesNotThrow(() -> cloud.unassign(new UnassignPrivate(provider.name(), G0, node0, freePrivateIp(3))));
        assertTrue(owned(observe(provider, OWNER), OWNER).isEmpty());
    }

    @Test
    void anotherOwnersPrivateIpIsReportedButNeverTouched() {
        NodeRef node0 = nodes().get(0);
        CloudCalls other = calls(open(OTHER_OWNER, new CallRecorder()), OTHER_OWNER);
        CloudAddress theirs = other.assign(G0, node0, null);

        ObservedCloud seen = observe(provider, OWNER);
        assertTrue(owned(seen, OWNER).isEmpty(), "we own nothing: " + seen.addresses());
        seen.addresses().stream().filter(a -> theirs.ip().equals(a.ip())).forEach(a ->
                assertEquals(OTHER_OWNER, a.owner(), theirs.ip() + " is reported with its real owner"));
        assertThrows(OwnershipConflictException.class,
                () -> cloud.unassign(new UnassignPrivate(provider.name(), G0, node0, theirs.ip())),
                "unassigning another owner's private IP is an ownership conflict");
        assertTrue(observe(other.provider(), OTHER_OWNER).addresses().stream()
                .anyMatch(a -> theirs.ip().equals(a.ip()) && OTHER_OWNER.equals(a.owner())), "theirs is still there");
    }

    @Test
    void aNewProviderInstanceObservesTheSameStateFromTagsAlone() {
        NodeRef node0 = nodes().get(0);
        int expected;
        if (has(Capability.PUBLIC_IPS)) {
            cloud.allocateAssignAssociate(G0, node0, null);
            cloud.allocatePublic(G1);
            expected = 3;
        } else {
            cloud.assign(G0, node0, null);
            cloud.assign(G1, nodes().get(1), null);
            expected = 2;
        }
        Set<String> before = fingerprint(observe(provider, OWNER));

        CloudProvider restarted = open(OWNER, new CallRecorder());
        Set<String> after = fingerprint(observe(restarted, OWNER));

        assertEquals(expected, before.size(), "owned addresses: " + before);
        assertEquals(before, after, "a restarted provider rebuilds the same view from the cloud's tags");
    }

    @Test
    void observingCostsTheSameNumberOfCallsForOneAddressOrFour() {
        NodeRef node0 = nodes().get(0);
        cloud.assign(G0, node0, null);
        CallRecorder one = new CallRecorder();
        observe(open(OWNER, one), OWNER);

        cloud.assign(G1, node0, null);
        if (has(Capability.PUBLIC_IPS)) {
            cloud.allocatePublic(G0);
            cloud.allocatePublic(G1);
        } else {
            cloud.assign(new SlotId("g", 2), node0, null);
            cloud.assign(new SlotId("g", 3), node0, null);
        }
        CallRecorder four = new CallRecorder();
        ObservedCloud seen = observe(open(OWNER, four), OWNER);

        assertEquals(4, owned(seen, OWNER).size());
        assertEquals(totalCalls(one), totalCalls(four),
                "observe lists by tag filter, one call per page, never one per address: " + one.snapshot() + " vs "
                        + four.snapshot());
    }

    @Test
    void aBatchAnswersEachChangeInOrderAndIsolatesAFailure() {
        NodeRef node0 = nodes().get(0);
        CloudAddress theirs = calls(open(OTHER_OWNER, new CallRecorder()), OTHER_OWNER).assign(G1, node0, null);
        CloudAddress ours = cloud.assign(G0, node0, null);
        List<UnassignPrivate> batch = List.of(new UnassignPrivate(provider.name(), G1, node0, theirs.ip()),
                new UnassignPrivate(provider.name(), G0, node0, ours.ip()));

        List<CloudResult> results = provider.privateAddresses().unassign(batch, round());

        assertEquals(2, results.size(), "one result per change");
        assertSame(batch.get(0), results.get(0).change(), "results in the order of the changes");
        assertSame(batch.get(1), results.get(1).change());
        assertFalse(results.get(0).succeeded(), "another owner's IP is refused");
        assertTrue(results.get(1).succeeded(), "the refusal does not fail the rest of the batch: "
                + results.get(1).failure());
        assertTrue(find(observe(provider, OWNER), AddressKind.PRIVATE, ours.ip()).isEmpty());
    }

    // ---------------------------------------------------------------- scenarios: EXACT_PRIVATE_IP

    @Test
    void exactPrivateIpIsAssigned() {
        assumeCapability(Capability.EXACT_PRIVATE_IP);
        NodeRef node0 = nodes().get(0);
        String wanted = freePrivateIp(0);
        CloudAddress made = cloud.assign(G1, node0, wanted);
        assertEquals(wanted, made.ip(), "the requested IP is assigned");

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PRIVATE, wanted)
                .orElseThrow(() -> new AssertionError("observe lists private IP " + wanted));
        assertEquals(G1, seen.slot());
        assertTrue(node0.sameNode(seen.node()));
        NodeInterface nic = observe(provider, OWNER).interfaces().stream()
                .filter(i -> node0.sameNode(i.node()) && i.matches(InterfaceSelector.PRIMARY)).findFirst()
                .orElseThrow();
        assertTrue(nic.privateIps().contains(wanted), "the interface lists " + wanted + ": " + nic.privateIps());
        assertEquals(wanted, cloud.assign(G1, node0, wanted).ip(), "assigning the same exact IP again counts as done");
        assertEquals(1, owned(observe(provider, OWNER), OWNER).size(), "and adds nothing");
    }

    // ---------------------------------------------------------------- scenarios: PUBLIC_IPS

    @Test
    void allocatedPublicIpCarriesOwnerAndSlot() {
        assumeCapability(Capability.PUBLIC_IPS);
        CloudAddress made = cloud.allocatePublic(G0);
        assertNotNull(made.ip(), "allocate returns the IP");
        assertNotNull(made.ref(), "allocate returns the provider handle");
        assertEquals(AddressKind.PUBLIC, made.kind());

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PUBLIC, made.ip())
                .orElseThrow(() -> new AssertionError("observe lists the new public IP " + made.ip()));
        assertEquals(OWNER, seen.owner(), "owner tag set at creation");
        assertEquals(G0, seen.slot(), "slot tag set at creation");
        assertEquals(made.ref(), seen.ref());
        assertNull(seen.boundPrivateIp(), "a new public IP is not associated");
    }

    @Test
    void publicIpAttachesToThePrivateIpAndAttachingAgainIsDone() {
        assumeCapability(Capability.PUBLIC_IPS);
        NodeRef node0 = nodes().get(0);
        CloudAddress[] made = cloud.allocateAssignAssociate(G0, node0, null);
        CloudAddress pub = made[0];
        CloudAddress priv = made[1];

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).orElseThrow();
        assertEquals(priv.ip(), seen.boundPrivateIp(), "public IP associated with the private IP");
        assertTrue(node0.sameNode(seen.node()), "public IP on " + node0 + ", observed on " + seen.node());
        assertEquals(OWNER, seen.owner(), "attaching keeps the ownership tags");
        assertEquals(G0, seen.slot());

        cloud.associate(G0, pub, node0, priv.ip(), null);
        assertEquals(2, fingerprint(observe(provider, OWNER)).size(), "associating again changes nothing");
        assertEquals(priv.ip(), find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).orElseThrow()
                .boundPrivateIp());
    }

    @Test
    void publicIpFollowsOrReattachesAfterTheMove() {
        assumeCapability(Capability.PUBLIC_IPS);
        NodeRef node0 = nodes().get(0);
        NodeRef node1 = nodes().get(1);
        CloudAddress[] made = cloud.allocateAssignAssociate(G0, node0, null);
        CloudAddress pub = made[0];
        CloudAddress priv = made[1];

        cloud.move(G0, priv.ip(), node0, node1);

        CloudAddress pubNow = find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).orElseThrow();
        boolean followed = priv.ip().equals(pubNow.boundPrivateIp()) && node1.sameNode(pubNow.node());
        if (has(Capability.SINGLE_CALL_MOVE)) {
            assertTrue(followed, "a single-call move takes the association along: " + pubNow);
        } else if (!followed) {
            cloud.associate(G0, pub, node1, priv.ip(), pubNow.node());
            pubNow = find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).orElseThrow();
        }
        assertEquals(priv.ip(), pubNow.boundPrivateIp(), "public IP bound to the moved private IP");
        assertTrue(node1.sameNode(pubNow.node()), "public IP now on " + node1 + ", observed on " + pubNow.node());
    }

    @Test
    void detachedPublicIpIsUnboundAndDetachingAgainIsDone() {
        assumeCapability(Capability.PUBLIC_IPS);
        NodeRef node0 = nodes().get(0);
        CloudAddress[] made = cloud.allocateAssignAssociate(G0, node0, null);
        DetachPublic detach = new DetachPublic(provider.name(), G0, made[0].ip(), made[0].ref(), node0, made[1].ip());

        cloud.disassociate(detach);

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PUBLIC, made[0].ip())
                .orElseThrow(() -> new AssertionError("a detached public IP is still allocated and owned"));
        assertNull(seen.boundPrivateIp(), "no private IP bound after detach");
        assertNull(seen.node(), "no node after detach");
        assertDoesNotThrow(() -> cloud.disassociate(detach), "detaching again counts as done");
    }

    @Test
    void detachReleaseAndUnassignLeaveNothingOwned() {
        assumeCapability(Capability.PUBLIC_IPS);
        NodeRef node0 = nodes().get(0);
        CloudAddress[] made = cloud.allocateAssignAssociate(G0, node0, null);

        cloud.disassociate(new DetachPublic(provider.name(), G0, made[0].ip(), made[0].ref(), node0, made[1].ip()));
        cloud.release(new ReleasePublic(provider.name(), G0, made[0].ip(), made[0].ref()));
        cloud.unassign(new UnassignPrivate(provider.name(), G0, node0, made[1].ip()));

        assertTrue(owned(observe(provider, OWNER), OWNER).isEmpty(), "nothing owned is left");
    }

    @Test
    void releasingAPublicIpTwiceOrOneAlreadyGoneIsDone() {
        assumeCapability(Capability.PUBLIC_IPS);
        CloudAddress pub = cloud.allocatePublic(G0);
        ReleasePublic release = new ReleasePublic(provider.name(), G0, pub.ip(), pub.ref());
        DetachPublic detach = new DetachPublic(provider.name(), G0, pub.ip(), pub.ref(), null, null);

        cloud.release(release);
        assertDoesNotThrow(() -> cloud.release(release), "releasing a released IP counts as done");
        assertDoesNotThrow(() -> cloud.disassociate(detach), "disassociating a released IP counts as done");

        assertTrue(find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).isEmpty(),
                "released public IP " + pub.ip() + " is gone");
    }

    @Test
    void anotherOwnersPublicIpIsReportedButNeverReleased() {
        assumeCapability(Capability.PUBLIC_IPS);
        CloudCalls other = calls(open(OTHER_OWNER, new CallRecorder()), OTHER_OWNER);
        CloudAddress theirs = other.allocatePublic(G0);

        ObservedCloud seen = observe(provider, OWNER);
        assertTrue(owned(seen, OWNER).isEmpty(), "we own nothing: " + seen.addresses());
        seen.addresses().stream().filter(a -> theirs.ip().equals(a.ip())).forEach(a ->
                assertNotEquals(OWNER, a.owner(), theirs.ip() + " is reported with its real owner"));
        assertThrows(OwnershipConflictException.class,
                () -> cloud.release(new ReleasePublic(provider.name(), G0, theirs.ip(), theirs.ref())),
                "releasing another owner's public IP is an ownership conflict");
        assertTrue(find(observe(other.provider(), OTHER_OWNER), AddressKind.PUBLIC, theirs.ip(), OTHER_OWNER)
                .isPresent(), "theirs is still allocated");
    }

    @Test
    void anUntaggedPublicIpIsNeitherOwnedNorReleased() {
        assumeCapability(Capability.PUBLIC_IPS);
        Optional<CloudAddress> planted = plantUntaggedPublicIp();
        assumeTrue(planted.isPresent(), "the world cannot hold an untagged public IP");
        CloudAddress untagged = planted.get();

        ObservedCloud seen = observe(provider, OWNER);
        assertTrue(owned(seen, OWNER).isEmpty(), "an untagged address is not ours: " + seen.addresses());
        assertThrows(OwnershipConflictException.class,
                () -> cloud.release(new ReleasePublic(provider.name(), G0, untagged.ip(), untagged.ref())),
                "releasing an untagged public IP is an ownership conflict");
        assertTrue(untaggedPublicIpStillExists(untagged), "the untagged public IP is still there");
    }

    // ---------------------------------------------------------------- helpers

    protected boolean has(Capability c) {
        return provider.capabilities().contains(c);
    }

    /** Skips the scenario (Caffeine-style gating) when the provider does not declare {@code c}. */
    protected void assumeCapability(Capability c) {
        assumeTrue(has(c), provider.name() + " does not declare " + c);
    }

    /** A fresh observation of the main provider, as the executor hands it over with a batch. */
    protected CloudRound round() {
        return new CloudRound(OWNER, observe(provider, OWNER));
    }

    /** Drives {@code p}'s roles with a fresh observation of {@code p} per call. */
    protected CloudCalls calls(CloudProvider p, String owner) {
        return new CloudCalls(p, () -> new CloudRound(owner, observe(p, owner)));
    }

    private static long totalCalls(CallRecorder recorder) {
        return recorder.snapshot().values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Opens a provider that is closed after the test. */
    protected CloudProvider open(String owner, CallRecorder recorder) {
        CloudProvider p = newProvider(owner, recorder);
        opened.add(p);
        return p;
    }

    protected ObservedCloud observe(CloudProvider p, String owner) {
        return p.observe(new CloudScope(owner, nodes(), List.of("g")));
    }

    protected static List<CloudAddress> owned(ObservedCloud seen, String owner) {
        return seen.addresses().stream().filter(a -> owner.equals(a.owner())).toList();
    }

    protected static Optional<CloudAddress> find(ObservedCloud seen, AddressKind kind, String ip) {
        return find(seen, kind, ip, OWNER);
    }

    protected static Optional<CloudAddress> find(ObservedCloud seen, AddressKind kind, String ip, String owner) {
        return seen.addresses().stream()
                .filter(a -> a.kind() == kind && ip.equals(a.ip()) && owner.equals(a.owner())).findFirst();
    }

    private static Set<String> fingerprint(ObservedCloud seen) {
        Set<String> out = new TreeSet<>();
        for (CloudAddress a : owned(seen, OWNER)) {
            out.add(a.kind() + " " + a.ip() + " slot=" + a.slot() + " ref=" + a.ref() + " node="
                    + (a.node() == null ? null : a.node().key()) + " bound=" + a.boundPrivateIp());
        }
        return out;
    }
}
