package dev.gatewarden.paloalto;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link PanOsDevice} against canned PAN-OS answers through a fake {@link PanOsXmlApi}: response shapes the
 * simulator does not produce (CDATA lines, result/msg, nested multi-config errors), paging and job timeouts.
 */
class PanOsDeviceTest {

    /** Answers requests from a queue and records what was asked. */
    private static final class FakeApi implements PanOsXmlApi {
        final Deque<String> answers = new ArrayDeque<>();
        final List<Map<String, String>> requests = new ArrayList<>();
        final List<String> operations = new ArrayList<>();

        FakeApi answer(String... xml) {
            answers.addAll(List.of(xml));
            return this;
        }

        @Override
        public PanOsResponse request(String operation, Map<String, String> params) {
            operations.add(operation);
            requests.add(Map.copyOf(params));
            String xml = answers.isEmpty() ? "<response status=\"success\"/>" : answers.poll();
            try {
                var root = PanOsXml.parse(xml);
                return new PanOsResponse(200, root.getAttribute("status"),
                        root.hasAttribute("code") ? root.getAttribute("code") : null, root);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }
    }

    private static PanOsDevice device(FakeApi api, Map<String, Object> overrides) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", "https://pa.example");
        m.put("apiKey", new Secret("${env:K}", "k"));
        m.put("username", "api-admin");
        m.put("pollInterval", "1ms");
        m.putAll(overrides);
        PanOsSettings s = PanOsSettings.from("fw", Settings.of("firewalls[fw]", m));
        return new PanOsDevice("fw", s, api, d -> { });
    }

    private static PanOsDevice device(FakeApi api) {
        return device(api, Map.of());
    }

    @Test
    void aRunningConfigWithoutTheContainerIsEmptyNotAFailure() {
        // PAN-OS's answer to action=show of a node a fresh vsys / device group does not have yet
        FakeApi api = new FakeApi().answer(
                "<response status=\"error\"><msg><line>No such node</line></msg></response>",
                "<response status=\"error\"><msg><line>No such node</line></msg></response>");
        PanOsConfig c = device(api).read(true);
        assertTrue(c.addresses().isEmpty());
        assertTrue(c.groups().isEmpty());
        assertEquals(List.of("config/show", "config/show"), api.operations);
        assertEquals("show", api.requests.get(0).get("action"));
    }

    @Test
    void otherShowErrorsStillFail() {
        FakeApi api = new FakeApi().answer("<response status=\"error\" code=\"6\"><msg><line>Bad Xpath</line></msg>"
                + "</response>");
        ProviderException e = assertThrows(ProviderException.class, () -> device(api).readContainer("address", true));
        assertTrue(e.getMessage().contains("Bad Xpath"), e.getMessage());
    }

    @Test
    void partialCommitNamesTheAdminAndPollsUntilFin() {
        FakeApi api = new FakeApi().answer(
                "<response status=\"success\" code=\"19\"><result><msg><line>Commit job enqueued with jobid 912"
                        + "</line></msg><job>912</job></result></response>",
                "<response status=\"success\"><result><job><id>912</id><status>PEND</status><result>PEND</result>"
                        + "</job></result></response>",
                "<response status=\"success\"><result><job><id>912</id><status>ACT</status><result>PEND</result>"
                        + "<progress>40</progress></job></result></response>",
                "<response status=\"success\"><result><job><id>912</id><status>FIN</status><result>OK</result>"
                        + "<details><line>Configuration committed successfully</line></details></job></result>"
                        + "</response>");
        assertEquals("912", device(api).commit());
        assertTrue(api.requests.get(0).get("cmd").contains("<partial><admin><member>api-admin</member></admin>"));
        assertEquals(List.of("commit", "op/show-jobs", "op/show-jobs", "op/show-jobs"), api.operations);
        assertTrue(api.requests.get(1).get("cmd").contains("<id>912</id>"));
    }

    @Test
    void noChangesMeansNoJob() {
        FakeApi api = new FakeApi().answer("<response status=\"success\" code=\"19\"><msg>There are no changes to "
                + "commit.</msg></response>");
        assertNull(device(api).commit());
        assertEquals(1, api.operations.size());
    }

    @Test
    void aFailedJobQuotesItsDetailLines() {
        FakeApi api = new FakeApi().answer(
                "<response status=\"success\" code=\"19\"><result><job>7</job></result></response>",
                "<response status=\"success\"><result><job><id>7</id><status>FIN</status><result>FAIL</result>"
                        + "<details><line><![CDATA[ Validation Error:]]></line><line><![CDATA[ address-group -> g ->"
                        + " static 'x' is not a valid reference]]></line><line>Commit failed</line></details></job>"
                        + "</result></response>");
        ProviderException e = assertThrows(ProviderException.class, () -> device(api).commit());
        assertTrue(e.getMessage().contains("static 'x' is not a valid reference"), e.getMessage());
        assertTrue(e.getMessage().contains("Commit failed"), e.getMessage());
        assertFalse(e.isTransient());
    }

