package dev.gatewarden.sandbox.fortios;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.SandboxTls;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FortiOsSimulatorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RW = "rw-token";
    private static final String RO = "ro-token";
    private FortiOsSimulator sim;
    private HttpClient http;
    private URI base;

    /** A clock tests can move. */
    static final class MutableClock extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final MutableClock clock = new MutableClock();

    @BeforeEach
    void start() throws Exception {
        sim = new FortiOsSimulator().vdom("dmz").token(RW, true).token(RO, false).token("dmz-only", true, "dmz")
                .clock(clock);
        base = sim.start(true);
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("sandbox", CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(SandboxTls.caPem().getBytes(StandardCharsets.US_ASCII))));
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        http = HttpClient.newBuilder().sslContext(ctx).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private record Reply(int status, JsonNode body) {
    }

    private Reply call(String method, String pathAndQuery, String body, String token, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body()));
    }

    private Reply call(String method, String path, String body) throws Exception {
        return call(method, path, body, RW);
    }

    private static String q(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void createsListsAndReadsWithTheFortiOsEnvelope() throws Exception {
        Reply created = call("POST", "/api/v2/cmdb/firewall/address?vdom=root",
                "{\"name\":\"a1\",\"type\":\"ipmask\",\"subnet\":\"10.0.0.5/32\",\"comment\":\"gatewarden owner=o\"}");
        assertEquals(200, created.status());
        assertEquals("success", created.body().get("status").asText());
        assertEquals("a1", created.body().get("mkey").asText());
        assertEquals("POST", created.body().get("http_method").asText());
        assertEquals("v7.2.5", created.body().get("version").asText());
        assertTrue(created.body().get("revision_changed").asBoolean());

        Reply one = call("GET", "/api/v2/cmdb/firewall/address/a1", null);
        assertEquals(200, one.status());
        JsonNode a1 = one.body().get("results").get(0);
        assertEquals("10.0.0.5 255.255.255.255", a1.get("subnet").asText());
        assertEquals("a1", a1.get("q_origin_key").asText());
        assertFalse(a1.get("uuid").asText().isEmpty());
        assertEquals("root", one.body().get("vdom").asText());
        assertEquals("firewall", one.body().get("path").asText());
        assertEquals("address", one.body().get("name").asText());

        Reply list = call("GET", "/api/v2/cmdb/firewall/address?format=name%7Csubnet", null);
        assertEquals(1, list.body().get("results").size());
        assertNull(list.body().get("results").get(0).get("comment"));
        assertEquals(1, list.body().get("size").asInt());

        Reply missing = call("GET", "/api/v2/cmdb/firewall/address/none-such", null);
        assertEquals(404, missing.status());
        assertEquals(-3, missing.body().get("error").asInt());
        assertEquals("error", missing.body().get("status").asText());
    }

    @Test
    void ipv6IsStoredCompressedAndInvalidIpsAreRefused() throws Exception {
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/address6",
                "{\"name\":\"v6\",\"ip6\":\"2001:0DB8:0:0::5/128\"}").status());
        assertEquals("2001:db8::5/128", sim.entry("root", "address6", "v6").get("ip6").asText());
        Reply bad = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"bad\",\"subnet\":\"10.0.0.300/32\"}");
        assertEquals(500, bad.status());
        assertEquals(-8, bad.body().get("error").asInt());
        Reply bad6 = call("POST", "/api/v2/cmdb/firewall/address6", "{\"name\":\"bad6\",\"ip6\":\"2001:db8:::1/128\"}");
        assertEquals(-8, bad6.body().get("error").asInt());
    }

    @Test
    void enforcesNameCommentDuplicatesAndUnknownAttributes() throws Exception {
        String longName = "n".repeat(80);
        Reply tooLong = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"" + longName + "\",\"subnet\":\"10.0.0.1/32\"}");
        assertEquals(-1, tooLong.body().get("error").asInt());
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/address",
                "{\"name\":\"" + "n".repeat(79) + "\",\"subnet\":\"10.0.0.1/32\"}").status());
        Reply longComment = call("POST", "/api/v2/cmdb/firewall/address",
                "{\"name\":\"c\",\"subnet\":\"10.0.0.1/32\",\"comment\":\"" + "x".repeat(256) + "\"}");
        assertEquals(-1, longComment.body().get("error").asInt());
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"d\",\"subnet\":\"10.0.0.2/32\"}").status());
        Reply dup = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"d\",\"subnet\":\"10.0.0.3/32\"}");
        assertEquals(500, dup.status());
        assertEquals(-5, dup.body().get("error").asInt());
        Reply sameAsAddress = call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"d\",\"member\":[{\"name\":\"d\"}]}");
        assertEquals(-5, sameAsAddress.body().get("error").asInt(), "an address and a group cannot share a name");
        Reply unknown = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"e\",\"subnet\":\"10.0.0.4/32\",\"bogus\":1}");
        assertEquals(-703, unknown.body().get("error").asInt());
    }

    @Test
    void groupsKeepReferentialIntegrity() throws Exception {
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a1\",\"subnet\":\"10.0.0.1/32\"}");
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a2\",\"subnet\":\"10.0.0.2/32\"}");
        Reply missingMember = call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"g\",\"member\":[{\"name\":\"nope\"}]}");
        assertEquals(424, missingMember.status());
        assertEquals(-3, missingMember.body().get("error").asInt());
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/addrgrp",
                "{\"name\":\"g\",\"member\":[{\"name\":\"a1\"}],\"comment\":\"c\"}").status());
        Reply inUse = call("DELETE", "/api/v2/cmdb/firewall/address/a1", null);
        assertEquals(500, inUse.status());
        assertEquals(-23, inUse.body().get("error").asInt());
        // PUT merges: member replaces the list, comment stays
        assertEquals(200, call("PUT", "/api/v2/cmdb/firewall/addrgrp/g", "{\"member\":[{\"name\":\"a2\"}]}").status());
        JsonNode g = sim.entry("root", "addrgrp", "g");
        assertEquals(1, g.get("member").size());
        assertEquals("a2", g.get("member").get(0).get("name").asText());
        assertEquals("c", g.get("comment").asText());
        assertEquals(200, call("DELETE", "/api/v2/cmdb/firewall/address/a1", null).status());
        // an IPv4 address is not a valid addrgrp6 member
        call("POST", "/api/v2/cmdb/firewall/address6", "{\"name\":\"b6\",\"ip6\":\"2001:db8::1/128\"}");
        assertEquals(424, call("POST", "/api/v2/cmdb/firewall/addrgrp6", "{\"name\":\"g6\",\"member\":[{\"name\":\"a2\"}]}").status());
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/addrgrp6", "{\"name\":\"g6\",\"member\":[{\"name\":\"b6\"}]}").status());
    }

    @Test
    void emptyGroupsAreRefusedUnlessConfigured() throws Exception {
        Reply empty = call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"g\",\"member\":[]}");
        assertEquals(500, empty.status());
        assertEquals(-651, empty.body().get("error").asInt());
        sim.allowEmptyGroups(true);
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"g\",\"member\":[]}").status());
    }

    @Test
    void modelLimitsAreEnforcedWhenConfigured() throws Exception {
        sim.limits(2, 1);
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}");
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"b\",\"subnet\":\"10.0.0.2/32\"}");
        Reply full = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"c\",\"subnet\":\"10.0.0.3/32\"}");
        assertEquals(-4, full.body().get("error").asInt());
        Reply members = call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"g\",\"member\":[{\"name\":\"a\"},{\"name\":\"b\"}]}");
        assertEquals(-4, members.body().get("error").asInt());
    }

    @Test
    void filtersSupportTheDocumentedOperators() throws Exception {
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"gw-a-10.0.0.1\",\"subnet\":\"10.0.0.1/32\",\"comment\":\"gatewarden owner=a\"}");
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"gw-b-10.0.0.2\",\"subnet\":\"10.0.0.2/32\",\"comment\":\"gatewarden owner=b\"}");
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"other\",\"subnet\":\"10.0.0.3/32\",\"color\":5}");
        assertEquals(List.of("gw-a-10.0.0.1"), names(call("GET", "/api/v2/cmdb/firewall/address?filter="
                + q("comment=@gatewarden owner=a"), null)));
        assertEquals(List.of("gw-a-10.0.0.1", "other"), names(call("GET", "/api/v2/cmdb/firewall/address?filter="
                + q("comment=@owner=a,name==other"), null)));
        assertEquals(List.of("gw-b-10.0.0.2"), names(call("GET", "/api/v2/cmdb/firewall/address?filter="
                + q("name==gw-b-10\\.0\\.0\\.2"), null)));
        assertEquals(List.of("gw-b-10.0.0.2"), names(call("GET", "/api/v2/cmdb/firewall/address?filter="
                + q("name=@gw") + "&filter=" + q("name!@-a-"), null)));
        assertEquals(List.of("other"), names(call("GET", "/api/v2/cmdb/firewall/address?filter=" + q("color>=1"), null)));
        assertEquals(List.of("other"), names(call("GET", "/api/v2/cmdb/firewall/address?filter=" + q("name=*OTHER"), null)));
        assertEquals(2, call("GET", "/api/v2/cmdb/firewall/address?filter=" + q("name!=other"), null)
                .body().get("results").size());
        assertEquals(-651, call("GET", "/api/v2/cmdb/firewall/address?filter=" + q("name~x"), null)
                .body().get("error").asInt());
    }

    private static List<String> names(Reply r) {
        List<String> out = new ArrayList<>();
        r.body().get("results").forEach(n -> out.add(n.get("name").asText()));
        return out;
    }

    @Test
    void authAndPermissions() throws Exception {
        assertEquals(401, call("GET", "/api/v2/cmdb/firewall/address", null, null).status());
        assertEquals(401, call("GET", "/api/v2/cmdb/firewall/address", null, "wrong").status());
        assertEquals(200, call("GET", "/api/v2/cmdb/firewall/address?access_token=" + RW, null, null).status());
        assertEquals(200, call("GET", "/api/v2/cmdb/firewall/address", null, RO).status());
        Reply ro = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}", RO);
        assertEquals(403, ro.status());
        assertEquals(-14, ro.body().get("error").asInt());
        assertEquals(403, call("GET", "/api/v2/cmdb/firewall/address?vdom=root", null, "dmz-only").status());
        assertEquals(200, call("GET", "/api/v2/cmdb/firewall/address?vdom=dmz", null, "dmz-only").status());
    }

    @Test
    void vdomsAreSeparateAndUnknownVdomsAreRefused() throws Exception {
        call("POST", "/api/v2/cmdb/firewall/address?vdom=dmz", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}");
        assertEquals(0, call("GET", "/api/v2/cmdb/firewall/address?vdom=root", null).body().get("results").size());
        assertEquals(1, call("GET", "/api/v2/cmdb/firewall/address?vdom=dmz", null).body().get("results").size());
        Reply unknown = call("GET", "/api/v2/cmdb/firewall/address?vdom=nope", null);
        assertEquals(404, unknown.status());
    }

    @Test
    void urlEncodedNamesWork() throws Exception {
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"10.0.0.0/8\",\"subnet\":\"10.0.0.0/8\"}");
        Reply r = call("GET", "/api/v2/cmdb/firewall/address/10.0.0.0%2F8", null);
        assertEquals(200, r.status());
        assertEquals("10.0.0.0 255.0.0.0", r.body().get("results").get(0).get("subnet").asText());
    }

    @Test
    void transactionsHideChangesUntilCommitAndAbortDiscards() throws Exception {
        Reply start = call("POST", "/api/v2/cmdb?action=transaction-start&vdom=root", "{\"timeout\":60}");
        assertEquals(200, start.status());
        String id = start.body().get("results").get("transaction-id").asText();
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}",
                RW, "X-TRANSACTION-ID", id).status());
        // the group may reference the address created earlier in the same transaction
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"g\",\"member\":[{\"name\":\"a\"}]}",
                RW, "X-TRANSACTION-ID", id).status());
        assertEquals(0, call("GET", "/api/v2/cmdb/firewall/address", null).body().get("results").size());
        assertEquals(1, call("GET", "/api/v2/cmdb/firewall/address", null, RW, "X-TRANSACTION-ID", id)
                .body().get("results").size());
        assertEquals(200, finish("commit", id).status());
        assertNotNull(sim.entry("root", "addrgrp", "g"));
        assertEquals(0, sim.openTransactions());

        String id2 = call("POST", "/api/v2/cmdb?action=transaction-start", "{\"timeout\":60}")
                .body().get("results").get("transaction-id").asText();
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"b\",\"subnet\":\"10.0.0.2/32\"}", RW, "X-TRANSACTION-ID", id2);
        assertEquals(200, finish("abort", id2).status());
        assertNull(sim.entry("root", "address", "b"));
        assertEquals(400, call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"c\",\"subnet\":\"10.0.0.3/32\"}",
                RW, "X-TRANSACTION-ID", id2).status(), "an aborted transaction is gone");
    }

    /** Commit or abort in the documented form: the id in the JSON body. */
    private Reply finish(String what, String id) throws Exception {
        return call("POST", "/api/v2/cmdb?action=transaction-" + what, "{\"transaction-id\": " + id + "}");
    }

    private String startTransaction() throws Exception {
        return call("POST", "/api/v2/cmdb?action=transaction-start", "{\"timeout\":60}")
                .body().get("results").get("transaction-id").asText();
    }

    @Test
    void aCommitThatNoLongerFitsAppliesNothing() throws Exception {
        sim.seed("root", "address", JSON.readTree("{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}"));
        String id = startTransaction();
        call("POST", "/api/v2/cmdb/firewall/address6", "{\"name\":\"b\",\"ip6\":\"2001:db8::2/128\"}", RW,
                "X-TRANSACTION-ID", id);
        call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"g\",\"member\":[{\"name\":\"a\"}]}", RW,
                "X-TRANSACTION-ID", id);
        // meanwhile, outside the transaction, someone deletes the member: the transaction did not write (lock) the
        // address table, and no committed group lists "a" yet
        assertEquals(200, call("DELETE", "/api/v2/cmdb/firewall/address/a", null).status());
        Reply commit = finish("commit", id);
        assertEquals(424, commit.status(), commit.body().toString());
        assertNull(sim.entry("root", "address6", "b"), "nothing of the transaction was applied");
        assertNull(sim.entry("root", "addrgrp", "g"));
        assertEquals(0, sim.openTransactions());
    }

    @Test
    void commitAndAbortNameTheTransactionInTheBody() throws Exception {
        String id = startTransaction();
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}", RW, "X-TRANSACTION-ID", id);
        Reply headerOnly = call("POST", "/api/v2/cmdb?action=transaction-commit", null, RW, "X-TRANSACTION-ID", id);
        assertEquals(400, headerOnly.status(), "the header-only form is not documented: refused by default");
        assertEquals(1, sim.openTransactions(), "a refused commit leaves the transaction open");
        Reply mismatch = call("POST", "/api/v2/cmdb?action=transaction-commit", "{\"transaction-id\": 99}", RW,
                "X-TRANSACTION-ID", id);
        assertEquals(400, mismatch.status());
        Reply commit = finish("commit", id);
        assertEquals(200, commit.status(), commit.body().toString());
        assertTrue(commit.body().get("revision_changed").asBoolean());
        assertEquals("transaction-commit", commit.body().get("action").asText());
        assertNotNull(sim.entry("root", "address", "a"));

        sim.headerOnlyTransactionFinish(true);
        String id2 = startTransaction();
        assertEquals(200, call("POST", "/api/v2/cmdb?action=transaction-abort", null, RW, "X-TRANSACTION-ID", id2)
                .status(), "accepted when configured");
        assertEquals(0, sim.openTransactions());
    }

    @Test
    void anOpenTransactionLocksTheTablesItWrote() throws Exception {
        String t1 = startTransaction();
        String t2 = startTransaction();
        Reply first = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}",
                RW, "X-TRANSACTION-ID", t1);
        assertFalse(first.body().get("revision_changed").asBoolean(), "nothing committed yet");
        Reply other = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"b\",\"subnet\":\"10.0.0.2/32\"}",
                RW, "X-TRANSACTION-ID", t2);
        assertEquals(500, other.status(), "another transaction");
        assertEquals(-34, other.body().get("error").asInt());
        Reply plain = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"c\",\"subnet\":\"10.0.0.3/32\"}");
        assertEquals(500, plain.status(), "a plain write");
        assertTrue(plain.body().get("cli_error").asText().endsWith("Command fail. Return code -34"),
                plain.body().toString());
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/address6", "{\"name\":\"v6\",\"ip6\":\"2001:db8::1/128\"}",
                RW, "X-TRANSACTION-ID", t2).status(), "other tables stay writable");
        assertEquals(200, call("GET", "/api/v2/cmdb/firewall/address", null).status(), "reads are not locked");
        assertEquals(200, finish("abort", t1).status());
        assertEquals(200, call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"c\",\"subnet\":\"10.0.0.3/32\"}")
                .status(), "the lock ends with the transaction");
        Reply list = call("GET", "/api/v2/cmdb?action=transaction-list", null);
        assertEquals(1, list.body().get("results").size());
        assertEquals(Integer.parseInt(t2), list.body().get("results").get(0).get("transaction-id").asInt());
        assertEquals(404, call("GET", "/api/v2/cmdb?action=transaction-show", null, RW, "X-TRANSACTION-ID", t2)
                .status(), "transaction-show came with 7.4.1");
        sim.version("v7.4.2", 2484);
        Reply show = call("GET", "/api/v2/cmdb?action=transaction-show", null, RW, "X-TRANSACTION-ID", t2);
        assertEquals("firewall/address6", show.body().get("results").get(0).get("path").asText());
    }

    @Test
    void aWriteThatChangesNothingReportsNoRevisionChange() throws Exception {
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\",\"comment\":\"x\"}");
        String before = call("GET", "/api/v2/cmdb/firewall/address", null).body().get("revision").asText();
        Reply same = call("PUT", "/api/v2/cmdb/firewall/address/a", "{\"subnet\":\"10.0.0.1 255.255.255.255\",\"comment\":\"x\"}");
        assertEquals(200, same.status());
        assertFalse(same.body().get("revision_changed").asBoolean());
        assertEquals(before, same.body().get("revision").asText());
        Reply changed = call("PUT", "/api/v2/cmdb/firewall/address/a", "{\"comment\":\"y\"}");
        assertTrue(changed.body().get("revision_changed").asBoolean());
        Reply dup = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}");
        assertEquals(500, dup.status());
        assertEquals(-5, dup.body().get("error").asInt());
        assertFalse(dup.body().get("revision_changed").asBoolean(), "errors carry revision_changed too");
        assertTrue(dup.body().get("cli_error").asText().endsWith("Command fail. Return code -5"));
    }

    @Test
    void schemaGlobalAndSystemStatusAnswerAsClientsExpect() throws Exception {
        Reply schema = call("GET", "/api/v2/cmdb/firewall/address?vdom=root&action=schema", null);
        assertEquals("name", schema.body().get("results").get("mkey").asText());
        assertEquals("table", schema.body().get("results").get("category").asText());
        assertEquals(79, schema.body().get("results").get("children").get("name").get("size").asInt());
        Reply index = call("GET", "/api/v2/cmdb/?action=schema", null);
        assertEquals("firewall", index.body().get("results").get(0).get("path").asText());

        call("POST", "/api/v2/cmdb/firewall/address?vdom=dmz", "{\"name\":\"d\",\"subnet\":\"10.0.0.4/32\"}");
        Reply global = call("GET", "/api/v2/cmdb/firewall/address?global=1", null);
        assertTrue(global.body().isArray());
        assertEquals(2, global.body().size(), "one answer per VDOM");
        assertEquals("dmz", global.body().get(0).get("vdom").asText());
        assertEquals(1, global.body().get(0).get("results").size());
        assertEquals(1, call("GET", "/api/v2/cmdb/firewall/address?global=1", null, "dmz-only").body().size(),
                "only the VDOMs the token may see");
        Reply unknown = call("GET", "/api/v2/cmdb/system/status?global=1", null);
        assertEquals(404, unknown.body().get(0).get("http_status").asInt());
        assertEquals(FortiOsSimulator.DEFAULT_VERSION, unknown.body().get(0).get("version").asText());

        Reply status = call("GET", "/api/v2/monitor/system/status?vdom=root", null);
        assertEquals(200, status.status());
        assertEquals(FortiOsSimulator.DEFAULT_VERSION, status.body().get("version").asText());
        assertEquals("FGVM64", status.body().get("results").get("model").asText());
        assertEquals(401, call("GET", "/api/v2/monitor/system/status", null, "wrong").status());
    }

    @Test
    void groupMembersHaveTheirOwnChildTable() throws Exception {
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}");
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"b\",\"subnet\":\"10.0.0.2/32\"}");
        call("POST", "/api/v2/cmdb/firewall/addrgrp", "{\"name\":\"g\",\"member\":[{\"name\":\"a\"}]}");
        Reply add = call("POST", "/api/v2/cmdb/firewall/addrgrp/g/member", "{\"name\":\"b\"}");
        assertEquals(200, add.status(), add.body().toString());
        assertEquals("b", add.body().get("mkey").asText());
        assertEquals(2, call("GET", "/api/v2/cmdb/firewall/addrgrp/g/member", null).body().get("results").size());
        assertEquals(200, call("GET", "/api/v2/cmdb/firewall/addrgrp/g/member/b", null).status());
        assertEquals(-5, call("POST", "/api/v2/cmdb/firewall/addrgrp/g/member", "{\"name\":\"b\"}").body()
                .get("error").asInt());
        assertEquals(424, call("POST", "/api/v2/cmdb/firewall/addrgrp/g/member", "{\"name\":\"nope\"}").status());
        Reply keep = call("PUT", "/api/v2/cmdb/firewall/addrgrp/g/member/b", "{\"name\":\"b\"}");
        assertFalse(keep.body().get("revision_changed").asBoolean());
        assertEquals(200, call("DELETE", "/api/v2/cmdb/firewall/addrgrp/g/member/a", null).status());
        assertEquals(404, call("GET", "/api/v2/cmdb/firewall/addrgrp/g/member/a", null).status());
        assertEquals("b", sim.entry("root", "addrgrp", "g").get("member").get(0).get("name").asText());
        assertEquals(404, call("GET", "/api/v2/cmdb/firewall/address/a/member", null).status());
    }

    @Test
    void transactionsExpire() throws Exception {
        String id = call("POST", "/api/v2/cmdb?action=transaction-start", "{\"timeout\":30}")
                .body().get("results").get("transaction-id").asText();
        clock.now = clock.now.plusSeconds(20);
        call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}", RW, "X-TRANSACTION-ID", id);
        clock.now = clock.now.plusSeconds(20);
        assertEquals(1, sim.openTransactions(), "the timeout counts idle time");
        clock.now = clock.now.plusSeconds(11);
        assertEquals(400, finish("commit", id).status(), "expired");
        assertNull(sim.entry("root", "address", "a"));
    }

    @Test
    void oldVersionsHaveNoTransactions() throws Exception {
        sim.version("v6.2.10", 1263);
        assertFalse(sim.transactionsSupported());
        Reply r = call("POST", "/api/v2/cmdb?action=transaction-start", "{\"timeout\":60}");
        assertEquals(404, r.status());
        assertEquals("v6.2.10", r.body().get("version").asText());
    }

    @Test
    void countsCallsAndInjectsFaults() throws Exception {
        call("GET", "/api/v2/cmdb/firewall/address", null);
        call("GET", "/api/v2/cmdb/firewall/addrgrp6", null);
        assertEquals(1, sim.calls().count("GET firewall/address"));
        assertEquals(1, sim.calls().count("GET firewall/addrgrp6"));
        sim.faults().inject("POST firewall/address", Fault.error(500, "-1", "boom"));
        Reply f = call("POST", "/api/v2/cmdb/firewall/address", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}");
        assertEquals(500, f.status());
        assertEquals(-1, f.body().get("error").asInt());
        assertNull(sim.entry("root", "address", "a"));
        sim.faults().inject("GET firewall/address", Fault.error(401, null, null));
        assertEquals(401, call("GET", "/api/v2/cmdb/firewall/address", null).status());
        sim.faults().inject("GET firewall/address", Fault.error(403, null, null));
        assertEquals(403, call("GET", "/api/v2/cmdb/firewall/address", null).status());
    }

    @Test
    void snapshotAndRestoreAllVdoms() throws Exception {
        call("POST", "/api/v2/cmdb/firewall/address?vdom=dmz", "{\"name\":\"a\",\"subnet\":\"10.0.0.1/32\"}");
        call("POST", "/api/v2/cmdb/firewall/address6", "{\"name\":\"b\",\"ip6\":\"2001:db8::1/128\"}");
        JsonNode snap = JSON.readTree(JSON.writeValueAsString(sim.snapshot()));
        FortiOsSimulator other = new FortiOsSimulator();
        other.restore(snap);
        assertNotNull(other.entry("dmz", "address", "a"));
        assertNotNull(other.entry("root", "address6", "b"));
        assertEquals(snap, JSON.readTree(JSON.writeValueAsString(other.snapshot())));
    }

    @Test
    void seedsFromAWorldSection() throws Exception {
        JsonNode world = JSON.readTree("{\"version\":\"v6.2.10\",\"vdoms\":[\"root\",\"edge\"],"
                + "\"tokens\":[{\"token\":\"t1\",\"write\":false,\"vdoms\":[\"edge\"]}],"
                + "\"objects\":{\"edge\":{\"address\":[{\"name\":\"a\",\"subnet\":\"10.1.1.1/32\"}],"
                + "\"addrgrp\":[{\"name\":\"g\",\"member\":[{\"name\":\"a\"}]}]}}}");
        FortiOsSimulator s = FortiOsSimulator.fromWorld(world);
        assertFalse(s.transactionsSupported());
        assertEquals(List.of("g"), s.names("edge", "addrgrp"));
        assertThrows(IllegalArgumentException.class, () -> s.seed("edge", "addrgrp",
                JSON.readTree("{\"name\":\"h\",\"member\":[{\"name\":\"missing\"}]}")));
        URI u = s.start(true);
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(u.resolve("/api/v2/cmdb/firewall/address?vdom=edge"))
                    .header("Authorization", "Bearer t1").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            HttpResponse<String> w = http.send(HttpRequest.newBuilder(u.resolve("/api/v2/cmdb/firewall/address?vdom=edge"))
                    .header("Authorization", "Bearer t1").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, w.statusCode());
        } finally {
            s.close();
        }
    }
}
