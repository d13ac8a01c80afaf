package dev.gatewarden.sandbox.ec2;

import java.util.Map;

/** A tiny XML writer for EC2 responses. */
final class Xml {
    private final StringBuilder out = new StringBuilder();

    Xml open(String name) {
        out.append('<').append(name).append('>');
        return this;
    }

    Xml close(String name) {
        out.append("</").append(name).append('>');
        return this;
    }

    /** An element with text; skipped when the value is null. */
    Xml el(String name, Object value) {
        if (value != null) {
            out.append('<').append(name).append('>').append(escape(value.toString())).append("</").append(name)
                    .append('>');
        }
        return this;
    }

    Xml tagSet(Map<String, String> tags) {
        open("tagSet");
        tags.forEach((k, v) -> open("item").el("key", k).el("value", v).close("item"));
        return close("tagSet");
    }

    Xml raw(String text) {
        out.append(text);
        return this;
    }

    static String escape(String s) {
        return dev.gatewarden.sandbox.XmlEscape.escape(s);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
