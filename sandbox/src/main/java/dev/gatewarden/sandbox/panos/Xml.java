package dev.gatewarden.sandbox.panos;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/** Small DOM helpers for the PAN-OS simulator: hardened parsing (no DTDs, no entities), serialising, escaping. */
final class Xml {
    private Xml() {
    }

    static final class MalformedXml extends Exception {
        MalformedXml(String message) {
            super(message);
        }
    }

    /** Parse errors become exceptions only (the default handler prints "[Fatal Error]" to stderr). */
    private static final org.xml.sax.ErrorHandler SILENT = new org.xml.sax.ErrorHandler() {
        @Override
        public void warning(org.xml.sax.SAXParseException e) {
        }

        @Override
        public void error(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
            throw e;
        }

        @Override
        public void fatalError(org.xml.sax.SAXParseException e) throws org.xml.sax.SAXException {
            throw e;
        }
    };

    static DocumentBuilder builder() {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            return f.newDocumentBuilder();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Document newDocument() {
        return builder().newDocument();
    }

    static Document parse(String text) throws MalformedXml {
        try {
            DocumentBuilder b = builder();
            b.setErrorHandler(SILENT);
            return b.parse(new InputSource(new StringReader(text)));
        } catch (Exception e) {
            throw new MalformedXml("Malformed Request");
        }
    }

    /** Parses a fragment that may hold several sibling elements; returns them (imported into {@code into}). */
    static List<Element> parseFragment(String text, Document into) throws MalformedXml {
        Document d = parse("<fragment>" + text + "</fragment>");
        List<Element> out = new ArrayList<>();
        for (Element e : children(d.getDocumentElement())) {
            out.add((Element) into.importNode(e, true));
        }
        if (out.isEmpty()) {
            throw new MalformedXml("Malformed Request");
        }
        return out;
    }

    static List<Element> children(Element parent) {
        List<Element> out = new ArrayList<>();
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

    static Element entry(Element container, String name) {
        if (container == null) {
            return null;
        }
        for (Element e : children(container, "entry")) {
            if (name.equals(e.getAttribute("name"))) {
                return e;
            }
        }
        return null;
    }

    /** Text of an element with only text content (trimmed), or "" when it has child elements. */
    static String text(Element e) {
        if (e == null) {
            return null;
        }
        if (!children(e).isEmpty()) {
            return "";
        }
        return e.getTextContent().trim();
    }

    static List<String> members(Element list) {
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (Element m : children(list, "member")) {
                out.add(m.getTextContent().trim());
            }
        }
        return out;
    }

    static String toString(Node node) {
        try {
            Transformer t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            t.setOutputProperty(OutputKeys.INDENT, "no");
            StringWriter w = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(w));
            return w.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Escapes element text (quotes stay as they are, as PAN-OS prints them). */
    static String escapeText(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    static String escape(String s) {
        return dev.gatewarden.sandbox.XmlEscape.escape(s);
    }

    /** Removes whitespace-only text nodes, so comparisons and output do not depend on formatting. */
    static void strip(Element e) {
        NodeList nl = e.getChildNodes();
        boolean hasElements = !children(e).isEmpty();
        for (int i = nl.getLength() - 1; i >= 0; i--) {
            Node n = nl.item(i);
            if (n instanceof Element c) {
                strip(c);
            } else if (hasElements && n.getNodeType() == Node.TEXT_NODE && n.getTextContent().isBlank()) {
                e.removeChild(n);
            } else if (n.getNodeType() == Node.COMMENT_NODE) {
                e.removeChild(n);
            }
        }
    }
}
