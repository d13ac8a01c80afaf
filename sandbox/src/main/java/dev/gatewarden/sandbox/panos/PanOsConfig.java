package dev.gatewarden.sandbox.panos;

import static dev.gatewarden.sandbox.panos.PanOsEnvelope.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The candidate and running configurations with each administrator's uncommitted writes, and the {@code type=config}
 * actions on them: {@code get} (candidate), {@code show} (running), {@code set}, {@code edit}, {@code delete} and the
 * transactional {@code multi-config}.
 */
final class PanOsConfig {
    /** One uncommitted write, replayed by a partial commit. */
    record LoggedAction(String action, String xpath, String element) {
    }

    private final PanOsLocks locks;
    ConfigTree candidate;
    ConfigTree running;
    final Map<String, List<LoggedAction>> pending = new LinkedHashMap<>();

    PanOsConfig(PanOsDeviceSpec spec, PanOsLocks locks) {
        this.locks = locks;
        candidate = ConfigTree.empty(spec.panorama(), spec.locations());
        running = candidate.copy();
    }

    void maxStaticMembers(int max) {
        candidate.maxStaticMembers = max;
        running.maxStaticMembers = max;
    }

    /** A write as {@code admin} outside the API (no lock check), logged as pending even if it changes nothing. */
    void configure(String admin, String action, String xpath, String element) throws PanOsError {
        ConfigTree work = candidate.copy();
        applyAction(work, action, xpath, element);
        candidate = work;
        pending.computeIfAbsent(admin, a -> new ArrayList<>()).add(new LoggedAction(action, xpath, element));
    }

    /** The XML of a node of the running or candidate config, or null. */
    String node(String xpath, boolean run) {
        try {
            Element e = (run ? running : candidate).find(ConfigXPath.parse(xpath));
            return e == null ? null : Xml.toString(e);
        } catch (ConfigXPath.BadXpath e) {
            throw new IllegalArgumentException(e.getMessage());
        }
    }

    /** {@code type=config}; a strict-transactional multi-config is refused while {@code commitRunning}. */
    SimResponse request(Map<String, List<String>> p, String admin, BooleanSupplier commitRunning)
            throws PanOsError {
        String action = first(p, "action");
        if (action == null) {
            throw new PanOsError(400, "Missing parameter 'action'");
        }
        switch (action) {
            case "get", "show" -> {
                ConfigXPath path = xpath(first(p, "xpath"));
                Element e = (action.equals("get") ? candidate : running).find(path);
                if (e == null) {
                    return SimResponse.xml(200, "<response status=\"success\" code=\"7\"><result/></response>");
                }
                return SimResponse.xml(200, "<response status=\"success\" code=\"19\"><result total-count=\"1\" "
                        + "count=\"1\">" + Xml.toString(e) + "</result></response>");
            }
            case "set", "edit", "delete" -> {
                locks.checkConfig(admin);
                String xpath = first(p, "xpath");
                String element = first(p, "element");
                ConfigTree work = candidate.copy();
                boolean changed = applyAction(work, action, xpath, element);
                candidate = work;
                if (!changed) {
                    return SimResponse.xml(200, "<response status=\"success\" code=\"7\"><msg>Object doesn't exist"
                            + "</msg></response>");
                }
                pending.computeIfAbsent(admin, a -> new ArrayList<>()).add(new LoggedAction(action, xpath, element));
                return SimResponse.xml(200, PanOsEnvelope.success20());
            }
            case "multi-config" -> {
                return multiConfig(p, admin, commitRunning);
            }
            default -> throw new PanOsError(400, "Illegal value for parameter 'action' [" + action + "].");
        }
    }

    /** Applies one write; false when a delete found nothing (no change). */
    static boolean applyAction(ConfigTree tree, String action, String xpath, String element) throws PanOsError {
        ConfigXPath path = xpath(xpath);
        Document doc = tree.document();
        switch (action) {
            case "set" -> {
                if (element == null || element.isEmpty()) {
                    throw new PanOsError(18, "Missing parameter 'element'");
                }
                tree.set(path, fragment(element, doc));
                return true;
            }
            case "edit" -> {
                if (element == null || element.isEmpty()) {
                    throw new PanOsError(18, "Missing parameter 'element'");
                }
                List<Element> els = fragment(element, doc);
                if (els.size() != 1) {
                    throw new PanOsError(12, "Invalid object: edit takes exactly one element");
                }
                tree.edit(path, els.get(0));
                return true;
            }
            case "delete" -> {
                return tree.delete(path);
            }
            default -> throw new PanOsError(12, "Invalid object: action " + action + " is not supported here");
        }
    }

