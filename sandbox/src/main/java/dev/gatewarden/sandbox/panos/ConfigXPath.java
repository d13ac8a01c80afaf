package dev.gatewarden.sandbox.panos;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The XPath subset the simulator understands, the forms clients send: absolute location paths of element steps,
 * each optionally with one predicate {@code [@name='x']} or {@code [text()='x']} (single or double quotes); a step
 * without a predicate selects every such child ({@code .../address/entry}); a final {@code /@name} selects the names
 * only ({@code .../address/entry/@name}). Anything else (axes, wildcards, unions, functions, positions) is refused.
 *
 * @param attribute the attribute a final {@code /@attr} step selects, or null
 */
record ConfigXPath(List<Step> steps, String attribute) {

    ConfigXPath(List<Step> steps) {
        this(steps, null);
    }

    record Step(String name, String nameAttr, String text) {
        boolean matches(org.w3c.dom.Element e) {
            if (!e.getTagName().equals(name)) {
                return false;
            }
            if (nameAttr != null && !nameAttr.equals(e.getAttribute("name"))) {
                return false;
            }
            return text == null || (Xml.children(e).isEmpty() && text.equals(e.getTextContent().trim()));
        }

        @Override
        public String toString() {
            if (nameAttr != null) {
                return name + "[@name='" + nameAttr + "']";
            }
            if (text != null) {
                return name + "[text()='" + text + "']";
            }
            return name;
        }
    }

    static final class BadXpath extends Exception {
        BadXpath(String message) {
            super(message);
        }
    }

    static ConfigXPath parse(String xpath) throws BadXpath {
        if (xpath == null || xpath.isEmpty()) {
            throw new BadXpath("Missing xpath");
        }
        if (!xpath.startsWith("/") || xpath.startsWith("//")) {
            throw new BadXpath("Invalid xpath " + xpath);
        }
        List<Step> steps = new ArrayList<>();
        int i = 1;
        int n = xpath.length();
        while (i <= n) {
            if (xpath.charAt(i) == '@' && steps.size() > 1) {
                String attrName = xpath.substring(i + 1);
                if (!attrName.matches("[A-Za-z][A-Za-z0-9_-]*")) {
                    throw new BadXpath("Invalid xpath " + xpath);
                }
                return new ConfigXPath(List.copyOf(steps), attrName);
            }
            int start = i;
            while (i < n && isNameChar(xpath.charAt(i))) {
                i++;
            }
            if (i == start) {
                throw new BadXpath("Invalid xpath " + xpath);
            }
            String name = xpath.substring(start, i);
            String attr = null;
            String text = null;
            if (i < n && xpath.charAt(i) == '[') {
                int close;
                String pred;
                if (xpath.startsWith("[@name=", i)) {
                    i += 7;
                    pred = "attr";
                } else if (xpath.startsWith("[text()=", i)) {
                    i += 8;
                    pred = "text";
                } else {
                    throw new BadXpath("Invalid xpath " + xpath);
                }
                if (i >= n || (xpath.charAt(i) != '\'' && xpath.charAt(i) != '"')) {
                    throw new BadXpath("Invalid xpath " + xpath);
                }
                char q = xpath.charAt(i);
                close = xpath.indexOf(q, i + 1);
                if (close < 0 || close + 1 >= n || xpath.charAt(close + 1) != ']') {
                    throw new BadXpath("Invalid xpath " + xpath);
                }
                String value = xpath.substring(i + 1, close);
                if (pred.equals("attr")) {
                    attr = value;
                } else {
                    text = value;
                }
                i = close + 2;
            }
            steps.add(new Step(name, attr, text));
            if (i == n) {
                break;
            }
            if (xpath.charAt(i) != '/') {
                throw new BadXpath("Invalid xpath " + xpath);
            }
            i++;
            if (i == n) {
                throw new BadXpath("Invalid xpath " + xpath);
            }
        }
        if (!steps.get(0).name().equals("config") || steps.get(0).nameAttr() != null || steps.get(0).text() != null) {
            throw new BadXpath("Invalid xpath " + xpath);
        }
        return new ConfigXPath(List.copyOf(steps));
    }

    private static boolean isNameChar(char c) {
        return Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.';
    }

    /** Whether the path names exactly one node (every entry step has its name, no attribute step): writable. */
    boolean names() {
        return attribute == null && steps.stream().noneMatch(s -> s.name().equals("entry") && s.nameAttr() == null);
    }

    int size() {
        return steps.size();
    }

    Step last() {
        return steps.get(steps.size() - 1);
    }

    ConfigXPath parent() {
        return new ConfigXPath(steps.subList(0, steps.size() - 1));
    }

    /**
     * The index of the container step ({@code address}, {@code address-group}, {@code tag}) that follows a
     * location ({@code /config/shared} or a vsys / device-group entry), or -1 when the path does not reach one.
     */
    int containerIndex() {
        int loc = locationEnd();
        return loc >= 0 && steps.size() > loc ? loc : -1;
    }

    /** Index just after the location part of the path, or -1 when the path names no location. */
    int locationEnd() {
        if (steps.size() >= 2 && steps.get(1).name().equals("shared") && steps.get(1).nameAttr() == null) {
            return 2;
        }
        if (steps.size() >= 5 && steps.get(1).name().equals("devices")
                && steps.get(2).name().equals("entry") && steps.get(2).nameAttr() != null
                && (steps.get(3).name().equals("vsys") || steps.get(3).name().equals("device-group"))
                && steps.get(4).name().equals("entry") && steps.get(4).nameAttr() != null) {
            return 5;
        }
        return -1;
    }

    @Override
    public String toString() {
        return "/" + steps.stream().map(Step::toString).collect(Collectors.joining("/"))
                + (attribute == null ? "" : "/@" + attribute);
    }
}
