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
    /**
     * One uncommitted write, replayed by a partial commit; {@code args} holds the other parameters of
     * {@code rename} ({@code newname}), {@code clone} ({@code from}, {@code newname}) and {@code move}
     * ({@code where}, {@code dst}).
     */
    record LoggedAction(String action, String xpath, String element, Map<String, String> args) {
        LoggedAction {
            args = args == null ? Map.of() : Map.copyOf(args);
        }

        LoggedAction(String action, String xpath, String element) {
            this(action, xpath, element, Map.of());
        }
    }

    /** The parameters besides xpath and element that each action takes. */
    private static final Map<String, List<String>> ACTION_ARGS = Map.of("rename", List.of("newname"),
            "clone", List.of("from", "newname"), "move", List.of("where", "dst"));

    private final PanOsLocks locks;
    ConfigTree candidate;
    ConfigTree running;
    final Map<String, List<LoggedAction>> pending = new LinkedHashMap<>();

    private final String getMissingCode;

    PanOsConfig(PanOsDeviceSpec spec, PanOsLocks locks) {
        this.locks = locks;
        this.getMissingCode = spec.firmware().getMissingCode();
        candidate = ConfigTree.empty(spec.panorama(), spec.locations(), spec.name());
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
                return read(action.equals("get") ? candidate : running, xpath(first(p, "xpath")), action);
            }
            case "set", "edit", "delete", "rename", "clone", "move" -> {
                String xpath = first(p, "xpath");
                locks.checkConfig(admin, xpath);
                String element = first(p, "element");
                Map<String, String> args = new LinkedHashMap<>();
                for (String a : ACTION_ARGS.getOrDefault(action, List.of())) {
                    String v = first(p, a);
                    if (v != null) {
                        args.put(a, v);
                    }
                }
                ConfigTree work = candidate.copy();
                LoggedAction logged = new LoggedAction(action, xpath, element, args);
                boolean changed = apply(work, logged);
                candidate = work;
                if (!changed) {
                    return PanOsEnvelope.xml(200, "<response status=\"success\" code=\"7\"><msg>Object doesn't exist"
                            + "</msg></response>");
                }
                pending.computeIfAbsent(admin, a -> new ArrayList<>()).add(logged);
                return PanOsEnvelope.xml(200, PanOsEnvelope.success20());
            }
            case "multi-config" -> {
                return multiConfig(p, admin, commitRunning);
            }
            default -> throw new PanOsError(400, "Illegal value for parameter 'action' [" + action + "].");
        }
    }

    /**
     * {@code get} (candidate) or {@code show} (running) of the nodes an xpath selects. A missing node is "No such
     * node" for {@code show} (an error without a code) and an empty success (code 7 on current releases) for
     * {@code get}.
     */
    private SimResponse read(ConfigTree tree, ConfigXPath path, String action) {
        List<Element> found = tree.findAll(path);
        if (found.isEmpty()) {
            if (action.equals("show")) {
                return PanOsEnvelope.xml(200, PanOsEnvelope.error(0, "No such node"));
            }
            return PanOsEnvelope.xml(200, "<response status=\"success\""
                    + (getMissingCode.isEmpty() ? "" : " code=\"" + getMissingCode + "\"") + "><result/></response>");
        }
        StringBuilder b = new StringBuilder("<response status=\"success\" code=\"19\"><result total-count=\"")
                .append(found.size()).append("\" count=\"").append(found.size()).append("\">");
        for (Element e : found) {
            if (path.attribute() != null) {
                b.append('<').append(e.getTagName()).append(' ').append(path.attribute()).append("=\"")
                        .append(Xml.escape(e.getAttribute(path.attribute()))).append("\"/>");
            } else {
                b.append(Xml.toString(e));
            }
        }
        return PanOsEnvelope.xml(200, b.append("</result></response>").toString());
    }

    /** Applies one write; false when a delete found nothing (no change). */
    static boolean applyAction(ConfigTree tree, String action, String xpath, String element) throws PanOsError {
        return apply(tree, new LoggedAction(action, xpath, element));
    }

    /** Applies one write; false when a delete found nothing (no change). */
    static boolean apply(ConfigTree tree, LoggedAction a) throws PanOsError {
        ConfigXPath path = xpath(a.xpath());
        Document doc = tree.document();
        String action = a.action();
        String element = a.element();
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
            case "rename" -> {
                tree.rename(path, a.args().get("newname"));
                return true;
            }
            case "clone" -> {
                String from = a.args().get("from");
                if (from == null) {
                    throw new PanOsError(18, "Missing parameter 'from'");
                }
                tree.cloneEntry(path, xpath(from), a.args().get("newname"));
                return true;
            }
            case "move" -> {
                tree.move(path, a.args().get("where"), a.args().get("dst"));
                return true;
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
        locks.checkConfig(admin, null);
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
            Map<String, String> args = new LinkedHashMap<>();
            for (String arg : ACTION_ARGS.getOrDefault(action, List.of())) {
                if (a.hasAttribute(arg)) {
                    args.put(arg, a.getAttribute(arg));
                }
            }
            try {
                if (!List.of("set", "edit", "delete", "rename", "clone", "move").contains(action)) {
                    throw new PanOsError(12, "Invalid object: multi-config action " + action
                            + " is not supported by the sandbox");
                }
                locks.checkConfig(admin, xpath);
                LoggedAction logged = new LoggedAction(action, xpath, elementText, args);
                boolean changed = apply(work, logged);
                if (changed) {
                    log.add(logged);
                    inner.append("<response status=\"success\" code=\"20\"").append(idAttr)
                            .append("><msg>command succeeded</msg></response>");
                } else {
                    inner.append("<response status=\"success\" code=\"7\"").append(idAttr)
                            .append("><msg>Object doesn't exist</msg></response>");
                }
            } catch (PanOsError e) {
                inner.append("<response status=\"error\" code=\"").append(e.code).append('"').append(idAttr)
                        .append(">").append(PanOsEnvelope.msgLines(e.lines)).append("</response>");
                return PanOsEnvelope.xml(200, "<response status=\"error\" code=\"" + e.code + "\">" + inner
                        + "</response>");
            }
        }
        candidate = work;
        pending.computeIfAbsent(admin, x -> new ArrayList<>()).addAll(log);
        return PanOsEnvelope.xml(200, "<response status=\"success\" code=\"20\">" + inner + "</response>");
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
                if (!la.args().isEmpty()) {
                    ObjectNode args = o.putObject("args");
                    la.args().forEach(args::put);
                }
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
            e.getValue().forEach(o -> {
                Map<String, String> args = new LinkedHashMap<>();
                o.path("args").fields().forEachRemaining(f -> args.put(f.getKey(), f.getValue().asText()));
                log.add(new LoggedAction(o.path("action").asText(), o.path("xpath").asText(),
                        o.path("element").isNull() ? null : o.path("element").asText(), args));
            });
            pending.put(e.getKey(), log);
        });
    }
}