    private static List<Element> fragment(String element, Document doc) throws PanOsError {
        try {
            return Xml.parseFragment(element, doc);
        } catch (Xml.MalformedXml e) {
            throw new PanOsError(18, "Malformed Request");
        }
    }

    private static ConfigXPath xpath(String xpath) throws PanOsError {
        try {
            return ConfigXPath.parse(xpath);
        } catch (ConfigXPath.BadXpath e) {
            throw new PanOsError(6, e.getMessage());
        }
    }

    private SimResponse multiConfig(Map<String, List<String>> p, String admin, BooleanSupplier commitRunning)
            throws PanOsError {
        locks.checkConfig(admin);
        String element = first(p, "element");
        if (element == null) {
            throw new PanOsError(18, "Missing parameter 'element'");
        }
        Document req = PanOsEnvelope.parse(element);
        if ("yes".equals(first(p, "strict-transactional")) && commitRunning.getAsBoolean()) {
            throw new PanOsError(13, "A commit is in progress; strict-transactional multi-config refused");
        }
        ConfigTree work = candidate.copy();
        List<LoggedAction> log = new ArrayList<>();
        StringBuilder inner = new StringBuilder();
        List<Element> actions = Xml.children(req.getDocumentElement());
        if (actions.isEmpty()) {
            throw new PanOsError(18, "Malformed Request: multi-config holds no action");
        }
        for (Element a : actions) {
            String id = a.hasAttribute("id") ? a.getAttribute("id") : null;
            String idAttr = id == null ? "" : " id=\"" + Xml.escape(id) + "\"";
            String action = a.getTagName();
            String xpath = a.getAttribute("xpath");
            StringBuilder el = new StringBuilder();
            for (Element c : Xml.children(a)) {
                el.append(Xml.toString(c));
            }
            String elementText = el.length() == 0 ? null : el.toString();
            try {
                if (!List.of("set", "edit", "delete").contains(action)) {
                    throw new PanOsError(12, "Invalid object: multi-config action " + action
                            + " is not supported by the sandbox");
                }
                boolean changed = applyAction(work, action, xpath, elementText);
                if (changed) {
                    log.add(new LoggedAction(action, xpath, elementText));
                    inner.append("<response status=\"success\" code=\"20\"").append(idAttr)
                            .append("><msg>command succeeded</msg></response>");
                } else {
                    inner.append("<response status=\"success\" code=\"7\"").append(idAttr)
                            .append("><msg>Object doesn't exist</msg></response>");
                }
            } catch (PanOsError e) {
                inner.append("<response status=\"error\" code=\"").append(e.code).append('"').append(idAttr)
                        .append(">").append(PanOsEnvelope.msgLines(e.lines)).append("</response>");
                return SimResponse.xml(200, "<response status=\"error\" code=\"" + e.code + "\">" + inner
                        + "</response>");
            }
        }
        candidate = work;
        pending.computeIfAbsent(admin, x -> new ArrayList<>()).addAll(log);
        return SimResponse.xml(200, "<response status=\"success\" code=\"20\">" + inner + "</response>");
    }

    // ---------------------------------------------------------------- persistence

    /** Writes {@code candidate}, {@code running} and {@code pending}. */
    void snapshot(ObjectNode n) {
        n.put("candidate", candidate.toXml());
        n.put("running", running.toXml());
        ObjectNode pend = n.putObject("pending");
        pending.forEach((admin, log) -> {
            ArrayNode a = pend.putArray(admin);
            for (LoggedAction la : log) {
                ObjectNode o = a.addObject();
                o.put("action", la.action());
                o.put("xpath", la.xpath());
                o.put("element", la.element());
            }
        });
    }

    /** Reads what {@link #snapshot} wrote, keeping the static group member limit. */
    void restore(JsonNode s) {
        int max = candidate.maxStaticMembers;
        candidate = ConfigTree.fromXml(s.path("candidate").asText());
        running = ConfigTree.fromXml(s.path("running").asText());
        maxStaticMembers(max);
        pending.clear();
        s.path("pending").fields().forEachRemaining(e -> {
            List<LoggedAction> log = new ArrayList<>();
            e.getValue().forEach(o -> log.add(new LoggedAction(o.path("action").asText(),
                    o.path("xpath").asText(), o.path("element").isNull() ? null : o.path("element").asText())));
            pending.put(e.getKey(), log);
        });
    }
}
