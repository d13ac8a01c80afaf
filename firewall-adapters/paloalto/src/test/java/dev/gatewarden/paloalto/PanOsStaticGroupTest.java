package dev.gatewarden.paloalto;

import static dev.gatewarden.paloalto.PanOsTestBed.FW;
import static dev.gatewarden.paloalto.PanOsTestBed.VSYS1;
import static dev.gatewarden.paloalto.PanOsTestBed.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mode static-group on a firewall vsys, over HTTPS against the PAN-OS simulator. */
class PanOsStaticGroupTest {
    private static final String OWNER = "prod";
    private static final String GROUP = "gw-prod-payments";
    private PanOsTestBed bed;
    private CallRecorder calls;
    private FirewallAdapter adapter;

    @BeforeEach
    void start() {
        bed = PanOsTestBed.firewall();
        calls = new CallRecorder();
        adapter = bed.adapter(OWNER, calls);
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static List<AddressObject> addresses(int n) {
        return PanOsTestBed.addresses(OWNER, "10.1", n);
    }

    private static FirewallChangeSet publish(List<AddressObject> objects) {
        return PanOsTestBed.publish(GROUP, objects);
    }

    private ObservedFirewall observe() {
        return adapter.observe(FirewallScope.of(OWNER, List.of(GROUP)));
    }

    @Test
    void aFreshVsysWithoutAddressNodesIsObservedEmpty() {
        // the simulator answers show of the missing address / address-group nodes with "No such node", as PAN-OS does
        ObservedFirewall o = observe();
        assertTrue(o.objects().isEmpty(), o.toString());
        assertTrue(o.groups().isEmpty(), o.toString());
        assertEquals(2, bed.sim.calls().count("config/show"), "one show per container");
        adapter.apply(publish(addresses(1)));
        assertEquals(1, observe().objects().size());
    }

    @Test
    void publishingFiftyAddressesCostsConstantCallsAndOneCommit() {
        List<AddressObject> objects = addresses(50);
        FirewallApplyResult result = adapter.apply(publish(objects));

        assertNotNull(result.commitReference());
        assertEquals(2, calls.count(FW, "config/get"), calls.snapshot().toString());
        assertEquals(1, calls.count(FW, "multi-config"));
        assertEquals(1, calls.count(FW, "commit"));
        assertEquals(2, calls.count(FW, "op/show-jobs"), "the simulator's job takes two polls");
        assertEquals(6, calls.total(FW));
        assertEquals(1, bed.sim.calls().count("multi-config"));

        String running = bed.sim.runningNode(VSYS1 + "/address-group/entry[@name='" + GROUP + "']");
        assertNotNull(running, "the group is committed to the running config");
        for (AddressObject o : objects) {
            assertTrue(running.contains("<member>" + o.name() + "</member>"), o.name());
        }
        ObservedFirewall seen = observe();
        assertEquals(50, seen.objects().size());
        FirewallObject first = seen.object(objects.get(0).name()).orElseThrow();
        assertEquals("10.1.0.1", first.ip());
        assertEquals(OWNER, first.owner());
        assertEquals("payments", first.gateway());
        FirewallGroup g = seen.group(GROUP).orElseThrow();
        assertEquals(OWNER, g.owner());
        assertEquals(Set.copyOf(objects.stream().map(AddressObject::name).toList()), Set.copyOf(g.members()));
        assertFalse(bed.sim.hasPendingChanges(PanOsTestBed.ADMIN));
    }

    @Test
    void observeReadsEachContainerOnceWhateverTheSize() {
        adapter.apply(publish(addresses(120)));
        CallRecorder fresh = new CallRecorder();
        FirewallAdapter other = bed.adapter(OWNER, fresh);
        ObservedFirewall seen = other.observe(FirewallScope.of(OWNER, List.of(GROUP)));
        assertEquals(120, seen.objects().size());
        assertEquals(2, fresh.count(FW, "config/show"));
        assertEquals(2, fresh.total(FW));
    }

    @Test
    void reapplyingTheSameChangesWritesNothing() {
        List<AddressObject> objects = addresses(5);
        adapter.apply(publish(objects));
        String before = bed.sim.runningXml();
        CallRecorder again = new CallRecorder();
        FirewallAdapter second = bed.adapter(OWNER, again);
        FirewallApplyResult r = second.apply(publish(objects));
        assertNull(r.commitReference(), "nothing to commit");
        assertEquals(0, again.count(FW, "multi-config"));
        assertEquals(1, again.count(FW, "commit"), "a partial commit is asked for in case an earlier one failed");
        assertEquals(0, again.count(FW, "op/show-jobs"));
        assertEquals(before, bed.sim.runningXml());
    }

    @Test
    void foreignObjectsAndForeignGroupMembersAreLeftAlone() {
        bed.foreignAddress(VSYS1, "corp-proxy", "10.9.9.9/32");
        adapter.apply(publish(addresses(2)));
        // an admin adds their own object to our group
        bed.sim.configure("alice", "set", VSYS1 + "/address-group/entry[@name='" + GROUP + "']/static",
                "<member>corp-proxy</member>");
        bed.sim.commitAll();

        List<AddressObject> one = addresses(1);
        adapter.apply(new FirewallChangeSet(FW, List.of(), List.of(new GroupMembers(GROUP, "payments", one)),
                List.of(addresses(2).get(1))));

        String group = bed.sim.runningNode(VSYS1 + "/address-group/entry[@name='" + GROUP + "']");
        assertTrue(group.contains("<member>corp-proxy</member>"), group);
        assertTrue(group.contains("<member>" + one.get(0).name() + "</member>"));
        assertFalse(group.contains(addresses(2).get(1).name()));
        assertNotNull(bed.sim.runningNode(VSYS1 + "/address/entry[@name='corp-proxy']"));
        assertNull(bed.sim.runningNode(VSYS1 + "/address/entry[@name='" + addresses(2).get(1).name() + "']"),
                "withdrawn object deleted");
        FirewallGroup g = observe().group(GROUP).orElseThrow();
        assertTrue(g.members().contains("corp-proxy"));
    }

    @Test
    void anUnmarkedObjectWithOurNameIsAConflictAndNothingIsWritten() {
        AddressObject o = addresses(1).get(0);
        bed.foreignAddress(VSYS1, o.name(), "10.1.0.1/32");
        String before = bed.sim.candidateXml();

        ObservedFirewall seen = adapter.observe(new FirewallScope(OWNER, Set.of(GROUP), Set.of(o.name())));
        FirewallObject reported = seen.object(o.name()).orElseThrow();
        assertNull(reported.owner(), "reported as unowned so the planner shows a conflict");

        OwnershipConflictException e = assertThrows(OwnershipConflictException.class,
                () -> adapter.apply(publish(List.of(o))));
        assertTrue(e.getMessage().contains(o.name()), e.getMessage());
        assertEquals(0, calls.count(FW, "multi-config"));
        assertEquals(0, calls.count(FW, "commit"));
        assertEquals(before, bed.sim.candidateXml());
    }

    @Test
    void anUnmarkedGroupWithOurNameIsAConflict() {
        bed.foreignAddress(VSYS1, "corp-proxy", "10.9.9.9/32");
        bed.sim.configure("alice", "set", VSYS1 + "/address-group", "<entry name=\"" + GROUP
                + "\"><static><member>corp-proxy</member></static></entry>");
        bed.sim.commitAll();
        assertThrows(OwnershipConflictException.class, () -> adapter.apply(publish(addresses(1))));
        assertNull(observe().group(GROUP).orElseThrow().owner());
        assertEquals(0, calls.count(FW, "multi-config"));
    }

    @Test
    void anotherOwnersObjectIsAConflict() {
        AddressObject o = addresses(1).get(0);
        FirewallAdapter staging = bed.adapter("staging", new CallRecorder());
        staging.apply(new FirewallChangeSet(FW, List.of(o), List.of(), List.of()));
        OwnershipConflictException e = assertThrows(OwnershipConflictException.class,
                () -> adapter.apply(new FirewallChangeSet(FW, List.of(), List.of(), List.of(o))));
        assertTrue(e.getMessage().contains("staging"), e.getMessage());
        assertNotNull(bed.sim.runningNode(VSYS1 + "/address/entry[@name='" + o.name() + "']"));
    }

    @Test
    void removingTheLastMemberKeepsTheGroupValidWithAPlaceholder() {
        List<AddressObject> objects = addresses(1);
        adapter.apply(publish(objects));
        adapter.apply(new FirewallChangeSet(FW, List.of(), List.of(new GroupMembers(GROUP, "payments", List.of())),
                objects));

        String group = bed.sim.runningNode(VSYS1 + "/address-group/entry[@name='" + GROUP + "']");
        assertTrue(group.contains("<member>gw-prod-empty</member>"), group);
        String placeholder = bed.sim.runningNode(VSYS1 + "/address/entry[@name='gw-prod-empty']");
        assertTrue(placeholder.contains("192.0.2.255/32"), placeholder);
        assertNull(bed.sim.runningNode(VSYS1 + "/address/entry[@name='" + objects.get(0).name() + "']"));
        ObservedFirewall seen = observe();
        assertEquals(List.of(), seen.group(GROUP).orElseThrow().members(), "the placeholder is not reported");
        assertTrue(seen.objects().isEmpty(), "the placeholder is not reported as an object");

        // publishing again removes and deletes the placeholder
        adapter.apply(publish(addresses(2)));
        group = bed.sim.runningNode(VSYS1 + "/address-group/entry[@name='" + GROUP + "']");
        assertFalse(group.contains("gw-prod-empty"), group);
        assertNull(bed.sim.runningNode(VSYS1 + "/address/entry[@name='gw-prod-empty']"));
    }

    @Test
    void aGroupCreatedEmptyGetsThePlaceholder() {
        adapter.apply(new FirewallChangeSet(FW, List.of(), List.of(new GroupMembers(GROUP, "payments", List.of())),
                List.of()));
        String group = bed.sim.runningNode(VSYS1 + "/address-group/entry[@name='" + GROUP + "']");
        assertTrue(group.contains("<member>gw-prod-empty</member>"), group);
    }

    @Test
    void anObjectStillListedInAForeignGroupIsKeptAndReported() {
        List<AddressObject> objects = addresses(2);
        adapter.apply(publish(objects));
        bed.sim.configure("alice", "set", VSYS1 + "/address-group", "<entry name=\"their-group\"><static><member>"
                + objects.get(1).name() + "</member></static></entry>");
        bed.sim.commitAll();
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(new FirewallChangeSet(FW,
                List.of(), List.of(new GroupMembers(GROUP, "payments", objects.subList(0, 1))), objects.subList(1, 2))));
        assertTrue(e.getMessage().contains("their-group"), e.getMessage());
        assertFalse(e.isTransient());
        String group = bed.sim.runningNode(VSYS1 + "/address-group/entry[@name='" + GROUP + "']");
        assertFalse(group.contains(objects.get(1).name()), "the rest was applied and committed: " + group);
        assertNotNull(bed.sim.runningNode(VSYS1 + "/address/entry[@name='" + objects.get(1).name() + "']"));
    }

