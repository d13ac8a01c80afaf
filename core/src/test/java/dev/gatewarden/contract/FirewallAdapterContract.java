package dev.gatewarden.contract;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link FirewallAdapter} passes against its sandbox simulator, over the real HTTP API. A
 * plugin module's test extends this class (once per mode/location worth covering) and implements the hooks.
 *
 * <p>The scenarios apply {@link FirewallChangeSet}s as the executor builds them (create, complete owned member
 * lists per group, delete) and assert through {@link FirewallAdapter#observe}. Objects are named with the default
 * template ({@code gw-contract-test-g-<ip>}) in group {@code gw-contract-test-g}.
 */
public abstract class FirewallAdapterContract {
    protected static final String OWNER = "contract-test";
    protected static final String GATEWAY = "g";
    protected static final String GROUP = NameTemplate.DEFAULT.groupName(OWNER, GATEWAY);
    protected static final String GATEWAY6 = "g6";
    protected static final String GROUP6 = NameTemplate.DEFAULT.groupName(OWNER, GATEWAY6);
    /** The name of the unowned object the foreign-object scenario creates. */
    protected static final String FOREIGN = "foreign-host-1";
    protected static final String FOREIGN_IP = "198.51.100.99";
    protected static final List<String> IPS = List.of("198.51.100.10", "198.51.100.11", "198.51.100.12");
    protected static final String IPV6 = "2001:db8::10";

    private final List<FirewallAdapter> opened = new ArrayList<>();
    protected CallRecorder calls;
    protected FirewallAdapter adapter;

    /** Starts (or resets) the simulator for one test: an empty firewall. */
    protected abstract void startFirewall();

    /** Stops the simulator after one test. */
    protected abstract void stopFirewall();

    /** A new adapter instance for the firewall, owned by {@code owner}, counting calls into {@code calls}. */
    protected abstract FirewallAdapter newAdapter(String owner, CallRecorder calls);

    /** Creates, directly in the simulator, an address object that carries no ownership mark. */
    protected abstract void createForeignAddress(String name, String ip);

    /** Whether the adapter publishes IPv6 addresses. */
    protected boolean supportsIpv6() {
        return true;
    }

    @BeforeEach
    void startContractFirewall() {
        startFirewall();
        calls = new CallRecorder();
        adapter = open(OWNER, calls);
    }

    @AfterEach
    void stopContractFirewall() {
        try {
            for (FirewallAdapter a : opened) {
                a.close();
            }
        } finally {
            opened.clear();
            stopFirewall();
        }
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void emptyFirewallHasNothingOwned() {
        ObservedFirewall seen = observe(adapter);
        assertEquals(adapter.name(), seen.firewall(), "observe names the firewall");
        assertTrue(ownedObjects(seen).isEmpty(), "nothing owned on a fresh firewall: " + seen.objects());
        assertTrue(ownedMembers(seen, GROUP).isEmpty(), "group " + GROUP + " lists nothing of ours");
    }

    @Test
    void createsObjectsAndListsThemInTheGroup() {
        adapter.apply(publish(objects(IPS)));

        ObservedFirewall seen = observe(adapter);
        assertEquals(new TreeSet<>(IPS), ownedIps(seen), "three owned objects with our IPs");
        FirewallGroup group = seen.group(GROUP).orElseThrow(() -> new AssertionError("group " + GROUP + " observed"));
        assertEquals(ownedNames(seen), ownedMembers(seen, GROUP), "the group lists exactly our objects: "
                + group.members());
        assertEquals(3, ownedMembers(seen, GROUP).size());
    }

    @Test
    void applyingTheSameChangeSetAgainIsIdempotent() {
        FirewallChangeSet set = publish(objects(IPS));
        adapter.apply(set);
        ObservedFirewall first = observe(adapter);

        assertDoesNotThrow(() -> adapter.apply(set), "re-applying an applied change set succeeds");

        ObservedFirewall second = observe(adapter);
        assertEquals(ownedIps(first), ownedIps(second));
        assertEquals(ownedMembers(first, GROUP), ownedMembers(second, GROUP));
        assertEquals(3, ownedObjects(second).size(), "no duplicate objects");
    }

    @Test
    void withdrawingOneObjectLeavesTheOthers() {
        List<AddressObject> all = objects(IPS);
        adapter.apply(publish(all));

        AddressObject gone = all.get(0);
        adapter.apply(new FirewallChangeSet(adapter.name(), List.of(),
                List.of(new GroupMembers(GROUP, GATEWAY, all.subList(1, 3))), List.of(gone)));

        ObservedFirewall seen = observe(adapter);
        assertEquals(new TreeSet<>(IPS.subList(1, 3)), ownedIps(seen), "the withdrawn object is deleted");
        assertEquals(2, ownedMembers(seen, GROUP).size(), "the group lists the two others");
        assertEquals(ownedNames(seen), ownedMembers(seen, GROUP));
    }

    @Test
    void withdrawingEverythingLeavesAValidStateWithNothingOfOurs() {
        List<AddressObject> all = objects(IPS);
        adapter.apply(publish(all));

        adapter.apply(new FirewallChangeSet(adapter.name(), List.of(),
                List.of(new GroupMembers(GROUP, GATEWAY, List.of())), all));

        ObservedFirewall seen = observe(adapter);
        assertTrue(ownedObjects(seen).isEmpty(), "all our objects deleted: " + seen.objects());
        assertTrue(ownedMembers(seen, GROUP).isEmpty(), "the group lists none of our addresses");
        assertDoesNotThrow(() -> adapter.apply(publish(objects(IPS.subList(0, 1)))),
                "publishing again after an empty group works");
        assertEquals(Set.of(IPS.get(0)), ownedIps(observe(adapter)));
    }

    @Test
    void foreignObjectIsNeverTouched() {
        createForeignAddress(FOREIGN, FOREIGN_IP);
        adapter.apply(publish(objects(IPS)));

        FirewallObject foreign = observe(adapter).object(FOREIGN)
                .orElseThrow(() -> new AssertionError("an unowned object named in scope is observed"));
        assertEquals(FOREIGN_IP, foreign.ip());
        assertNotEquals(OWNER, foreign.owner(), "the foreign object is not reported as ours");

        AddressObject clash = new AddressObject(FOREIGN, "198.51.100.50", GATEWAY, new SlotId(GATEWAY, 5));
        assertThrows(OwnershipConflictException.class, () -> adapter.apply(new FirewallChangeSet(adapter.name(),
                        List.of(clash), List.of(new GroupMembers(GROUP, GATEWAY, concat(objects(IPS), clash))), List.of())),
                "creating an object under an unowned name is an ownership conflict");

        ObservedFirewall after = observe(adapter);
        FirewallObject still = after.object(FOREIGN).orElseThrow(() -> new AssertionError("foreign object kept"));
        assertEquals(FOREIGN_IP, still.ip(), "the foreign object's address is unchanged");
        assertNotEquals(OWNER, still.owner(), "the foreign object was not marked as ours");
        assertEquals(new TreeSet<>(IPS), ownedIps(after), "our objects are unchanged by the refused change set");
    }

    @Test
    void publishesIpv6Addresses() {
        Assumptions.assumeTrue(supportsIpv6(), "the adapter does not publish IPv6");
        AddressObject v6 = new AddressObject(NameTemplate.DEFAULT.objectName(OWNER, GATEWAY6, IPV6, 0), IPV6,
                GATEWAY6, new SlotId(GATEWAY6, 0));
        adapter.apply(new FirewallChangeSet(adapter.name(), List.of(v6),
                List.of(new GroupMembers(GROUP6, GATEWAY6, List.of(v6))), List.of()));

        ObservedFirewall seen = observe(adapter);
        assertEquals(Set.of(IPV6), ownedIps(seen), "the IPv6 object is owned, its address as given");
        assertEquals(ownedNames(seen), ownedMembers(seen, GROUP6), "the IPv6 group lists it");
    }

    @Test
    void aNewAdapterInstanceObservesTheSameState() {
        adapter.apply(publish(objects(IPS)));
        ObservedFirewall before = observe(adapter);

        FirewallAdapter restarted = open(OWNER, new CallRecorder());
        ObservedFirewall after = observe(restarted);

        assertEquals(ownedIps(before), ownedIps(after));
        assertEquals(ownedNames(before), ownedNames(after));
        assertEquals(ownedMembers(before, GROUP), ownedMembers(after, GROUP));
        assertEquals(3, ownedMembers(after, GROUP).size());
    }

    @Test
    void observingCostsTheSameNumberOfCallsForOneObjectOrThree() {
        adapter.apply(publish(objects(IPS.subList(0, 1))));
        CallRecorder one = new CallRecorder();
        observe(open(OWNER, one));

        adapter.apply(publish(objects(IPS)));
        CallRecorder three = new CallRecorder();
        ObservedFirewall seen = observe(open(OWNER, three));

        assertEquals(3, ownedObjects(seen).size());
        assertEquals(totalCalls(one), totalCalls(three),
                "observe reads objects and groups in bulk, never one call per object: " + one.snapshot() + " vs "
                        + three.snapshot());
    }

    // ---------------------------------------------------------------- helpers

    private static long totalCalls(CallRecorder recorder) {
        return recorder.snapshot().values().stream().flatMap(m -> m.values().stream()).mapToLong(Long::longValue).sum();
    }

    /** Opens an adapter that is closed after the test. */
    protected FirewallAdapter open(String owner, CallRecorder recorder) {
        FirewallAdapter a = newAdapter(owner, recorder);
        opened.add(a);
        return a;
    }

    protected ObservedFirewall observe(FirewallAdapter a) {
        Set<String> names = new HashSet<>();
        IPS.forEach(ip -> names.add(NameTemplate.DEFAULT.objectName(OWNER, GATEWAY, ip, 0)));
        names.add(NameTemplate.DEFAULT.objectName(OWNER, GATEWAY6, IPV6, 0));
        names.add(FOREIGN);
        return a.observe(new FirewallScope(OWNER, Set.of(GROUP, GROUP6), names));
    }

    /** Address objects for {@code ips} named by the default template, slots g#0, g#1, … */
    protected static List<AddressObject> objects(List<String> ips) {
        List<AddressObject> out = new ArrayList<>();
        for (int i = 0; i < ips.size(); i++) {
            out.add(new AddressObject(NameTemplate.DEFAULT.objectName(OWNER, GATEWAY, ips.get(i), i), ips.get(i),
                    GATEWAY, new SlotId(GATEWAY, i)));
        }
        return out;
    }

    /** A publishing change set: create the objects, the group lists exactly them. */
    protected FirewallChangeSet publish(List<AddressObject> objects) {
        return new FirewallChangeSet(adapter.name(), objects, List.of(new GroupMembers(GROUP, GATEWAY, objects)),
                List.of());
    }

    protected static List<FirewallObject> ownedObjects(ObservedFirewall seen) {
        return seen.objects().stream().filter(o -> OWNER.equals(o.owner())).toList();
    }

    protected static Set<String> ownedIps(ObservedFirewall seen) {
        Set<String> out = new TreeSet<>();
        ownedObjects(seen).forEach(o -> out.add(o.ip()));
        return out;
    }

    protected static Set<String> ownedNames(ObservedFirewall seen) {
        Set<String> out = new TreeSet<>();
        ownedObjects(seen).forEach(o -> out.add(o.name()));
        return out;
    }

    /** The members of {@code group} that are owned objects (empty when the group is absent). */
    protected static Set<String> ownedMembers(ObservedFirewall seen, String group) {
        Set<String> owned = ownedNames(seen);
        Optional<FirewallGroup> g = seen.group(group);
        Set<String> out = new TreeSet<>();
        g.ifPresent(x -> x.members().stream().filter(owned::contains).forEach(out::add));
        return out;
    }

    private static List<AddressObject> concat(List<AddressObject> list, AddressObject extra) {
        List<AddressObject> out = new ArrayList<>(list);
        out.add(extra);
        return out;
    }
}
