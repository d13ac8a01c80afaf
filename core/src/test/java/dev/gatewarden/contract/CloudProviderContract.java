package dev.gatewarden.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeInterface;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange.AllocatePublic;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.CloudChange.MovePrivate;
import dev.gatewarden.plan.CloudChange.ReleasePublic;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
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
 * with at least two nodes. The scenarios use only the SPI ({@code CloudChange} records) and assert through
 * {@link CloudProvider#observe}.
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

    @BeforeEach
    void startContractWorld() {
        startWorld();
        calls = new CallRecorder();
        provider = open(OWNER, calls);
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

    // ---------------------------------------------------------------- scenarios

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
    void allocatedPublicIpCarriesOwnerAndSlot() {
        CloudAddress made = provider.allocate(new AllocatePublic(provider.name(), G0));
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
    void privateIpChosenByTheCloudIsOnTheNodeWithItsSlot() {
        NodeRef node0 = nodes().get(0);
        CloudAddress made = provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY,
                null));
        assertNotNull(made.ip(), "assign returns the IP the cloud chose");
        assertEquals(AddressKind.PRIVATE, made.kind());

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PRIVATE, made.ip())
                .orElseThrow(() -> new AssertionError("observe lists private IP " + made.ip()));
        assertEquals(OWNER, seen.owner());
        assertEquals(G0, seen.slot());
        assertTrue(node0.sameNode(seen.node()), "private IP on " + node0 + ", observed on " + seen.node());
    }

    @Test
    void exactPrivateIpIsAssigned() {
        NodeRef node0 = nodes().get(0);
        String wanted = freePrivateIp(0);
        CloudAddress made = provider.allocate(new AssignPrivate(provider.name(), G1, node0, InterfaceSelector.PRIMARY,
                wanted));
        assertEquals(wanted, made.ip(), "the requested IP is assigned");

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PRIVATE, wanted)
                .orElseThrow(() -> new AssertionError("observe lists private IP " + wanted));
        assertEquals(G1, seen.slot());
        assertTrue(node0.sameNode(seen.node()));
        NodeInterface nic = observe(provider, OWNER).interfaces().stream()
                .filter(i -> node0.sameNode(i.node()) && i.matches(InterfaceSelector.PRIMARY)).findFirst()
                .orElseThrow();
        assertTrue(nic.privateIps().contains(wanted), "the interface lists " + wanted + ": " + nic.privateIps());
    }

    @Test
    void publicIpAttachesToThePrivateIp() {
        NodeRef node0 = nodes().get(0);
        CloudAddress pub = provider.allocate(new AllocatePublic(provider.name(), G0));
        CloudAddress priv = provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY,
                freePrivateIp(0)));

        provider.attach(new AttachPublic(provider.name(), G0, pub.ip(), pub.ref(), node0, InterfaceSelector.PRIMARY,
                priv.ip(), null, List.of()));

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).orElseThrow();
        assertEquals(priv.ip(), seen.boundPrivateIp(), "public IP associated with the private IP");
        assertTrue(node0.sameNode(seen.node()), "public IP on " + node0 + ", observed on " + seen.node());
        assertEquals(OWNER, seen.owner(), "attaching keeps the ownership tags");
        assertEquals(G0, seen.slot());
    }

    @Test
    void privateIpMovesToAnotherNodeAndThePublicIpFollowsOrReattaches() {
        NodeRef node0 = nodes().get(0);
        NodeRef node1 = nodes().get(1);
        CloudAddress pub = provider.allocate(new AllocatePublic(provider.name(), G0));
        CloudAddress priv = provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY,
                freePrivateIp(0)));
        provider.attach(new AttachPublic(provider.name(), G0, pub.ip(), pub.ref(), node0, InterfaceSelector.PRIMARY,
                priv.ip(), null, List.of()));

        provider.attach(new MovePrivate(provider.name(), G0, priv.ip(), node0, node1, InterfaceSelector.PRIMARY,
                List.of()));

        ObservedCloud afterMove = observe(provider, OWNER);
        CloudAddress moved = find(afterMove, AddressKind.PRIVATE, priv.ip())
                .orElseThrow(() -> new AssertionError("private IP " + priv.ip() + " still owned after the move"));
        assertTrue(node1.sameNode(moved.node()), "private IP now on " + node1 + ", observed on " + moved.node());
        assertEquals(G0, moved.slot(), "the slot survives the move");

        CloudAddress pubNow = find(afterMove, AddressKind.PUBLIC, pub.ip()).orElseThrow();
        if (!(priv.ip().equals(pubNow.boundPrivateIp()) && node1.sameNode(pubNow.node()))) {
            // the cloud dropped the association with the move: attaching again must work
            provider.attach(new AttachPublic(provider.name(), G0, pub.ip(), pub.ref(), node1,
                    InterfaceSelector.PRIMARY, priv.ip(), pubNow.node(), List.of()));
            pubNow = find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).orElseThrow();
        }
        assertEquals(priv.ip(), pubNow.boundPrivateIp(), "public IP bound to the moved private IP");
        assertTrue(node1.sameNode(pubNow.node()), "public IP now on " + node1 + ", observed on " + pubNow.node());
    }

    @Test
    void detachedPublicIpIsUnbound() {
        NodeRef node0 = nodes().get(0);
        CloudAddress pub = provider.allocate(new AllocatePublic(provider.name(), G0));
        CloudAddress priv = provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY,
                freePrivateIp(0)));
        provider.attach(new AttachPublic(provider.name(), G0, pub.ip(), pub.ref(), node0, InterfaceSelector.PRIMARY,
                priv.ip(), null, List.of()));

        DetachPublic detach = new DetachPublic(provider.name(), G0, pub.ip(), pub.ref(), node0, priv.ip());
        provider.detach(detach);

        CloudAddress seen = find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip())
                .orElseThrow(() -> new AssertionError("a detached public IP is still allocated and owned"));
        assertNull(seen.boundPrivateIp(), "no private IP bound after detach");
        assertNull(seen.node(), "no node after detach");
        assertDoesNotThrow(() -> provider.detach(detach), "detaching again counts as done");
    }

    @Test
    void releasingAPublicIpTwiceIsIdempotent() {
        CloudAddress pub = provider.allocate(new AllocatePublic(provider.name(), G0));
        ReleasePublic release = new ReleasePublic(provider.name(), G0, pub.ip(), pub.ref());

        provider.release(release);
        assertDoesNotThrow(() -> provider.release(release), "releasing a released IP counts as done");

        assertTrue(find(observe(provider, OWNER), AddressKind.PUBLIC, pub.ip()).isEmpty(),
                "released public IP " + pub.ip() + " is gone");
    }

    @Test
    void unassigningAPrivateIpTwiceIsIdempotent() {
        NodeRef node0 = nodes().get(0);
        CloudAddress priv = provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY,
                null));
        UnassignPrivate unassign = new UnassignPrivate(provider.name(), G0, node0, priv.ip());

        provider.release(unassign);
        assertDoesNotThrow(() -> provider.release(unassign), "unassigning an unassigned IP counts as done");

        ObservedCloud seen = observe(provider, OWNER);
        assertTrue(find(seen, AddressKind.PRIVATE, priv.ip()).isEmpty(), "private IP " + priv.ip() + " is gone");
        seen.interfaces().stream().filter(i -> node0.sameNode(i.node())).forEach(i ->
                assertFalse(i.privateIps().contains(priv.ip()), i.interfaceId() + " no longer holds " + priv.ip()));
    }

    @Test
    void aNewProviderInstanceObservesTheSameStateFromTagsAlone() {
        NodeRef node0 = nodes().get(0);
        CloudAddress pub = provider.allocate(new AllocatePublic(provider.name(), G0));
        CloudAddress priv = provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY,
                freePrivateIp(0)));
        provider.attach(new AttachPublic(provider.name(), G0, pub.ip(), pub.ref(), node0, InterfaceSelector.PRIMARY,
                priv.ip(), null, List.of()));
        provider.allocate(new AllocatePublic(provider.name(), G1));
        Set<String> before = fingerprint(observe(provider, OWNER));

        CloudProvider restarted = open(OWNER, new CallRecorder());
        Set<String> after = fingerprint(observe(restarted, OWNER));

        assertEquals(3, before.size(), "two public and one private address owned: " + before);
        assertEquals(before, after, "a restarted provider rebuilds the same view from the cloud's tags");
    }

    @Test
    void anotherOwnerDoesNotSeeOurAddressesAsItsOwn() {
        NodeRef node0 = nodes().get(0);
        CloudAddress pub = provider.allocate(new AllocatePublic(provider.name(), G0));
        CloudAddress priv = provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY,
                null));

        CloudProvider other = open(OTHER_OWNER, new CallRecorder());
        ObservedCloud seen = observe(other, OTHER_OWNER);

        assertTrue(owned(seen, OTHER_OWNER).isEmpty(), "the other owner owns nothing: " + seen.addresses());
        for (String ip : List.of(pub.ip(), priv.ip())) {
            seen.addresses().stream().filter(a -> ip.equals(a.ip())).forEach(a ->
                    assertNotEquals(OTHER_OWNER, a.owner(), ip + " is reported with its real owner"));
        }
    }

    @Test
    void observingCostsTheSameNumberOfCallsForOneAddressOrFour() {
        NodeRef node0 = nodes().get(0);
        provider.allocate(new AllocatePublic(provider.name(), G0));
        CallRecorder one = new CallRecorder();
        observe(open(OWNER, one), OWNER);

        provider.allocate(new AllocatePublic(provider.name(), G1));
        provider.allocate(new AssignPrivate(provider.name(), G0, node0, InterfaceSelector.PRIMARY, null));
        provider.allocate(new AssignPrivate(provider.name(), G1, node0, InterfaceSelector.PRIMARY, null));
        CallRecorder four = new CallRecorder();
        ObservedCloud seen = observe(open(OWNER, four), OWNER);

        assertEquals(4, owned(seen, OWNER).size());
        assertEquals(totalCalls(one), totalCalls(four),
                "observe lists by tag filter, one call per page, never one per address: " + one.snapshot() + " vs "
                        + four.snapshot());
    }

    // ---------------------------------------------------------------- helpers

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
        return seen.addresses().stream()
                .filter(a -> a.kind() == kind && ip.equals(a.ip()) && OWNER.equals(a.owner())).findFirst();
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
