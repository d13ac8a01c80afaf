package dev.gatewarden.sandbox.panos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PAN-OS answers that clients written against real devices rely on (API-NOTES H.2): the content type, "No such
 * node", system info and version, the XPath forms clients send, rename/clone/move, per-scope locks in PAN-OS's words,
 * the name-too-long text, HTTP Basic authentication, raw query characters and commit-all per-device results.
 */
class PanOsFidelityTest {
    private static final String KEY = "fidelity-key";
    private static final String V = "/config/devices/entry[@name='localhost.localdomain']/vsys/entry[@name='vsys1']";
    private static final String DG = "/config/devices/entry[@name='localhost.localdomain']/device-group/entry"
            + "[@name='dg1']";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private PanOsSimulator sim;
    private URI base;

    private void start(PanOsDeviceSpec spec) {
        sim = new PanOsSimulator(spec).pollsUntilDone(1);
        base = sim.start(false);
    }

    @AfterEach
    void stop() {
        if (sim != null) {
            sim.close();
        }
    }

    private HttpResponse<String> post(Map<String, String> headers, String... kv) {
        StringJoiner body = new StringJoiner("&");
        for (int i = 0; i < kv.length; i += 2) {
            body.add(kv[i] + "=" + URLEncoder.encode(kv[i + 1], StandardCharsets.UTF_8));
        }
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve("/api/"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        headers.forEach(b::header);
        try {
            return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String call(String... kv) {
        HttpResponse<String> r = post(Map.of("X-PAN-KEY", KEY), kv);
        assertEquals("application/xml; charset=UTF-8", r.headers().firstValue("Content-Type").orElse(null),
                "every XML API answer is application/xml");
        return r.body();
    }

    private String set(String container, String element) {
        return call("type", "config", "action", "set", "xpath", V + "/" + container, "element", element);
    }

    @Test
    void missingNodesAreNoSuchNodeForShowAndCode7ForGet() {
        start(PanOsDeviceSpec.firewall("fw", KEY));
        assertEquals("<response status=\"error\"><msg><line>No such node</line></msg></response>",
                call("type", "config", "action", "show", "xpath", V + "/address"), "a fresh vsys has no address node");
        assertEquals("<response status=\"success\" code=\"7\"><result/></response>",
                call("type", "config", "action", "get", "xpath", V + "/address-group"));
        String rules = call("type", "config", "action", "show", "xpath", V + "/rulebase/security");
        assertTrue(rules.contains("No such node"), "nodes outside the modelled subset are answered too: " + rules);
        String host = call("type", "config", "action", "get", "xpath",
                "/config/devices/entry[@name='localhost.localdomain']/deviceconfig/system/hostname");
        assertTrue(host.contains("<hostname>fw</hostname>"), host);
    }

    @Test
    void theFirmwareSwitchesChangeVersionAndGetOfAMissingNode() {
        start(PanOsDeviceSpec.firewall("fw", KEY).withFirmware(new PanOsFirmware("9.1.16", "PA-220", "012345678901",
                false, "", 1)));
        String version = call("type", "version");
        assertTrue(version.contains("Illegal value for parameter \"type\" [version]."), version);
        String info = call("type", "op", "cmd", "<show><system><info></info></system></show>");
        assertTrue(info.contains("<sw-version>9.1.16</sw-version>") && info.contains("<model>PA-220</model>")
                && info.contains("<serial>012345678901</serial>"), info);
        assertEquals("<response status=\"success\"><result/></response>",
                call("type", "config", "action", "get", "xpath", V + "/address"));
    }

    @Test
    void versionAndSystemInfoAnswerWhatSdksReadOnConnect() {
        start(new PanOsDeviceSpec("fw2", false, List.of("vsys1", "vsys2"), Map.of("admin", "pw"), Map.of(KEY, "admin")));
        String version = call("type", "version");
        assertTrue(version.matches("<response status=\"success\"><result><sw-version>10\\.2\\.4</sw-version>"
                + "<multi-vsys>on</multi-vsys><model>PA-VM</model><serial>\\d{15}</serial></result></response>"),
                version);
        String info = call("type", "op", "cmd", "<show><system><info/></system></show>");
        for (String field : List.of("<hostname>fw2</hostname>", "<sw-version>10.2.4</sw-version>", "<app-version>",
                "<multi-vsys>on</multi-vsys>", "<model>PA-VM</model>")) {
            assertTrue(info.contains(field), field + " in " + info);
        }
        assertEquals(1, sim.calls().count("op/system-info"));
    }

    @Test
    void entryWithoutPredicateAndEntryNameListEveryEntry() {
        start(PanOsDeviceSpec.firewall("fw", KEY));
        assertTrue(set("address", "<entry name='a1'><ip-netmask>10.0.0.1</ip-netmask></entry>"
                + "<entry name='a2'><ip-netmask>10.0.0.2</ip-netmask></entry>").contains("code=\"20\""));
        String all = call("type", "config", "action", "get", "xpath", V + "/address/entry");
        assertTrue(all.startsWith("<response status=\"success\" code=\"19\"><result total-count=\"2\" count=\"2\">"
                + "<entry name=\"a1\">"), all);
        assertEquals("<response status=\"success\" code=\"19\"><result total-count=\"2\" count=\"2\"><entry name=\"a1\"/>"
                + "<entry name=\"a2\"/></result></response>",
                call("type", "config", "action", "get", "xpath", V + "/address/entry/@name"));
        String write = call("type", "config", "action", "delete", "xpath", V + "/address/entry");
        assertTrue(write.contains("status=\"error\" code=\"12\""), "a write must name one node: " + write);
    }

    @Test
    void renameUpdatesReferencesCloneCopiesMoveReorders() {
        start(PanOsDeviceSpec.firewall("fw", KEY));
        set("address", "<entry name='a1'><ip-netmask>10.0.0.1</ip-netmask></entry>"
                + "<entry name='a2'><ip-netmask>10.0.0.2</ip-netmask></entry>");
        set("address-group", "<entry name='g'><static><member>a1</member></static></entry>");
        assertTrue(call("type", "config", "action", "rename", "xpath", V + "/address/entry[@name='a1']", "newname",
                "b1").contains("code=\"20\""));
        String g = call("type", "config", "action", "get", "xpath", V + "/address-group/entry[@name='g']");
        assertTrue(g.contains("<member>b1</member>"), "the group follows the rename: " + g);
        assertTrue(call("type", "config", "action", "rename", "xpath", V + "/address/entry[@name='b1']", "newname",
                "a2").contains("status=\"error\""), "a taken name is refused");
        assertTrue(call("type", "config", "action", "clone", "xpath", V + "/address", "from",
                V + "/address/entry[@name='a2']", "newname", "a3").contains("code=\"20\""));
        assertTrue(call("type", "config", "action", "move", "xpath", V + "/address/entry[@name='a3']", "where",
                "top").contains("code=\"20\""));
        assertEquals("<response status=\"success\" code=\"19\"><result total-count=\"3\" count=\"3\"><entry name=\"a3\"/>"
                + "<entry name=\"b1\"/><entry name=\"a2\"/></result></response>",
                call("type", "config", "action", "get", "xpath", V + "/address/entry/@name"));
        String a3 = call("type", "config", "action", "get", "xpath", V + "/address/entry[@name='a3']");
        assertTrue(a3.contains("<ip-netmask>10.0.0.2</ip-netmask>"), a3);
    }

    @Test
    void locksArePerScopeInPanOsWords() {
        start(new PanOsDeviceSpec("fw", false, List.of("vsys1", "vsys2"), Map.of("gatewarden", "pw", "bob", "pw"),
                Map.of(KEY, "gatewarden", "bob-key", "bob")));
        String add = "<request><config-lock><add/></config-lock></request>";
        assertTrue(call("type", "op", "vsys", "vsys1", "cmd", add).startsWith("<response status=\"success\""));
        assertTrue(call("type", "op", "vsys", "vsys1", "cmd", add).contains("You already own a config lock for scope"
                + " vsys1"));
        String bob = post(Map.of("X-PAN-KEY", "bob-key"), "type", "op", "vsys", "vsys1", "cmd", add).body();
        assertTrue(bob.contains("Config for scope vsys1 is currently locked by gatewarden"), bob);
        String bobWrite = post(Map.of("X-PAN-KEY", "bob-key"), "type", "config", "action", "set", "xpath",
                V + "/address", "element", "<entry name='x'><ip-netmask>10.0.0.9</ip-netmask></entry>").body();
        assertTrue(bobWrite.contains("currently locked by gatewarden"), bobWrite);
        String bobOther = post(Map.of("X-PAN-KEY", "bob-key"), "type", "config", "action", "set", "xpath",
                V.replace("vsys1", "vsys2") + "/address", "element",
                "<entry name='x'><ip-netmask>10.0.0.9</ip-netmask></entry>").body();
        assertTrue(bobOther.contains("code=\"20\""), "another vsys is not locked: " + bobOther);
        String remove = "<request><config-lock><remove/></config-lock></request>";
        assertTrue(call("type", "op", "vsys", "vsys1", "cmd", remove).startsWith("<response status=\"success\""));
        assertTrue(call("type", "op", "cmd", remove).contains("Config is not currently locked for scope shared"));
        String commitAdd = "<request><commit-lock><add/></commit-lock></request>";
        assertTrue(call("type", "op", "cmd", commitAdd).startsWith("<response status=\"success\""));
        String bobCommit = post(Map.of("X-PAN-KEY", "bob-key"), "type", "op", "cmd", commitAdd).body();
        assertTrue(bobCommit.contains("Commit lock is already held by gatewarden"), bobCommit);
    }

    @Test
    void aNameOverTheLimitGetsPanOsText() {
        start(PanOsDeviceSpec.firewall("fw", KEY));
        String name = "n".repeat(70);
        String r = set("address", "<entry name='" + name + "'><ip-netmask>10.0.0.1</ip-netmask></entry>");
        assertTrue(r.startsWith("<response status=\"error\" code=\"12\">"), r);
        assertTrue(r.contains(name + " Node can be at most 63 characters, but current length: 70"), r);
    }

    @Test
    void basicAuthenticationIsAccepted() {
        start(PanOsDeviceSpec.firewall("fw", KEY));
        String good = "Basic " + Base64.getEncoder().encodeToString(("gatewarden:" + PanOsDeviceSpec.DEFAULT_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> ok = post(Map.of("Authorization", good), "type", "version");
        assertEquals(200, ok.statusCode());
        assertTrue(ok.body().contains("<sw-version>"), ok.body());
        HttpResponse<String> bad = post(Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                "gatewarden:wrong".getBytes(StandardCharsets.UTF_8))), "type", "version");
        assertEquals(403, bad.statusCode());
        assertTrue(bad.body().contains("code=\"403\""), bad.body());
    }

    @Test
    void rawQueryCharactersGetTheXmlEnvelope() throws Exception {
        start(PanOsDeviceSpec.firewall("fw", KEY));
        String target = "/api/?type=op&key=" + KEY + "&cmd=<show><system><info/></system></show>|x";
        String raw = rawGet(target);
        assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
        assertTrue(raw.toLowerCase(java.util.Locale.ROOT).contains("content-type: application/xml"), raw);
        assertTrue(raw.contains("<response status=\"error\" code=\"18\"><msg><line>Malformed Request"), raw);
        String ok = rawGet("/api/?type=config&action=get&key=" + KEY + "&xpath=" + V + "/address");
        assertTrue(ok.contains("<response status=\"success\" code=\"7\">"), ok);
    }

    private String rawGet(String target) throws Exception {
        try (Socket s = new Socket(base.getHost(), base.getPort())) {
            OutputStream out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void commitAllReportsEachManagedDevice() {
        start(PanOsDeviceSpec.panorama("pano", KEY, "dg1").withFirmware(new PanOsFirmware("10.2.4", "Panorama",
                "000710000001", true, "7", 2)));
        call("type", "config", "action", "set", "xpath", DG + "/address", "element",
                "<entry name='a'><ip-netmask>10.0.0.1</ip-netmask></entry>");
        String commit = call("type", "commit", "cmd", "<commit></commit>");
        poll(job(commit));
        String push = call("type", "commit", "action", "all", "cmd", "<commit-all><shared-policy><device-group>"
                + "<entry name='dg1'/></device-group></shared-policy></commit-all>");
        String done = poll(job(push));
        assertTrue(done.contains("<type>CommitAll</type>") && done.contains("<result>OK</result>"), done);
        Matcher devices = Pattern.compile("<entry><serial-no>(\\d+)</serial-no><devicename>dg1-fw\\d</devicename>"
                + ".*?<status>FIN</status><result>OK</result>").matcher(done);
        int n = 0;
        while (devices.find()) {
            n++;
        }
        assertEquals(2, n, "one result per managed firewall: " + done);
        sim.failNextPush("vsys1: commit failed");
        String failed = poll(job(call("type", "commit", "action", "all", "cmd", "<commit-all><shared-policy>"
                + "<device-group><entry name='dg1'/></device-group></shared-policy></commit-all>")));
        assertTrue(failed.contains("<result>FAIL</result><tstart>"), failed);
        assertTrue(failed.contains("<errors><line>vsys1: commit failed</line></errors>"), failed);
        String unknown = call("type", "commit", "action", "all", "cmd", "<commit-all><shared-policy><device-group>"
                + "<entry name='dg1'><devices><entry name='999'/></devices></entry></device-group></shared-policy>"
                + "</commit-all>");
        assertFalse(unknown.startsWith("<response status=\"success\""), unknown);
    }

    private static String job(String response) {
        Matcher m = Pattern.compile("<job>(\\d+)</job>").matcher(response);
        assertTrue(m.find(), response);
        return m.group(1);
    }

    private String poll(String job) {
        return call("type", "op", "cmd", "<show><jobs><id>" + job + "</id></jobs></show>");
    }
}