    @Test
    void aJobThatNeverFinishesTimesOutTransiently() {
        FakeApi api = new FakeApi().answer("<response status=\"success\"><result><job>8</job></result></response>");
        for (int i = 0; i < 1000; i++) {
            api.answer("<response status=\"success\"><result><job><id>8</id><status>ACT</status></job></result>"
                    + "</response>");
        }
        ProviderException e = assertThrows(ProviderException.class,
                () -> device(api, Map.of("commitTimeout", "1ms")).commit());
        assertTrue(e.isTransient());
        assertEquals("commit-timeout", e.code());
    }

    @Test
    void errorMessagesAreFoundWherePanOsPutsThem() {
        FakeApi api = new FakeApi().answer(
                "<response status=\"error\" code=\"12\"><msg><line><![CDATA[ g -> static is invalid]]></line></msg>"
                        + "</response>",
                "<response status=\"error\"><result><msg>Object is invalid</msg></result></response>",
                "<response status=\"error\" code=\"12\"><response status=\"success\" code=\"20\" id=\"1\"><msg>"
                        + "command succeeded</msg></response><response status=\"error\" code=\"12\" id=\"2\"><msg>"
                        + "<line>address -> a is already in use</line></msg></response></response>",
                "<response status=\"error\" code=\"13\"><msg><line>Config for scope vsys1 is currently locked by "
                        + "bob</line></msg></response>");
        PanOsDevice d = device(api);
        List<PanOsDevice.Action> one = List.of(new PanOsDevice.Action("set", d.containerXpath("address"),
                "<entry name=\"a\"/>"));
        ProviderException e1 = assertThrows(ProviderException.class, () -> d.write(one));
        assertTrue(e1.getMessage().contains("g -> static is invalid"), e1.getMessage());
        ProviderException e2 = assertThrows(ProviderException.class, () -> d.write(one));
        assertTrue(e2.getMessage().contains("Object is invalid"), e2.getMessage());
        ProviderException e3 = assertThrows(ProviderException.class, () -> d.write(one));
        assertTrue(e3.getMessage().contains("[2] address -> a is already in use"), e3.getMessage());
        assertFalse(e3.getMessage().contains("command succeeded"), e3.getMessage());
        ProviderException e4 = assertThrows(ProviderException.class, () -> d.write(one));
        assertTrue(e4.isTransient());
        assertTrue(e4.getMessage().contains("retry next round"));
    }

    @Test
    void userIdNotesAboutDuplicatesAreFineOtherEntryErrorsAreNot() {
        String dup = "<response status=\"error\"><msg><line><uid-response><version>2.0</version><payload><register>"
                + "<entry ip=\"10.0.0.5\" message=\"tag t already exists, ignore\"/></register><unregister><entry "
                + "ip=\"10.0.0.6\" message=\"tag t does not exist, ignore unreg\"/></unregister></payload>"
                + "</uid-response></line></msg></response>";
        String bad = dup.replace("tag t already exists, ignore", "Invalid IP address");
        FakeApi api = new FakeApi().answer(dup, bad, "<response status=\"error\" code=\"16\"><msg><line>Unauthorized"
                + "</line></msg></response>");
        PanOsDevice d = device(api);
        assertDoesNotThrow(() -> d.userId("<register/>"));
        ProviderException e = assertThrows(ProviderException.class, () -> d.userId("<register/>"));
        assertTrue(e.getMessage().contains("10.0.0.5: Invalid IP address"), e.getMessage());
        ProviderException e2 = assertThrows(ProviderException.class, () -> d.userId("<register/>"));
        assertTrue(e2.getMessage().contains("Unauthorized"), e2.getMessage());
        assertTrue(api.requests.get(0).get("cmd").startsWith("<uid-message><version>2.0</version><type>update"));
    }

    @Test
    void registeredIpsArePagedFiveHundredAtATime() {
        StringBuilder full = new StringBuilder("<response status=\"success\"><result>");
        for (int i = 0; i < 500; i++) {
            full.append("<entry ip=\"10.0.").append(i / 250).append('.').append(i % 250)
                    .append("\" from_agent=\"0\" persistent=\"1\"><tag><member>t</member></tag></entry>");
        }
        full.append("<count>500</count></result></response>");
        FakeApi api = new FakeApi().answer(full.toString(), "<response status=\"success\"><result><entry ip=\"10.9.9.9"
                + "\"><tag><member>t</member><member>u</member></tag></entry><count>1</count></result></response>");
        Map<String, List<String>> ips = device(api).registeredIps("t");
        assertEquals(501, ips.size());
        assertEquals(List.of("t", "u"), ips.get("10.9.9.9"));
        assertEquals(2, api.operations.size());
        assertTrue(api.requests.get(1).get("cmd").contains("<start-point>501</start-point>"),
                api.requests.get(1).get("cmd"));
    }

    @Test
    void anAbsentContainerReadsAsEmpty() {
        FakeApi api = new FakeApi().answer("<response status=\"success\" code=\"7\"><result/></response>",
                "<response status=\"success\" code=\"19\"><result total-count=\"1\" count=\"1\"><address-group>"
                        + "<entry name=\"g\" admin=\"bob\" dirtyId=\"3\" time=\"2026/01/01 00:00:00\"><static>"
                        + "<member>a</member></static></entry></address-group></result></response>");
        PanOsConfig c = device(api).read(false);
        assertTrue(c.addresses().isEmpty());
        assertEquals(List.of("a"), c.groups().get("g").staticMembers());
    }
}
