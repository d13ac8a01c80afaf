package dev.gatewarden.sandbox.panos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.gatewarden.sandbox.Fault;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The PAN-OS simulator at the protocol level (plain loopback HTTP, raw XML API requests). */
class PanOsSimulatorTest {
    private static final String KEY = "sim-test-key";
    private static final String V = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private PanOsSimulator sim;
    private URI base;

    static {
        // The JDK HTTP server otherwise waits on Nagle + delayed ACK (~40 ms per request on loopback).
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    @BeforeEach
    void start() {
        sim = new PanOsSimulator(PanOsDeviceSpec.firewall("fw", KEY)).pollsUntilDone(2);
        base = sim.start(false);
    }

    @AfterEach
    void stop() {
        sim.close();
    }

    private record Reply(int status, String body) {
        boolean ok() {
            return body.startsWith("<response status=\"success\"");
        }

        String code() {
            Matcher m = Pattern.compile("code=\"(\\d+)\"").matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private Reply callWithKey(String key, String... kv) {
        Map<String, String> p = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            p.put(kv[i], kv[i + 1]);
        }
        StringJoiner body = new StringJoiner("&");
        p.forEach((k, v) -> body.add(k + "=" + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (key != null) {
            b.header("X-PAN-KEY", key);
        }
        try {
            HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(r.statusCode(), r.body());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Reply call(String... kv) {
        return callWithKey(KEY, kv);
    }

    private Reply set(String container, String element) {
        return call("type", "config", "action", "set", "xpath", V + "/" + container, "element", element);
    }

    private String commitAndWait(String cmd) {
        Reply c = call("type", "commit", "cmd", cmd);
        assertTrue(c.ok(), c.body());
        Matcher m = Pattern.compile("<job>(\\d+)</job>").matcher(c.body());
        if (!m.find()) {
            return c.body();
        }
        String job = m.group(1);
        Reply poll = call("type", "op", "cmd", "<show><jobs><id>" + job + "</id></jobs></show>");
        assertTrue(poll.body().contains("<status>ACT</status>"), "first poll still running: " + poll.body());
        poll = call("type", "op", "cmd", "<show><jobs><id>" + job + "</id></jobs></show>");
        assertTrue(poll.body().contains("<status>FIN</status>"), poll.body());
        return poll.body();
    }

    @Test
    void keygenAndApiKeyChecks() {
        Reply bad = callWithKey(null, "type", "keygen", "user", "gatewarden", "password", "nope");
        assertEquals(403, bad.status());
        assertTrue(bad.body().contains("Invalid Credential"));
        Reply good = callWithKey(null, "type", "keygen", "user", "gatewarden", "password", PanOsDeviceSpec.DEFAULT_PASSWORD);
        assertTrue(good.ok(), good.body());
        assertTrue(good.body().contains("<key>" + KEY + "</key>"), "the admin's existing key: " + good.body());
        Reply noKey = callWithKey(null, "type", "config", "action", "get", "xpath", V + "/address");
        assertEquals(403, noKey.status());
        assertEquals("403", noKey.code());
        Reply keyParam = callWithKey(null, "type", "config", "action", "get", "xpath", V + "/address", "key", KEY);
        assertTrue(keyParam.ok(), keyParam.body());
        assertEquals(2, sim.calls().count("keygen"), "keygen counted");
    }

    @Test
    void setGetShowAndCommitSeparateCandidateFromRunning() {
        Reply absent = call("type", "config", "action", "get", "xpath", V + "/address");
        assertEquals("7", absent.code(), absent.body());
        assertTrue(absent.ok());
        assertTrue(set("address", "<entry name='a1'><ip-netmask>10.0.0.5/32</ip-netmask></entry>"
                + "<entry name='a2'><ip-netmask>10.0.0.6</ip-netmask></entry>").ok());
        Reply get = call("type", "config", "action", "get", "xpath", V + "/address/entry[@name='a1']");
        assertEquals("19", get.code());
        assertTrue(get.body().contains("10.0.0.5/32"), get.body());
        Reply show = call("type", "config", "action", "show", "xpath", V + "/address/entry[@name='a1']");
        assertFalse(show.ok(), "not committed yet: " + show.body());
        assertEquals("<response status=\"error\"><msg><line>No such node</line></msg></response>", show.body());
        String job = commitAndWait("<commit><partial><admin><member>gatewarden</member></admin></partial></commit>");
        assertTrue(job.contains("<result>OK</result>"), job);
        show = call("type", "config", "action", "show", "xpath", V + "/address/entry[@name='a1']");
        assertEquals("19", show.code(), show.body());
        Reply again = call("type", "commit", "cmd", "<commit></commit>");
        assertTrue(again.body().contains("There are no changes to commit."), again.body());
    }

    @Test
    void validationIsAsStrictAsPanOs() {
        assertEquals("12", set("address", "<entry name='" + "x".repeat(64) + "'><ip-netmask>10.0.0.1</ip-netmask>"
                + "</entry>").code());
        assertEquals("12", set("address", "<entry name='-bad'><ip-netmask>10.0.0.1</ip-netmask></entry>").code());
        assertEquals("12", set("address", "<entry name='a'><ip-netmask>10.0.0.300/32</ip-netmask></entry>").code());
        assertEquals("12", set("address", "<entry name='a'><ip-netmask>10.0.0.1/33</ip-netmask></entry>").code());
        assertEquals("12", set("address", "<entry name='a'><ip-netmask>host.example</ip-netmask></entry>").code());
        assertEquals("12", set("address", "<entry name='a'><bogus>1</bogus><ip-netmask>10.0.0.1</ip-netmask>"
                + "</entry>").code());
        assertEquals("12", set("address", "<entry name='a'><ip-netmask>10.0.0.1</ip-netmask><tag><member>nope"
                + "</member></tag></entry>").code(), "tags must exist");
        Reply empty = set("address-group", "<entry name='g'><static/></entry>");
        assertEquals("12", empty.code());
        assertTrue(empty.body().contains("static is missing 'member'"), empty.body());
        Reply dangling = set("address-group", "<entry name='g'><static><member>ghost</member></static></entry>");
        assertTrue(dangling.body().contains("'ghost' is not a valid reference"), dangling.body());
        assertNull(sim.candidateNode(V + "/address-group/entry[@name='g']"), "a refused set changes nothing");

        assertTrue(set("address", "<entry name='a'><ip-netmask>2001:db8::1/128</ip-netmask></entry>").ok());
        assertTrue(set("address-group", "<entry name='g'><static><member>a</member></static></entry>").ok());
        Reply del = call("type", "config", "action", "delete", "xpath", V + "/address/entry[@name='a']");
        assertEquals("10", del.code(), del.body());
        assertTrue(del.body().contains("cannot be deleted because of references from"), del.body());
        assertNotNull(sim.candidateNode(V + "/address/entry[@name='a']"));
        Reply gone = call("type", "config", "action", "delete", "xpath", V + "/address/entry[@name='zz']");
        assertEquals("7", gone.code());
        Reply removeLast = call("type", "config", "action", "delete", "xpath",
                V + "/address-group/entry[@name='g']/static/member[text()='a']");
        assertEquals("12", removeLast.code(), "a static group keeps at least one member: " + removeLast.body());
    }

    @Test
    void theStaticGroupSizeLimitIsConfigurable() {
        sim.maxStaticGroupMembers(2);
        set("address", "<entry name='a'><ip-netmask>10.0.0.1</ip-netmask></entry><entry name='b'><ip-netmask>"
                + "10.0.0.2</ip-netmask></entry><entry name='c'><ip-netmask>10.0.0.3</ip-netmask></entry>");
        assertTrue(set("address-group", "<entry name='g'><static><member>a</member><member>b</member></static>"
                + "</entry>").ok());
        Reply tooMany = set("address-group", "<entry name='g'><static><member>c</member></static></entry>");
        assertEquals("12", tooMany.code(), tooMany.body());
        assertTrue(tooMany.body().contains("at most 2"), tooMany.body());
    }

    @Test
    void xpathsOutsideTheSubsetAreRefused() {
        for (String x : List.of("//address", "/config/devices/entry/vsys/*",
                V + "/address/entry[1]", V + "/address | /config", V + "/address/entry[@name='a' or 1=1]")) {
            Reply r = call("type", "config", "action", "get", "xpath", x);
            assertEquals("6", r.code(), x + " -> " + r.body());
        }
        Reply rules = call("type", "config", "action", "set", "xpath", V + "/rulebase", "element", "<security/>");
        assertEquals("12", rules.code(), rules.body());
        Reply wrongVsys = call("type", "config", "action", "set", "xpath",
                V.replace("vsys1", "vsys9") + "/address", "element", "<entry name='a'><ip-netmask>1.1.1.1"
                        + "</ip-netmask></entry>");
        assertEquals("12", wrongVsys.code(), wrongVsys.body());
    }

    @Test
    void editReplacesAndSetMerges() {
        set("address", "<entry name='a'><ip-netmask>10.0.0.1</ip-netmask></entry><entry name='b'><ip-netmask>"
                + "10.0.0.2</ip-netmask></entry>");
        set("address-group", "<entry name='g'><static><member>a</member></static></entry>");
        set("address-group", "<entry name='g'><static><member>b</member></static></entry>");
        String g = sim.candidateNode(V + "/address-group/entry[@name='g']");
        assertTrue(g.contains("<member>a</member>") && g.contains("<member>b</member>"), "set merges: " + g);
        Reply edit = call("type", "config", "action", "edit", "xpath", V + "/address-group/entry[@name='g']/static",
                "element", "<static><member>b</member></static>");
        assertTrue(edit.ok(), edit.body());
        g = sim.candidateNode(V + "/address-group/entry[@name='g']");
        assertFalse(g.contains("<member>a</member>"), "edit replaces: " + g);
        Reply mismatch = call("type", "config", "action", "edit", "xpath", V + "/address/entry[@name='a']",
                "element", "<entry name='other'><ip-netmask>1.1.1.1</ip-netmask></entry>");
        assertEquals("12", mismatch.code());
    }

    @Test
    void multiConfigIsAllOrNothing() {
        String bad = "<multi-config><set id='1' xpath=\"" + V + "/address\"><entry name='a'><ip-netmask>10.0.0.1"
                + "</ip-netmask></entry></set><set id='2' xpath=\"" + V + "/address-group\"><entry name='g'><static>"
                + "<member>ghost</member></static></entry></set></multi-config>";
        Reply r = call("type", "config", "action", "multi-config", "element", bad);
        assertFalse(r.ok());
        assertTrue(r.body().contains("id=\"2\""), r.body());
        assertNull(sim.candidateNode(V + "/address/entry[@name='a']"), "nothing applied");
        String good = bad.replace("ghost", "a") + "";
        good = good.replace("</multi-config>", "<delete id='3' xpath=\"" + V + "/address/entry[@name='zz']\"/>"
                + "</multi-config>");
        r = call("type", "config", "action", "multi-config", "element", good);
        assertTrue(r.ok(), r.body());
        assertEquals(3, r.body().split("<response ").length - 2, r.body());
        assertNotNull(sim.candidateNode(V + "/address-group/entry[@name='g']"));
    }

    @Test
    void partialCommitOnlyTakesTheNamedAdminsChanges() {
        sim.configure("alice", "set", V + "/address", "<entry name='alice1'><ip-netmask>10.9.0.1</ip-netmask>"
                + "</entry>");
        set("address", "<entry name='mine'><ip-netmask>10.0.0.1</ip-netmask></entry>");
        commitAndWait("<commit><partial><admin><member>gatewarden</member></admin></partial></commit>");
        assertNotNull(sim.runningNode(V + "/address/entry[@name='mine']"));
        assertNull(sim.runningNode(V + "/address/entry[@name='alice1']"));
        assertTrue(sim.hasPendingChanges("alice"));
        assertNotNull(sim.candidateNode(V + "/address/entry[@name='alice1']"), "alice's work stays in candidate");
    }

    @Test
    void commitFailuresLocksAndPanoramaOnlyCommands() {
        set("address", "<entry name='a'><ip-netmask>10.0.0.1</ip-netmask></entry>");
        sim.failNextCommit("Validation Error:", "something is wrong");
        String fin = commitAndWait("<commit></commit>");
        assertTrue(fin.contains("<result>FAIL</result>") && fin.contains("something is wrong"), fin);
        assertNull(sim.runningNode(V + "/address/entry[@name='a']"));

        sim.holdConfigLock("bob");
        Reply locked = set("address", "<entry name='b'><ip-netmask>10.0.0.2</ip-netmask></entry>");
        assertTrue(locked.body().contains("currently locked by bob"), locked.body());
        sim.holdConfigLock(null);
        sim.holdCommitLock("bob");
        Reply commit = call("type", "commit", "cmd", "<commit></commit>");
        assertTrue(commit.body().contains("bob"), commit.body());
        Reply locks = call("type", "op", "cmd", "<show><commit-locks/></show>");
        assertTrue(locks.body().contains("name=\"bob\""), locks.body());
        sim.holdCommitLock(null);

        Reply push = call("type", "commit", "action", "all", "cmd", "<commit-all><shared-policy><device-group>"
                + "<entry name='dg1'/></device-group></shared-policy></commit-all>");
        assertFalse(push.ok(), "a firewall has no commit-all: " + push.body());
        Reply unknown = call("type", "op", "cmd", "<show><bogus/></show>");
        assertEquals("17", unknown.code());
    }

    @Test
    void locksAreTakenAndReleasedOnlyByTheirHolder() {
        Reply take = call("type", "op", "cmd", "<request><config-lock><add><comment>maintenance</comment></add>"
                + "</config-lock></request>");
        assertTrue(take.ok(), take.body());
        assertTrue(set("address", "<entry name='a'><ip-netmask>10.0.0.1</ip-netmask></entry>").ok(),
                "the holder may still change the config");
        sim.holdConfigLock("bob");
        Reply steal = call("type", "op", "cmd", "<request><config-lock><remove/></config-lock></request>");
        assertFalse(steal.ok(), "someone else's lock is not removed: " + steal.body());
        assertTrue(steal.body().contains("Config for scope shared is currently locked by bob"), steal.body());
        sim.holdConfigLock(null);
        Reply commitLock = call("type", "op", "cmd", "<request><commit-lock><add/></commit-lock></request>");
        assertTrue(commitLock.ok(), commitLock.body());
        assertTrue(call("type", "op", "cmd", "<request><commit-lock><remove/></commit-lock></request>").ok());
        assertEquals(4, sim.calls().count("op/lock"));
    }

    @Test
    void userIdRegistrationsAndTheRegisteredIpListing() {
        String reg = "<uid-message><version>2.0</version><type>update</type><payload><register>"
                + "<entry ip='10.0.0.5' persistent='1'><tag><member>t1</member><member timeout='60'>t2</member></tag>"
                + "</entry><entry ip='10.0.0.6'><tag><member>t1</member></tag></entry></register></payload>"
                + "</uid-message>";
        Reply r = call("type", "user-id", "cmd", reg);
        assertTrue(r.ok(), r.body());
        Reply dup = call("type", "user-id", "cmd", reg);
        assertFalse(dup.ok());
        assertTrue(dup.body().contains("already exists, ignore"), dup.body());
        Reply list = call("type", "op", "cmd", "<show><object><registered-ip><tag><entry name='t2'/></tag>"
                + "</registered-ip></object></show>");
        assertTrue(list.body().contains("ip=\"10.0.0.5\"") && !list.body().contains("10.0.0.6"), list.body());
        Reply page = call("type", "op", "cmd", "<show><object><registered-ip><all/><limit>1</limit><start-point>2"
                + "</start-point></registered-ip></object></show>");
        assertTrue(page.body().contains("10.0.0.6") && !page.body().contains("10.0.0.5"), page.body());
        Reply unreg = call("type", "user-id", "cmd", "<uid-message><version>2.0</version><type>update</type>"
                + "<payload><unregister><entry ip='10.0.0.6'><tag><member>t1</member></tag></entry></unregister>"
                + "</payload></uid-message>");
        assertTrue(unreg.ok(), unreg.body());
        assertEquals(List.of("10.0.0.5"), List.copyOf(sim.registeredIps("vsys1").keySet()));
        Reply badIp = call("type", "user-id", "cmd", reg.replace("10.0.0.5", "10.0.0.500"));
        assertTrue(badIp.body().contains("Invalid IP address"), badIp.body());
        sim.reboot();
        assertEquals(List.of("10.0.0.5"), List.copyOf(sim.registeredIps("vsys1").keySet()), "persistent survives");
    }

    @Test
    void snapshotRestoreRoundTrips() {
        set("address", "<entry name='a'><ip-netmask>10.0.0.1</ip-netmask></entry>");
        commitAndWait("<commit></commit>");
        set("address", "<entry name='pending'><ip-netmask>10.0.0.2</ip-netmask></entry>");
        call("type", "user-id", "cmd", "<uid-message><version>2.0</version><type>update</type><payload><register>"
                + "<entry ip='10.0.0.7'><tag><member>t</member></tag></entry></register></payload></uid-message>");
        JsonNode snap = sim.snapshot();
        PanOsSimulator copy = new PanOsSimulator(PanOsDeviceSpec.firewall("fw", KEY));
        copy.restore(snap);
        assertEquals(sim.runningXml(), copy.runningXml());
        assertEquals(sim.candidateXml(), copy.candidateXml());
        assertEquals(sim.registeredIps("vsys1"), copy.registeredIps("vsys1"));
        assertTrue(copy.hasPendingChanges("gatewarden"));
        assertEquals(snap, copy.snapshot());
    }

    @Test
    void injectedFaultsUseThePanOsEnvelope() {
        sim.faults().inject("config/get", Fault.error(500, "2", "Internal error"));
        Reply r = call("type", "config", "action", "get", "xpath", V + "/address");
        assertEquals(500, r.status());
        assertTrue(r.body().startsWith("<response status=\"error\" code=\"2\">"), r.body());
        sim.faults().inject("commit", Fault.throttle());
        assertEquals(503, call("type", "commit", "cmd", "<commit/>").status());
        assertEquals(1, sim.calls().count("commit"));
    }

    @Test
    void devicesComeFromTheWorldFile() throws Exception {
        JsonNode world = new ObjectMapper(new YAMLFactory()).readTree("""
                panos:
                  - name: dc1-pa
                    vsys: [vsys1, vsys2]
                    admins: [{user: gw, password: pw}]
                    apiKeys: [{key: k1, admin: gw}]
                  - name: pano
                    panorama: true
                    deviceGroups: [dg-a]
                """);
        List<PanOsDeviceSpec> specs = PanOsDeviceSpec.listFromJson(world.path("panos"));
        assertEquals(2, specs.size());
        assertEquals(List.of("vsys1", "vsys2"), specs.get(0).locations());
        assertEquals("gw", specs.get(0).apiKeys().get("k1"));
        assertTrue(specs.get(1).panorama());
        assertFalse(specs.get(0).toString().contains("pw"), "passwords are not printed");
        try (PanOsSimulator pano = new PanOsSimulator(specs.get(1))) {
            assertTrue(pano.candidateXml().contains("<device-group><entry name=\"dg-a\"/>"), pano.candidateXml());
        }
    }
}
