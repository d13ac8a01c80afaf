package dev.gatewarden.audit;

import dev.gatewarden.spi.Settings;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The one place where known secret values are taken out of text before it leaves the process: command output,
 * log lines, exception messages and audit records. A device may echo a credential in an error (a PAN-OS error
 * that quotes the request, a FortiOS message with the token); whatever path that text takes, it passes here.
 *
 * <p>Fed with every {@link dev.gatewarden.spi.Secret} of the plugins' settings (the config's resolved secrets and the sandbox's
 * fixture credentials); each value is also known in the forms it travels in (URL-encoded, XML-, JSON- and
 * HTML-escaped) and per line when it spans several. Values shorter than {@link #MIN_LENGTH} are not redacted (they
 * would blank out ordinary words; no real API key or token is that short). Thread-safe.
 */
public final class Redactor {
    /** What a secret is replaced with. */
    public static final String MASK = "[REDACTED]";
    /** Shorter values are not redacted. */
    public static final int MIN_LENGTH = 6;

    /** Longest first, so that a value containing another is replaced whole. */
    private volatile List<String> known = List.of();

    /** Adds a secret value (and the forms it travels in). */
    public synchronized void add(String secret) {
        if (secret == null) {
            return;
        }
        Set<String> forms = new LinkedHashSet<>(known);
        List<String> values = new ArrayList<>(List.of(secret));
        if (secret.contains("\n")) {
            values.addAll(List.of(secret.split("\r?\n")));
        }
        for (String v : values) {
            String s = v.strip();
            if (s.length() < MIN_LENGTH) {
                continue;
            }
            forms.add(s);
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8));
            forms.add(URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20"));
            forms.add(xmlEscaped(s));
            forms.add(jsonEscaped(s));
            forms.add(xmlEscaped(jsonEscaped(s)));
        }
        List<String> sorted = new ArrayList<>(forms);
        sorted.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        known = List.copyOf(sorted);
    }

    /** Adds every secret among the settings. */
    public void addAll(Settings settings) {
        settings.secrets().forEach(s -> add(s.reveal()));
    }

    /** True when no secret is known yet. */
    public boolean isEmpty() {
        return known.isEmpty();
    }

    /** The text with every known secret replaced by {@link #MASK}; null stays null. */
    public String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String s : known) {
            if (out.contains(s)) {
                out = out.replace(s, MASK);
            }
        }
        return out;
    }

    /** An audit sink that records entries with every known secret redacted from their text and values. */
    public AuditSink redacting(AuditSink sink) {
        return entry -> sink.append(new AuditEntry(entry.owner(), redact(entry.target()), entry.phase(),
                entry.action(), entry.slot(), redactMap(entry.change()), redactMap(entry.before()),
                redactMap(entry.after()), entry.outcome(), redact(entry.message())));
    }

    private Map<String, Object> redactMap(Map<String, Object> m) {
        if (m == null) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, redactValue(v)));
        return out;
    }

    private Object redactValue(Object v) {
        if (v instanceof String s) {
            return redact(s);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            m.forEach((k, x) -> out.put(k, redactValue(x)));
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>();
            c.forEach(x -> out.add(redactValue(x)));
            return out;
        }
        return v;
    }

    private static String xmlEscaped(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }

    private static String jsonEscaped(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '/' -> b.append("\\/");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
