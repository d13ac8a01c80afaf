package dev.gatewarden.paloalto;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;

/** A parsed {@code <response status=".." code="..">} envelope. */
record PanOsResponse(int httpStatus, String status, String code, Element root) {

    boolean success() {
        return "success".equals(status);
    }

    /** The {@code result} element, or null. */
    Element result() {
        return PanOsXml.child(root, "result");
    }

    /**
     * PAN-OS's own messages, wherever this response keeps them: {@code msg}, {@code msg/line},
     * {@code result/msg}, {@code result/msg/line}, and the failing actions nested in a multi-config response.
     */
    List<String> messages() {
        List<String> out = new ArrayList<>();
        collect(root, out);
        Element result = result();
        if (result != null) {
            collect(result, out);
        }
        for (Element nested : PanOsXml.children(root, "response")) {
            if ("error".equals(nested.getAttribute("status"))) {
                String id = nested.getAttribute("id");
                List<String> inner = new ArrayList<>();
                collect(nested, inner);
                for (String l : inner) {
                    out.add((id.isEmpty() ? "" : "[" + id + "] ") + l);
                }
            }
        }
        return out;
    }

    private static void collect(Element parent, List<String> out) {
        for (Element msg : PanOsXml.children(parent, "msg")) {
            List<Element> lines = PanOsXml.children(msg, "line");
            if (lines.isEmpty()) {
                String t = PanOsXml.text(msg);
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
            for (Element line : lines) {
                if (PanOsXml.child(line, "uid-response") != null) {
                    continue;
                }
                String t = PanOsXml.text(line);
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
    }

    /** Messages joined for an exception text. */
    String messageText() {
        List<String> m = messages();
        return m.isEmpty() ? "(no message)" : String.join(" | ", m);
    }

    /**
     * True for PAN-OS's answer to {@code action=show} of a node the running config does not have:
     * {@code <response status="error"><msg><line>No such node</line></msg></response>}.
     */
    boolean noSuchNode() {
        return !success() && messages().size() == 1 && messages().get(0).trim().equalsIgnoreCase("No such node");
    }

    /** True when the messages say another administrator holds a config or commit lock. */
    boolean lockedByOther() {
        for (String m : messages()) {
            String l = m.toLowerCase(java.util.Locale.ROOT);
            if (l.contains("is currently locked") || l.contains("lock is currently held") || l.contains("locked by")
                    || l.contains("lock is already held")) {
                return true;
            }
        }
        return false;
    }
}
