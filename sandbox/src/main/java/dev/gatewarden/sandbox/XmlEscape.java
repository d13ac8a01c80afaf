package dev.gatewarden.sandbox;

/** XML escaping for the simulators' responses (element text and attribute values alike). */
public final class XmlEscape {
    private XmlEscape() {
    }

    /** Escapes {@code < > & " '}. */
    public static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