    @Test
    void aConfigLockHeldByAnotherAdminFailsTransientlyAndIsNotRemoved() {
        bed.sim.holdConfigLock("bob");
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(publish(addresses(3))));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("locked by bob"), e.getMessage());
        assertTrue(e.getMessage().contains("retry next round"), e.getMessage());
        assertEquals(0, calls.count(FW, "commit"));
        assertEquals(0, bed.sim.calls().count("op/lock"), "no lock request was sent");
        bed.sim.holdConfigLock(null);
        adapter.apply(publish(addresses(3)));
        assertEquals(3, observe().objects().size());
    }

    @Test
    void aCommitLockHeldByAnotherAdminFailsTransiently() {
        bed.sim.holdCommitLock("bob");
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(publish(addresses(1))));
        assertTrue(e.isTransient());
        assertTrue(e.getMessage().contains("bob"), e.getMessage());
        bed.sim.holdCommitLock(null);
        adapter.apply(publish(addresses(1)));
        assertEquals(1, observe().objects().size(), "the next round commits the pending change");
    }

    @Test
    void aFailedCommitQuotesPanOsAndTheNextRoundConverges() {
        bed.sim.failNextCommit("Validation Error:", "rulebase -> security -> rules -> allow-egress is invalid",
                "Commit failed");
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(publish(addresses(2))));
        assertTrue(e.getMessage().contains("rules -> allow-egress is invalid"), e.getMessage());
        assertTrue(e.getMessage().contains("Commit failed"), e.getMessage());
        assertFalse(e.isTransient());
        assertTrue(observe().objects().isEmpty(), "observe reads the running config: nothing published yet");

        adapter.apply(publish(addresses(2)));
        assertEquals(2, observe().objects().size());
    }

    @Test
    void partialCommitLeavesOtherAdminsPendingChangesAlone() {
        bed.sim.configure("alice", "set", VSYS1 + "/address", "<entry name=\"alice-wip\"><ip-netmask>10.7.7.7"
                + "</ip-netmask></entry>");
        adapter.apply(publish(addresses(1)));
        assertNull(bed.sim.runningNode(VSYS1 + "/address/entry[@name='alice-wip']"));
        assertTrue(bed.sim.hasPendingChanges("alice"));
        assertEquals(1, observe().objects().size());
    }

    @Test
    void namesAndAddressesThatCouldInjectXpathOrXmlAreRefusedBeforeAnyCall() {
        List<AddressObject> bad = List.of(
                new AddressObject("x']/../entry[@name='y", "10.0.0.1", "payments", new SlotId("payments", 0)),
                new AddressObject("x<evil/>", "10.0.0.1", "payments", new SlotId("payments", 0)),
                new AddressObject("ok-name", "10.0.0.1<tag/>", "payments", new SlotId("payments", 0)),
                new AddressObject("ok-name", "10.0.0.1']", "payments", new SlotId("payments", 0)),
                new AddressObject("ok-name", "example.com", "payments", new SlotId("payments", 0)),
                new AddressObject("ok-name", "10.0.0.256", "payments", new SlotId("payments", 0)));
        for (AddressObject o : bad) {
            assertThrows(ConfigException.class, () -> adapter.apply(publish(List.of(o))), o.toString());
        }
        assertThrows(ConfigException.class, () -> adapter.apply(new FirewallChangeSet(FW, List.of(),
                List.of(new GroupMembers("g']|//*", "payments", List.of())), List.of())));
        assertThrows(ConfigException.class, () -> adapter.apply(new FirewallChangeSet(FW, List.of(),
                List.of(new GroupMembers("<group>", "payments", List.of())), List.of())));
        assertThrows(ConfigException.class, () -> adapter.apply(new FirewallChangeSet(FW, List.of(
                new AddressObject("ok", "10.0.0.1", "bad']gw", new SlotId("x", 0))), List.of(), List.of())));
        assertEquals(0, calls.total(FW), "nothing reached the firewall: " + calls.snapshot());
    }

    @Test
    void ipv6AddressesAreHostObjects() {
        AddressObject v6 = addr(OWNER, "payments", "2001:db8::5", 0);
        adapter.apply(publish(List.of(v6)));
        String node = bed.sim.runningNode(VSYS1 + "/address/entry[@name='" + v6.name() + "']");
        assertTrue(node.contains("2001:db8::5/128"), node);
        assertEquals("2001:db8::5", observe().object(v6.name()).orElseThrow().ip());
    }

    @Test
    void aMovedAddressIsEditedInPlace() {
        AddressObject o = addresses(1).get(0);
        adapter.apply(publish(List.of(o)));
        AddressObject moved = new AddressObject(o.name(), "10.1.0.99", "payments", o.slot());
        adapter.apply(publish(List.of(moved)));
        assertEquals("10.1.0.99", observe().object(o.name()).orElseThrow().ip());
    }

    @Test
    void serverErrorsAndDroppedConnectionsAreTransient() {
        bed.sim.faults().inject("multi-config", dev.gatewarden.sandbox.Fault.error(500, "2", "Internal error"));
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(publish(addresses(1))));
        assertTrue(e.isTransient(), e.getMessage());
        assertTrue(e.getMessage().contains("Internal error"), e.getMessage());
        bed.sim.faults().inject("config/show", dev.gatewarden.sandbox.Fault.drop());
        ProviderException dropped = assertThrows(ProviderException.class, this::observe);
        assertTrue(dropped.isTransient(), dropped.getMessage());
        adapter.apply(publish(addresses(1)));
        assertEquals(1, observe().objects().size(), "the next round converges");
    }

    @Test
    void stateSurvivesASnapshotAndRestoreOfTheSimulator() {
        adapter.apply(publish(addresses(3)));
        var snapshot = bed.sim.snapshot();
        try (PanOsTestBed other = PanOsTestBed.firewall()) {
            other.sim.restore(snapshot);
            FirewallAdapter restarted = other.adapter(OWNER, new CallRecorder());
            ObservedFirewall seen = restarted.observe(FirewallScope.of(OWNER, List.of(GROUP)));
            assertEquals(3, seen.objects().size());
            assertEquals(3, seen.group(GROUP).orElseThrow().members().size());
            CallRecorder again = new CallRecorder();
            other.adapter(OWNER, again).apply(publish(addresses(3)));
            assertEquals(0, again.count(FW, "multi-config"), "nothing to change after the restore");
        }
    }

    @Test
    void withoutMultiConfigTheChangesGoOneContainerAtATime() {
        FirewallAdapter legacy = bed.adapter(OWNER, calls, Map.of("multiConfig", "false"));
        legacy.apply(publish(addresses(30)));
        assertEquals(0, calls.count(FW, "multi-config"));
        assertEquals(3, calls.count(FW, "config/set"), "tags, addresses, groups: " + calls.snapshot());
        assertEquals(30, observe().objects().size());
    }
}
