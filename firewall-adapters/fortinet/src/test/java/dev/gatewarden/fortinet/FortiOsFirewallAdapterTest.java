package dev.gatewarden.fortinet;

import static dev.gatewarden.fortinet.FortiOsTestSupport.NAME;
import static dev.gatewarden.fortinet.FortiOsTestSupport.address;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FortiOsFirewallAdapterTest {
    private static final String OWNER = "prod-eu-1";
    private FortiOsTestSupport fx;

    @BeforeEach
    void start() {
        fx = new FortiOsTestSupport();
    }

    @AfterEach
    void stop() {
        fx.close();
    }

    private static List<String> memberNames(JsonNode group) {
        List<String> out = new ArrayList<>();
        group.path("member").forEach(m -> out.add(m.path("name").asText()));
        return out;
    }

    private static FirewallChangeSet changes(List<AddressObject> create, List<GroupMembers> groups,
                                             List<AddressObject> delete) {
        return new FirewallChangeSet(NAME, create, groups, delete);
    }

    @Test
    void publishesIpv4AndIpv6ObjectsAndGroupsMarkedAsOwned() {
        AddressObject a4 = address(OWNER, "payments", "203.0.113.10", 0);
        AddressObject a6 = address(OWNER, "payments", "2001:db8::a", 1);
        FirewallAdapter adapter = fx.adapter(OWNER);
        adapter.apply(changes(List.of(a4, a6), List.of(new GroupMembers("k8s-payments", "payments", List.of(a4)),
                new GroupMembers("k8s-payments6", "payments", List.of(a6))), List.of()));

        JsonNode v4 = fx.entry("root", "address", a4.name());
        assertEquals("ipmask", v4.path("type").asText());
        assertEquals("203.0.113.10 255.255.255.255", v4.path("subnet").asText());
        assertEquals("gatewarden owner=prod-eu-1 gateway=payments", v4.path("comment").asText());
        assertEquals("2001:db8::a/128", fx.entry("root", "address6", a6.name()).path("ip6").asText());
        assertEquals(List.of(a4.name()), memberNames(fx.entry("root", "addrgrp", "k8s-payments")));
        assertEquals(List.of(a6.name()), memberNames(fx.entry("root", "addrgrp6", "k8s-payments6")));
        assertEquals("gatewarden owner=prod-eu-1 gateway=payments",
                fx.entry("root", "addrgrp", "k8s-payments").path("comment").asText());

        ObservedFirewall seen = adapter.observe(FirewallScope.of(OWNER, List.of("k8s-payments", "k8s-payments6")));
        assertEquals(Set.of(new FirewallObject(a4.name(), "203.0.113.10", OWNER, "payments"),
                new FirewallObject(a6.name(), "2001:db8::a", OWNER, "payments")), Set.copyOf(seen.objects()));
        assertEquals(new FirewallGroup("k8s-payments", List.of(a4.name()), OWNER), seen.group("k8s-payments").get());
        assertEquals(new FirewallGroup("k8s-payments6", List.of(a6.name()), OWNER),
                seen.group("k8s-payments6").get());
    }

    @Test
    void keepsVdomsApart() {
        AddressObject a = address(OWNER, "edge", "198.51.100.7", 0);
        FirewallAdapter dmz = fx.adapter(OWNER, fx.settings("dmz", "auto"));
        dmz.apply(changes(List.of(a), List.of(new GroupMembers("k8s-edge", "edge", List.of(a))), List.of()));
        assertNotNull(fx.entry("dmz", "address", a.name()));
        assertNull(fx.entry("root", "address", a.name()));
        assertTrue(fx.adapter(OWNER).observe(FirewallScope.of(OWNER, List.of("k8s-edge"))).objects().isEmpty());
        assertEquals(1, dmz.observe(FirewallScope.of(OWNER, List.of("k8s-edge"))).objects().size());
    }

    @Test
    void unknownVdomIsReportedWithTheSetting() {
        FirewallAdapter adapter = fx.adapter(OWNER, fx.settings("nope", "auto"));
        ProviderException e = assertThrows(ProviderException.class,
                () -> adapter.observe(FirewallScope.of(OWNER, List.of())));
        assertTrue(e.getMessage().contains("vdom"), e.getMessage());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertTrue(e.getMessage().contains("check the vdom setting"), e.getMessage());
        assertFalse(e.isTransient());
    }

    @ParameterizedTest
    @ValueSource(strings = {"on", "off"})
    void retiresAnAddressOnlyAfterTheGroupNoLongerListsIt(String transactions) {
        FirewallAdapter adapter = fx.adapter(OWNER, fx.settings("root", transactions));
        AddressObject old = address(OWNER, "payments", "203.0.113.10", 0);
        AddressObject fresh = address(OWNER, "payments", "203.0.113.11", 0);
        adapter.apply(changes(List.of(old), List.of(new GroupMembers("k8s-payments", "payments", List.of(old))),
                List.of()));
        FirewallApplyResult r = adapter.apply(changes(List.of(fresh),
                List.of(new GroupMembers("k8s-payments", "payments", List.of(fresh))), List.of(old)));
        assertEquals(List.of(fresh.name()), memberNames(fx.entry("root", "addrgrp", "k8s-payments")));
        assertNull(fx.entry("root", "address", old.name()));
        assertNotNull(fx.entry("root", "address", fresh.name()));
        assertEquals(3, r.messages().size(), r.messages().toString());
        assertTrue(r.messages().get(0).startsWith("create"), r.messages().toString());
        assertTrue(r.messages().get(1).startsWith("set"), r.messages().toString());
        assertTrue(r.messages().get(2).startsWith("delete"), r.messages().toString());
    }

    @Test
    void anEmptyGroupKeepsAnOwnedPlaceholderThatObserveHides() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        adapter.apply(changes(List.of(a), List.of(new GroupMembers("k8s-payments", "payments", List.of(a))),
                List.of()));
        adapter.apply(changes(List.of(), List.of(new GroupMembers("k8s-payments", "payments", List.of())), List.of(a)));

        String placeholder = "gw-empty-" + OWNER;
        assertEquals(List.of(placeholder), memberNames(fx.entry("root", "addrgrp", "k8s-payments")));
        JsonNode p = fx.entry("root", "address", placeholder);
        assertEquals("0.0.0.0 255.255.255.255", p.path("subnet").asText());
        assertEquals("gatewarden owner=prod-eu-1 placeholder=empty-group", p.path("comment").asText());
        assertNull(fx.entry("root", "address", a.name()));

        ObservedFirewall seen = adapter.observe(FirewallScope.of(OWNER, List.of("k8s-payments")));
        assertTrue(seen.objects().isEmpty(), seen.toString());
        assertEquals(List.of(), seen.group("k8s-payments").get().members());

        // a brand-new empty IPv4 group, then filling it: the placeholder leaves the group
        adapter.apply(changes(List.of(), List.of(new GroupMembers("k8s-new", "new", List.of())), List.of()));
        assertEquals(List.of(placeholder), memberNames(fx.entry("root", "addrgrp", "k8s-new")));
        AddressObject b = address(OWNER, "new", "203.0.113.20", 0);
        adapter.apply(changes(List.of(b), List.of(new GroupMembers("k8s-new", "new", List.of(b))), List.of()));
        assertEquals(List.of(b.name()), memberNames(fx.entry("root", "addrgrp", "k8s-new")));
    }

    @Test
    void anEmptyIpv6GroupGetsAnIpv6Placeholder() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "v6", "2001:db8::1", 0);
        adapter.apply(changes(List.of(a), List.of(new GroupMembers("k8s-v6", "v6", List.of(a))), List.of()));
        adapter.apply(changes(List.of(), List.of(new GroupMembers("k8s-v6", "v6", List.of())), List.of(a)));
        assertEquals(List.of("gw-empty6-" + OWNER), memberNames(fx.entry("root", "addrgrp6", "k8s-v6")));
        assertEquals("::/128", fx.entry("root", "address6", "gw-empty6-" + OWNER).path("ip6").asText());
    }

    @Test
    void leavesForeignMembersAndObjectsAlone() {
        fx.seedForeign("root", "address", "{\"name\":\"corp-proxy\",\"subnet\":\"10.9.9.9/32\",\"comment\":\"by hand\"}");
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        AddressObject b = address(OWNER, "payments", "203.0.113.11", 1);
        adapter.apply(changes(List.of(a), List.of(new GroupMembers("k8s-payments", "payments", List.of(a))),
                List.of()));
        // a human adds a foreign member to our group
        JsonNode before = fx.entry("root", "address", "corp-proxy");
        seedMember("k8s-payments", "corp-proxy", a.name());
        adapter.apply(changes(List.of(b), List.of(new GroupMembers("k8s-payments", "payments", List.of(b))), List.of(a)));
        assertEquals(List.of("corp-proxy", b.name()), memberNames(fx.entry("root", "addrgrp", "k8s-payments")));
        assertEquals(before, fx.entry("root", "address", "corp-proxy"));

        ObservedFirewall seen = adapter.observe(FirewallScope.of(OWNER, List.of("k8s-payments")));
        assertEquals(List.of(b.name()), seen.objects().stream().map(FirewallObject::name).toList(),
                "foreign objects out of scope are not reported");
        assertEquals(List.of("corp-proxy", b.name()), seen.group("k8s-payments").get().members());
    }

    /** Sets a group's members directly over the API, as an administrator would. */
    private void seedMember(String group, String... members) {
        StringBuilder json = new StringBuilder("{\"member\":[");
        for (int i = 0; i < members.length; i++) {
            json.append(i == 0 ? "" : ",").append("{\"name\":\"").append(members[i]).append("\"}");
        }
        json.append("]}");
        try {
            java.net.http.HttpClient http = dev.gatewarden.tls.TlsContexts.httpClient("t",
                    new dev.gatewarden.tls.TlsOptions(null, dev.gatewarden.sandbox.SandboxTls.fingerprintSha256(), false),
                    java.time.Duration.ofSeconds(5));
            java.net.http.HttpResponse<String> r = http.send(java.net.http.HttpRequest.newBuilder(
                    fx.base.resolve("/api/v2/cmdb/firewall/addrgrp/" + group))
                    .header("Authorization", "Bearer " + FortiOsTestSupport.TOKEN)
                    .PUT(java.net.http.HttpRequest.BodyPublishers.ofString(json.toString())).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void refusesToTouchAnUnmarkedObjectAndWritesNothing() {
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        AddressObject b = address(OWNER, "payments", "203.0.113.11", 1);
        fx.seedForeign("root", "address", "{\"name\":\"" + b.name() + "\",\"subnet\":\"10.1.1.1/32\"}");
        FirewallAdapter adapter = fx.adapter(OWNER);
        OwnershipConflictException e = assertThrows(OwnershipConflictException.class, () -> adapter.apply(
                changes(List.of(a, b), List.of(new GroupMembers("k8s-payments", "payments", List.of(a, b))), List.of())));
        assertTrue(e.getMessage().contains(b.name()), e.getMessage());
        assertEquals(0, fx.simWrites(), "nothing written before the conflict was found");
        assertEquals("10.1.1.1 255.255.255.255", fx.entry("root", "address", b.name()).path("subnet").asText());

        // deleting it, or taking over a group of that name, is refused too
        assertThrows(OwnershipConflictException.class, () -> adapter.apply(changes(List.of(), List.of(), List.of(b))));
        assertNotNull(fx.entry("root", "address", b.name()));
        fx.seedForeign("root", "addrgrp", "{\"name\":\"corp-group\",\"member\":[{\"name\":\"" + b.name() + "\"}]}");
        OwnershipConflictException g = assertThrows(OwnershipConflictException.class, () -> adapter.apply(
                changes(List.of(a), List.of(new GroupMembers("corp-group", "payments", List.of(a))), List.of())));
        assertTrue(g.getMessage().contains("corp-group"), g.getMessage());
        assertEquals(0, fx.simWrites());

        // observe reports the colliding object with no owner, so the planner can skip it
        ObservedFirewall seen = adapter.observe(new FirewallScope(OWNER, Set.of("corp-group"), Set.of(b.name())));
        assertEquals(new FirewallObject(b.name(), "10.1.1.1", null, null), seen.object(b.name()).get());
        assertNull(seen.group("corp-group").get().owner());
    }

    @Test
    void anotherOwnersObjectIsAConflict() {
        AddressObject a = address("other", "payments", "203.0.113.10", 0);
        fx.adapter("other").apply(changes(List.of(a), List.of(), List.of()));
        AddressObject same = new AddressObject(a.name(), a.ip(), "payments", a.slot());
        OwnershipConflictException e = assertThrows(OwnershipConflictException.class,
                () -> fx.adapter(OWNER).apply(changes(List.of(same), List.of(), List.of())));
        assertTrue(e.getMessage().contains("other"), e.getMessage());
        assertTrue(fx.adapter(OWNER).observe(FirewallScope.of(OWNER, List.of())).objects().isEmpty(),
                "another owner's objects are not ours to report unless in scope");
    }

    @Test
    void reapplyingIsIdempotentAndDeletingWhatIsGoneIsDone() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        FirewallChangeSet cs = changes(List.of(a), List.of(new GroupMembers("k8s-payments", "payments", List.of(a))),
                List.of());
        adapter.apply(cs);
        long writes = fx.simWrites();
        FirewallApplyResult again = adapter.apply(cs);
        assertEquals(writes, fx.simWrites(), "a second apply writes nothing");
        assertNull(again.commitReference());
        assertEquals(1, fx.sim.calls().count("transaction-start"), "no transaction for a no-op");
        AddressObject gone = address(OWNER, "payments", "203.0.113.99", 3);
        assertNull(adapter.apply(changes(List.of(), List.of(), List.of(gone))).commitReference());
        assertEquals(writes, fx.simWrites());
    }

    @Test
    void aDeleteThatRacesWithSomeoneElseCountsAsDone() {
        FirewallAdapter adapter = fx.adapter(OWNER, fx.settings("root", "off"));
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        adapter.apply(changes(List.of(a), List.of(), List.of()));
        fx.sim.faults().inject("DELETE firewall/address", Fault.error(404, "-3", "entry not found"));
        FirewallApplyResult r = adapter.apply(changes(List.of(), List.of(), List.of(a)));
        assertTrue(r.messages().get(0).contains("already gone"), r.messages().toString());
    }

    @Test
    void usesOneTransactionOnFortiOs7() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        FirewallApplyResult r = adapter.apply(changes(List.of(a),
                List.of(new GroupMembers("k8s-payments", "payments", List.of(a))), List.of()));
        assertEquals(1, fx.sim.calls().count("transaction-start"));
        assertEquals(1, fx.sim.calls().count("transaction-commit"));
        assertEquals(1, fx.calls.count(NAME, "transaction-start"));
        assertEquals(1, fx.calls.count(NAME, "POST firewall/address"));
        assertEquals(1, fx.calls.count(NAME, "POST firewall/addrgrp"));
        assertTrue(r.commitReference().startsWith("transaction "), r.commitReference());
        assertEquals(0, fx.sim.openTransactions());
    }

    @Test
    void aFailureInTheMiddleAbortsTheTransactionAndLeavesNothingBehind() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        AddressObject b = address(OWNER, "payments", "203.0.113.11", 1);
        fx.sim.faults().inject("POST firewall/addrgrp", Fault.error(500, "-651", "injected"));
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(changes(List.of(a, b),
                List.of(new GroupMembers("k8s-payments", "payments", List.of(a, b))), List.of())));
        assertTrue(e.getMessage().contains("aborted, nothing was applied"), e.getMessage());
        assertTrue(e.getMessage().contains("k8s-payments"), e.getMessage());
        assertEquals(1, fx.sim.calls().count("transaction-abort"));
        assertEquals(2, fx.sim.calls().count("POST firewall/address"), "both addresses were sent in the transaction");
        assertNull(fx.entry("root", "address", a.name()));
        assertNull(fx.entry("root", "address", b.name()));
        assertEquals(0, fx.sim.openTransactions());
        // and the next round converges
        adapter.apply(changes(List.of(a, b), List.of(new GroupMembers("k8s-payments", "payments", List.of(a, b))),
                List.of()));
        assertEquals(List.of(a.name(), b.name()), memberNames(fx.entry("root", "addrgrp", "k8s-payments")));
    }

    @Test
    void commitsInTheDocumentedFormEvenWhereTheHeaderOnlyFormIsAccepted() {
        // the simulator refuses a header-only commit by default; here both forms work, and the adapter must still
        // send the body form: {"transaction-id": N}
        fx.sim.headerOnlyTransactionFinish(true);
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        adapter.apply(changes(List.of(a), List.of(), List.of()));
        fx.sim.headerOnlyTransactionFinish(false);
        adapter.apply(changes(List.of(address(OWNER, "payments", "203.0.113.11", 1)), List.of(), List.of()));
        assertEquals(2, fx.sim.calls().count("transaction-commit"));
        assertEquals(0, fx.sim.openTransactions());
    }

    @Test
    void anAbortThatFailsIsLoggedAndSentAgainBeforeTheNextTransaction() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        List<GroupMembers> group = List.of(new GroupMembers("k8s-payments", "payments", List.of(a)));
        fx.sim.faults().inject("POST firewall/addrgrp", Fault.error(500, "-651", "injected"));
        fx.sim.faults().inject("transaction-abort", Fault.error(503, null, "injected"));
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        ProviderException e;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            e = assertThrows(ProviderException.class, () -> adapter.apply(changes(List.of(a), group, List.of())));
        } finally {
            System.setErr(original);
        }
        assertTrue(e.getMessage().contains("transaction 1 could not be aborted (HTTP 503"), e.getMessage());
        assertTrue(e.getMessage().contains("nothing was applied"), e.getMessage());
        assertTrue(e.getMessage().contains("locks the tables it wrote"), e.getMessage());
        String log = captured.toString(StandardCharsets.UTF_8);
        assertTrue(log.contains("WARN") && log.contains("transaction 1 could not be aborted"), log);
        assertEquals(1, fx.sim.openTransactions(), "the failed abort left it open on the FortiGate");
        assertNull(fx.entry("root", "address", a.name()), "never committed");
        // the next round aborts the leftover first, so its lock on firewall/address does not refuse the writes
        adapter.apply(changes(List.of(a), group, List.of()));
        assertEquals(2, fx.sim.calls().count("transaction-abort"), "the failed abort, then the abort again");
        assertEquals(0, fx.sim.openTransactions());
        assertEquals(List.of(a.name()), memberNames(fx.entry("root", "addrgrp", "k8s-payments")));
    }

    @Test
    void fortiOsCliTextBecomesOneLineOfTheMessage() {
        FirewallAdapter adapter = fx.adapter(OWNER, fx.settings("root", "off"));
        fx.sim.faults().inject("POST firewall/address", Fault.error(500, "-5", "A duplicate entry already exists."));
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(changes(
                List.of(address(OWNER, "payments", "203.0.113.10", 0)), List.of(), List.of())));
        assertTrue(e.getMessage().contains("(HTTP 500, error -5: \"A duplicate entry already exists.\")"),
                e.getMessage());
        assertFalse(e.getMessage().contains("\n"), "one line: " + e.getMessage());
        assertFalse(e.getMessage().contains("Command fail"), "the return code is already in the message");
    }

    @Test
    void fallsBackToOrderedCallsOnFortiOs62() {
        fx.sim.version("v6.2.10", 1263);
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        AddressObject b = address(OWNER, "payments", "203.0.113.11", 1);
        FirewallApplyResult r = adapter.apply(changes(List.of(a),
                List.of(new GroupMembers("k8s-payments", "payments", List.of(a))), List.of()));
        assertEquals(0, fx.sim.calls().count("transaction-start"), "the version says: no transactions");
        assertTrue(r.commitReference().startsWith("revision "), r.commitReference());
        assertNotNull(fx.entry("root", "addrgrp", "k8s-payments"));

        fx.sim.faults().inject("PUT firewall/addrgrp", Fault.error(500, null, "injected"));
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(changes(List.of(b),
                List.of(new GroupMembers("k8s-payments", "payments", List.of(b))), List.of(a))));
        assertTrue(e.getMessage().contains("applied before the failure: create firewall/address " + b.name()),
                e.getMessage());
        assertTrue(e.isTransient(), "a 500 without an error number is worth retrying");
        assertNotNull(fx.entry("root", "address", a.name()), "not deleted: the group still lists it");
    }

    @Test
    void transactionsOnFailsClearlyWhenTheFirmwareHasNone() {
        fx.sim.version("v6.2.10", 1263);
        FirewallAdapter adapter = fx.adapter(OWNER, fx.settings("root", "on"));
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(
                changes(List.of(address(OWNER, "p", "203.0.113.10", 0)), List.of(), List.of())));
        assertTrue(e.getMessage().contains("transactions: off"), e.getMessage());
        assertEquals(0, fx.simWrites());
    }

    @Test
    void observeCostsOneCallPerTableWhateverTheNumberOfObjects() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        List<AddressObject> few = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            few.add(address(OWNER, "gw", "10.0.0." + i, i));
        }
        adapter.apply(changes(few, List.of(new GroupMembers("k8s-gw", "gw", few)), List.of()));
        long before = fx.adapterReads();
        adapter.observe(new FirewallScope(OWNER, Set.of("k8s-gw"), names(few)));
        assertEquals(4, fx.adapterReads() - before);

        List<AddressObject> many = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            many.add(address(OWNER, "gw", "10.0." + (i / 200) + "." + (i % 200 + 10), i));
        }
        adapter.apply(changes(many, List.of(new GroupMembers("k8s-gw", "gw", many)), List.of()));
        fx.seedForeign("root", "address", "{\"name\":\"corp-out-of-scope\",\"subnet\":\"10.9.9.9/32\"}");
        before = fx.adapterReads();
        ObservedFirewall seen = adapter.observe(new FirewallScope(OWNER, Set.of("k8s-gw"), names(many)));
        assertEquals(4, fx.adapterReads() - before, "still one list call per table");
        assertEquals(153, seen.objects().size(), "ours only: the whole table was read, the foreign object dropped");
        assertTrue(seen.object("corp-out-of-scope").isEmpty());
        assertEquals(4, fx.calls.count(NAME, "GET firewall/address"),
                "apply, observe, apply, observe: one GET firewall/address each");
    }

    private static Set<String> names(List<AddressObject> list) {
        return Set.copyOf(list.stream().map(AddressObject::name).toList());
    }

    @Test
    void authAndServerFailuresAreActionable() {
        java.util.Map<String, Object> wrong = fx.settings("root", "auto");
        wrong.put("token", new dev.gatewarden.spi.Secret("${env:BAD}", "not-the-token"));
        ProviderException unauthorized = assertThrows(ProviderException.class,
                () -> fx.adapter(OWNER, wrong).observe(FirewallScope.of(OWNER, List.of())));
        assertTrue(unauthorized.getMessage().contains("401"), unauthorized.getMessage());
        assertTrue(unauthorized.getMessage().contains("token"), unauthorized.getMessage());
        assertFalse(unauthorized.isTransient());

        java.util.Map<String, Object> readOnly = fx.settings("root", "off");
        readOnly.put("token", new dev.gatewarden.spi.Secret("${env:RO}", FortiOsTestSupport.READ_ONLY_TOKEN));
        ProviderException forbidden = assertThrows(ProviderException.class, () -> fx.adapter(OWNER, readOnly)
                .apply(changes(List.of(address(OWNER, "p", "203.0.113.10", 0)), List.of(), List.of())));
        assertTrue(forbidden.getMessage().contains("403"), forbidden.getMessage());
        assertTrue(forbidden.getMessage().contains("read-write access"), forbidden.getMessage());
        assertTrue(forbidden.getMessage().contains("nothing was applied"), forbidden.getMessage());

        fx.sim.faults().inject("GET firewall/addrgrp", Fault.error(500, null, "internal"));
        ProviderException internal = assertThrows(ProviderException.class,
                () -> fx.adapter(OWNER).observe(FirewallScope.of(OWNER, List.of())));
        assertTrue(internal.isTransient());
        assertTrue(internal.getMessage().contains("firewall/addrgrp"), internal.getMessage());

        fx.sim.faults().inject("GET firewall/address", Fault.error(424, "-3", "missing"));
        ProviderException failedDependency = assertThrows(ProviderException.class,
                () -> fx.adapter(OWNER).observe(FirewallScope.of(OWNER, List.of())));
        assertTrue(failedDependency.getMessage().contains("424"), failedDependency.getMessage());
    }

    @Test
    void aReferencedAddressIsReportedAsInUse() {
        FirewallAdapter adapter = fx.adapter(OWNER, fx.settings("root", "off"));
        AddressObject a = address(OWNER, "payments", "203.0.113.10", 0);
        adapter.apply(changes(List.of(a), List.of(), List.of()));
        fx.seedForeign("root", "addrgrp", "{\"name\":\"corp\",\"member\":[{\"name\":\"" + a.name() + "\"}]}");
        ProviderException e = assertThrows(ProviderException.class,
                () -> adapter.apply(changes(List.of(), List.of(), List.of(a))));
        assertEquals("-23", e.code());
        assertTrue(e.getMessage().contains("still in use"), e.getMessage());
    }

    @Test
    void reMarksAnOwnedObjectWhoseIpChanged() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject a = new AddressObject("gw-prod-eu-1-payments-0", "203.0.113.10", "payments", null);
        adapter.apply(changes(List.of(a), List.of(), List.of()));
        adapter.apply(changes(List.of(new AddressObject(a.name(), "203.0.113.12", "payments", null)), List.of(),
                List.of()));
        assertEquals("203.0.113.12 255.255.255.255", fx.entry("root", "address", a.name()).path("subnet").asText());
        assertEquals(1, fx.sim.calls().count("PUT firewall/address"));
    }

    @Test
    void ipv6IsComparedInCanonicalFormSoReapplyingWritesNothing() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        AddressObject loose = new AddressObject("gw-prod-eu-1-v6-2001-db8--a", "2001:DB8:0:0::A", "v6", null);
        adapter.apply(changes(List.of(loose), List.of(new GroupMembers("k8s-v6", "v6", List.of(loose))), List.of()));
        assertEquals("2001:db8::a/128", fx.entry("root", "address6", loose.name()).path("ip6").asText());
        long writes = fx.simWrites();
        adapter.apply(changes(List.of(loose), List.of(new GroupMembers("k8s-v6", "v6", List.of(loose))), List.of()));
        assertEquals(writes, fx.simWrites());
        assertEquals("2001:db8::a", adapter.observe(FirewallScope.of(OWNER, List.of("k8s-v6"))).object(loose.name())
                .get().ip());
    }

    @Test
    void rejectsBadNamesAndIpsBeforeAnyCall() {
        FirewallAdapter adapter = fx.adapter(OWNER);
        assertThrows(dev.gatewarden.GatewardenException.ConfigException.class, () -> adapter.apply(changes(
                List.of(new AddressObject("x".repeat(80), "10.0.0.1", "g", null)), List.of(), List.of())));
        assertThrows(dev.gatewarden.GatewardenException.ConfigException.class, () -> adapter.apply(changes(
                List.of(new AddressObject("bad/name", "10.0.0.1", "g", null)), List.of(), List.of())));
        assertThrows(dev.gatewarden.GatewardenException.ConfigException.class, () -> adapter.apply(changes(
                List.of(new AddressObject("ok", "10.0.0.256", "g", null)), List.of(), List.of())));
        assertThrows(dev.gatewarden.GatewardenException.ConfigException.class, () -> adapter.apply(changes(
                List.of(), List.of(new GroupMembers("mixed", "g", List.of(new AddressObject("a", "10.0.0.1", "g", null),
                        new AddressObject("b", "2001:db8::1", "g", null)))), List.of())));
        assertEquals(0, fx.sim.calls().total());
    }
}
