package dev.gatewarden.paloalto;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** XML escaping, XPath literals and hardened parsing (no DTDs, no external entities) for PAN-OS. */
final class PanOsXml {
    private PanOsXml() {
    }

    /** Escapes text for an XML element body or a double- or single-quoted attribute. */
    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> {
                    if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                        throw new IllegalArgumentException("control character in XML text");
                    }
                    b.append(c);
                }
            }
        }
        return b.toString();
    }

    /**
     * An XPath string literal. XPath 1.0 has no escape inside literals, so a value holding a quote (or anything
     * that is not a valid PAN-OS name) is refused rather than quoted cleverly.
     */
    static String literal(String value) {
        if (value.indexOf('\'') >= 0 || value.indexOf('"') >= 0 || value.indexOf(']') >= 0
                || value.indexOf('[') >= 0 || value.indexOf('<') >= 0 || value.indexOf('/') >= 0) {
            throw new IllegalArgumentException("refusing to put '" + value + "' into an XPath");
        }
        return "'" + value + "'";
    }

    static Element parse(String text) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        f.setFeature("http://xml.org/sax/features/external-general-entities", false);
        f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setXIncludeAware(false);
        f.setExpandEntityReferences(false);
        var b = f.newDocumentBuilder();
        b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler() {
            @Override
            public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
                throw e;
            }
        });
        return b.parse(new InputSource(new StringReader(text))).getDocumentElement();
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        NodeList nl = parent.getChildNodes();
        for (int i = 0; i < nl.getLength(); i++) {
            if (nl.item(i) instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                out.add(e);
            }
        }
        return out;
    }

    static Element child(Element parent, String name) {
        for (Element e : children(parent)) {
            if (e.getTagName().equals(name)) {
                return e;
            }
        }
        return null;
    }

    /** Follows a path of child names; null when a step is missing. */
    static Element path(Element from, String... names) {
        Element cur = from;
        for (String n : names) {
            cur = child(cur, n);
            if (cur == null) {
                return null;
            }
        }
        return cur;
    }

    static String text(Element e) {
        return e == null ? null : e.getTextContent().trim();
    }

    static List<String> members(Element list) {
        List<String> out = new ArrayList<>();
        for (Element m : children(list, "member")) {
            out.add(m.getTextContent().trim());
        }
        return out;
    }
}
