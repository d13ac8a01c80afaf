package dev.gatewarden.paloalto;

import static dev.gatewarden.paloalto.PanOsTestBed.FW;
import static dev.gatewarden.paloalto.PanOsTestBed.VSYS1;
import static dev.gatewarden.paloalto.PanOsTestBed.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Mode dynamic-tags: a dynamic group plus User-ID registrations, no commit per change. */
class PanOsDynamicTagsTest {
    private static final String OWNER = "prod";
    private static final String GROUP = "gw-prod-payments";
    private static final String GROUP_TAG = "gw.prod.grp." + GROUP;
    private PanOsTestBed bed;
    private CallRecorder calls;
    private FirewallAdapter adapter;

    @BeforeEach
    void start() {
        bed = PanOsTestBed.firewall();
        calls = new CallRecorder();
        adapter = bed.adapter(OWNER, calls, Map.of("mode", "dynamic-tags"));
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    private static List<AddressObject> addresses(int n) {
        return PanOsTestBed.addresses(OWNER, "10.2", n);
    }

    private static FirewallChangeSet publish(List<AddressObject> objects) {
        return PanOsTestBed.publish(GROUP, objects);
    }

    private ObservedFirewall observe() {
        return adapter.observe(FirewallScope.of(OWNER, List.of(GROUP)));
    }

    @Test
    void fiftyAddressesAreOneUserIdCallAndTheGroupIsCommittedOnce() {
        List<AddressObject> objects = addresses(50);
        adapter.apply(publish(objects));
        assertEquals(1, calls.count(FW, "user-id"), calls.snapshot().toString());
        assertEquals(1, calls.count(FW, "commit"), "the dynamic group is created once");
        assertEquals(1, calls.count(FW, "multi-config"));

        Map<String, List<String>> reg = bed.sim.registeredIps("vsys1");
        assertEquals(50, reg.size());
        assertTrue(reg.get("10.2.0.1").contains(GROUP_TAG), reg.get("10.2.0.1").toString());
        String group = bed.sim.runningNode(VSYS1 + "/address-group/entry[@name='" + GROUP + "']");
        assertTrue(group.contains("<filter>'" + GROUP_TAG + "'</filter>"), group);

        CallRecorder next = new CallRecorder();
        FirewallAdapter again = bed.adapter(OWNER, next, Map.of("mode", "dynamic-tags"));
        List<AddressObject> more = addresses(60);
        again.apply(publish(more));
        assertEquals(0, next.count(FW, "commit"), "no commit once the group exists: " + next.snapshot());
        assertEquals(1, next.count(FW, "user-id"));
        assertEquals(60, bed.sim.registeredIps("vsys1").size());
    }

    @Test
    void observeReportsTheObjectNamesTheExecutorGave() {
        List<AddressObject> objects = addresses(3);
        adapter.apply(publish(objects));
        ObservedFirewall seen = observe();
        assertEquals(3, seen.objects().size());
        FirewallObject o = seen.object(objects.get(0).name()).orElseThrow();
        assertEquals("10.2.0.1", o.ip());
        assertEquals(OWNER, o.owner());
        assertEquals("payments", o.gateway());
        FirewallGroup g = seen.group(GROUP).orElseThrow();
        assertEquals(OWNER, g.owner());
        assertEquals(Set.copyOf(objects.stream().map(AddressObject::name).toList()), Set.copyOf(g.members()));
    }

    @Test
    void reapplyingTheSameRegistrationsSendsNothing() {
        adapter.apply(publish(addresses(4)));
        CallRecorder next = new CallRecorder();
        bed.adapter(OWNER, next, Map.of("mode", "dynamic-tags")).apply(publish(addresses(4)));
        assertEquals(0, next.count(FW, "user-id"), next.snapshot().toString());
        assertEquals(0, next.count(FW, "commit"));
    }

    @Test
    void lostRegistrationsShowAsDriftAndAreRepairedNextRound() {
        adapter.apply(publish(addresses(3)));
        bed.sim.clearRegisteredIps();
        ObservedFirewall seen = observe();
        assertTrue(seen.objects().isEmpty(), "drift is visible to the planner");
        assertEquals(List.of(), seen.group(GROUP).orElseThrow().members());
        adapter.apply(publish(addresses(3)));
        assertEquals(3, bed.sim.registeredIps("vsys1").size());
    }

    @Test
    void registrationsArePersistentAndSurviveAReboot() {
        adapter.apply(publish(addresses(2)));
        bed.sim.reboot();
        assertEquals(2, observe().objects().size());
    }

    @Test
    void withdrawingUnregistersOnlyOurTags() {
        List<AddressObject> objects = addresses(2);
        adapter.apply(publish(objects));
        // someone else tags the same IP for their own dynamic group
        FirewallAdapter staging = bed.adapter("staging", new CallRecorder(), Map.of("mode", "dynamic-tags"));
        AddressObject shared = addr("staging", "web", "10.2.0.2", 0);
        staging.apply(new FirewallChangeSet(FW, List.of(shared), List.of(), List.of()));

        adapter.apply(new FirewallChangeSet(FW, List.of(), List.of(new GroupMembers(GROUP, "payments",
                objects.subList(0, 1))), objects.subList(1, 2)));
        Map<String, List<String>> reg = bed.sim.registeredIps("vsys1");
        assertTrue(reg.get("10.2.0.1").contains(GROUP_TAG));
        List<String> second = reg.get("10.2.0.2");
        assertFalse(second.stream().anyMatch(t -> t.startsWith("gw.prod.") || t.equals("gatewarden-owner-prod")),
                second.toString());
        assertTrue(second.contains("gatewarden-owner-staging"), "the other owner's tags stay: " + second);
        assertEquals(1, observe().objects().size());
    }

    @Test
    void removingAMemberFromTheGroupOnlyDropsTheGroupTag() {
        List<AddressObject> objects = addresses(2);
        adapter.apply(publish(objects));
        adapter.apply(new FirewallChangeSet(FW, List.of(), List.of(new GroupMembers(GROUP, "payments",
                objects.subList(0, 1))), List.of()));
        List<String> tags = bed.sim.registeredIps("vsys1").get("10.2.0.2");
        assertFalse(tags.contains(GROUP_TAG), tags.toString());
        assertTrue(tags.contains("gw.prod.obj." + objects.get(1).name()));
        assertEquals(List.of(objects.get(0).name()), observe().group(GROUP).orElseThrow().members());
    }

    @Test
    void anEmptyDynamicGroupIsFine() {
        adapter.apply(new FirewallChangeSet(FW, List.of(), List.of(new GroupMembers(GROUP, "payments", List.of())),
                List.of()));
        assertEquals(List.of(), observe().group(GROUP).orElseThrow().members());
    }

    @Test
    void anUnmarkedGroupWithOurNameIsAConflict() {
        bed.foreignAddress(VSYS1, "corp-proxy", "10.9.9.9/32");
        bed.sim.configure("alice", "set", VSYS1 + "/address-group", "<entry name=\"" + GROUP
                + "\"><static><member>corp-proxy</member></static></entry>");
        bed.sim.commitAll();
        assertThrows(OwnershipConflictException.class, () -> adapter.apply(publish(addresses(1))));
        assertEquals(0, calls.count(FW, "user-id"));
        assertTrue(bed.sim.registeredIps("vsys1").isEmpty());
    }

    @Test
    void aRegistrationTimeoutIsSentPerTagAndExpires() {
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000L);
        bed.sim.clock(new java.time.Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public java.time.Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now.get());
            }
        });
        FirewallAdapter timed = bed.adapter(OWNER, calls, Map.of("mode", "dynamic-tags",
                "registrationTimeout", "1h"));
        timed.apply(publish(addresses(1)));
        assertEquals(1, bed.sim.registeredIps("vsys1").size());
        now.addAndGet(3_600_001L);
        assertTrue(bed.sim.registeredIps("vsys1").isEmpty(), "expired");
        timed.apply(publish(addresses(1)));
        assertEquals(1, bed.sim.registeredIps("vsys1").size());
    }

    @Test
    void dynamicTagsOnPanoramaIsRefusedAtConfigTime() {
        ConfigException e = assertThrows(ConfigException.class, () -> bed.adapter(OWNER, calls,
                Map.of("mode", "dynamic-tags", "location", "device-group", "deviceGroup", "dg1")));
        assertTrue(e.getMessage().contains("static-group"), e.getMessage());
    }
}
