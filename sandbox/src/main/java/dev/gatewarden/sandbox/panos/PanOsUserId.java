package dev.gatewarden.sandbox.panos;

import static dev.gatewarden.sandbox.panos.PanOsEnvelope.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.w3c.dom.Element;

/**
 * User-ID: {@code type=user-id} {@code <uid-message>} register/unregister of IP tags per vsys (with timeouts and the
 * persistent flag), and the {@code <show><object><registered-ip>} listing.
 */
final class PanOsUserId {
    private static final int MAX_TAGS_PER_IP = 32;
    private static final long MAX_TIMEOUT = 2_592_000L;

    private static final class Registration {
        boolean persistent;
        final Map<String, Long> tags = new LinkedHashMap<>();
    }

    private final PanOsDeviceSpec spec;
    private final Supplier<Clock> clock;
    private final Map<String, Map<String, Registration>> registered = new TreeMap<>();

    PanOsUserId(PanOsDeviceSpec spec, Supplier<Clock> clock) {
        this.spec = spec;
        this.clock = clock;
    }

    /** The {@code vsys} parameter, by default Panorama's shared location or the firewall's first vsys. */
    String vsysOf(Map<String, List<String>> p) {
        String v = first(p, "vsys");
        return v == null ? (spec.panorama() ? "panorama" : spec.locations().get(0)) : v;
    }

    /** Registered IPs of a vsys: ip to its tags (expired registrations removed). */
    Map<String, List<String>> ips(String vsys) {
        Map<String, List<String>> out = new TreeMap<>();
        registrations(vsys).forEach((ip, r) -> out.put(ip, List.copyOf(r.tags.keySet())));
        return out;
    }

    /** A reboot keeps only the registrations marked persistent. */
    void reboot() {
        for (Map<String, Registration> m : registered.values()) {
            m.values().removeIf(r -> !r.persistent);
        }
    }

    void clear() {
        registered.clear();
    }

    private Map<String, Registration> registrations(String vsys) {
        Map<String, Registration> m = registered.computeIfAbsent(vsys, v -> new TreeMap<>());
        long now = clock.get().millis();
        for (Iterator<Registration> it = m.values().iterator(); it.hasNext(); ) {
            Registration r = it.next();
            r.tags.values().removeIf(exp -> exp > 0 && exp <= now);
            if (r.tags.isEmpty()) {
                it.remove();
            }
        }
        return m;
    }

    /** {@code <show><object><registered-ip>} with optional tag, ip, limit and start-point. */
    SimResponse show(Element ri, String vsys) throws PanOsError {
        String tagFilter = null;
        String ipFilter = null;
        int limit = Integer.MAX_VALUE;
        int start = 1;
        for (Element c : Xml.children(ri)) {
            switch (c.getTagName()) {
                case "all" -> {
                }
                case "tag" -> {
                    Element e = Xml.child(c, "entry");
                    if (e == null) {
                        throw new PanOsError(17, "show -> object -> registered-ip -> tag is missing 'entry'");
                    }
                    tagFilter = e.getAttribute("name");
                }
                case "ip" -> ipFilter = Xml.text(c);
                case "limit" -> limit = intValue(c, 1, 500);
                case "start-point" -> start = intValue(c, 1, Integer.MAX_VALUE);
                default -> throw new PanOsError(17, "show -> object -> registered-ip -> " + c.getTagName()
                        + " is unexpected");
            }
        }
        List<Map.Entry<String, Registration>> matches = new ArrayList<>();
        for (Map.Entry<String, Registration> e : registrations(vsys).entrySet()) {
            if ((ipFilter == null || ipFilter.equals(e.getKey()))
                    && (tagFilter == null || e.getValue().tags.containsKey(tagFilter))) {
                matches.add(e);
            }
        }
        StringBuilder b = new StringBuilder("<response status=\"success\"><result>");
        int count = 0;
        for (int i = start - 1; i < matches.size() && count < limit; i++, count++) {
            Map.Entry<String, Registration> e = matches.get(i);
            b.append("<entry ip=\"").append(Xml.escape(e.getKey())).append("\" from_agent=\"0\" persistent=\"")
                    .append(e.getValue().persistent ? 1 : 0).append("\"><tag>");
            for (String t : e.getValue().tags.keySet()) {
                b.append("<member>").append(Xml.escape(t)).append("</member>");
            }
            b.append("</tag></entry>");
        }
        b.append("<count>").append(count).append("</count></result></response>");
        return PanOsEnvelope.xml(200, b.toString());
    }

    private static int intValue(Element e, int min, int max) throws PanOsError {
        String t = Xml.text(e);
        if (t == null || !t.matches("\\d{1,9}") || Integer.parseInt(t) < min || Integer.parseInt(t) > max) {
            throw new PanOsError(17, e.getTagName() + " '" + t + "' is invalid");
        }
        return Integer.parseInt(t);
    }

    /** {@code type=user-id}: an update message; per-entry problems make the response an error listing them. */
    SimResponse update(Map<String, List<String>> p) throws PanOsError {
        String cmd = PanOsEnvelope.cmd(p);
        String vsys = vsysOf(p);
        if (!spec.panorama() && !spec.locations().contains(vsys)) {
            throw new PanOsError(12, "vsys " + vsys + " does not exist");
        }
        Element root = PanOsEnvelope.parse(cmd).getDocumentElement();
        Element type = Xml.child(root, "type");
        Element payload = Xml.child(root, "payload");
        if (!root.getTagName().equals("uid-message") || type == null || !"update".equals(Xml.text(type))
                || payload == null) {
            throw new PanOsError(18, "Malformed Request: expected <uid-message><type>update</type><payload>");
        }
        Map<String, Registration> regs = registrations(vsys);
        long now = clock.get().millis();
        StringBuilder regOut = new StringBuilder();
        StringBuilder unregOut = new StringBuilder();
        boolean anyError = false;
        for (Element section : Xml.children(payload)) {
            boolean register = section.getTagName().equals("register");
            if (!register && !section.getTagName().equals("unregister")) {
                throw new PanOsError(18, "Malformed Request: payload -> " + section.getTagName() + " is unexpected");
            }
            StringBuilder out = register ? regOut : unregOut;
            for (Element entry : Xml.children(section, "entry")) {
                String ip = entry.getAttribute("ip");
                if (!ConfigTree.validIp(ip)) {
                    out.append(entryMsg(ip, "Invalid IP address"));
                    anyError = true;
                    continue;
                }
                List<Element> members = Xml.children(Xml.child(entry, "tag") == null ? entry
                        : Xml.child(entry, "tag"), "member");
                if (Xml.child(entry, "tag") == null || members.isEmpty()) {
                    out.append(entryMsg(ip, "no tag specified"));
                    anyError = true;
                    continue;
                }
                for (Element m : members) {
                    String tag = m.getTextContent().trim();
                    if (tag.isEmpty() || tag.length() > ConfigTree.MAX_TAG_NAME) {
                        out.append(entryMsg(ip, "tag '" + tag + "' is invalid"));
                        anyError = true;
                        continue;
                    }
                    if (register) {
                        Registration r = regs.computeIfAbsent(ip, x -> new Registration());
                        if ("1".equals(entry.getAttribute("persistent"))) {
                            r.persistent = true;
                        }
                        long timeout = 0;
                        if (m.hasAttribute("timeout")) {
                            String t = m.getAttribute("timeout");
                            if (!t.matches("\\d{1,7}") || Long.parseLong(t) > MAX_TIMEOUT) {
                                out.append(entryMsg(ip, "timeout " + t + " is invalid (0-" + MAX_TIMEOUT + ")"));
                                anyError = true;
                                continue;
                            }
                            timeout = Long.parseLong(t);
                        }
                        if (r.tags.containsKey(tag)) {
                            r.tags.put(tag, timeout == 0 ? 0 : now + timeout * 1000);
                            out.append(entryMsg(ip, "tag " + tag + " already exists, ignore"));
                            anyError = true;
                        } else if (r.tags.size() >= MAX_TAGS_PER_IP) {
                            out.append(entryMsg(ip, "ip " + ip + " has too many tags (at most " + MAX_TAGS_PER_IP
                                    + ")"));
                            anyError = true;
                        } else {
                            r.tags.put(tag, timeout == 0 ? 0 : now + timeout * 1000);
                        }
                    } else {
                        Registration r = regs.get(ip);
                        if (r == null || r.tags.remove(tag) == null) {
                            out.append(entryMsg(ip, "tag " + tag + " does not exist, ignore unreg"));
                            anyError = true;
                        } else if (r.tags.isEmpty()) {
                            regs.remove(ip);
                        }
                    }
                }
            }
        }
        String body = "<uid-response><version>2.0</version><payload><register>" + regOut + "</register><unregister>"
                + unregOut + "</unregister></payload></uid-response>";
        if (anyError) {
            return PanOsEnvelope.xml(200, "<response status=\"error\"><msg><line>" + body + "</line></msg></response>");
        }
        return PanOsEnvelope.xml(200, "<response status=\"success\"><result>" + body + "</result></response>");
    }

    private static String entryMsg(String ip, String message) {
        return "<entry ip=\"" + Xml.escape(ip) + "\" message=\"" + Xml.escape(message) + "\"/>";
    }

    // ---------------------------------------------------------------- persistence

    /** Writes {@code registered}: vsys to ip to its persistent flag and tag expiries. */
    void snapshot(ObjectNode n) {
        ObjectNode reg = n.putObject("registered");
        registered.forEach((vsys, m) -> {
            ObjectNode v = reg.putObject(vsys);
            m.forEach((ip, r) -> {
                ObjectNode o = v.putObject(ip);
                o.put("persistent", r.persistent);
                ObjectNode t = o.putObject("tags");
                r.tags.forEach(t::put);
            });
        });
    }

    void restore(JsonNode s) {
        registered.clear();
        s.path("registered").fields().forEachRemaining(v -> {
            Map<String, Registration> m = new TreeMap<>();
            v.getValue().fields().forEachRemaining(ipn -> {
                Registration r = new Registration();
                r.persistent = ipn.getValue().path("persistent").asBoolean();
                ipn.getValue().path("tags").fields().forEachRemaining(t -> r.tags.put(t.getKey(),
                        t.getValue().asLong()));
                m.put(ipn.getKey(), r);
            });
            registered.put(v.getKey(), m);
        });
    }
}
