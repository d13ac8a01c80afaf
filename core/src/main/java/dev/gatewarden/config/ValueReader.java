package dev.gatewarden.config;

import dev.gatewarden.spi.Settings;
import dev.gatewarden.config.SecretResolver.Reference;
import dev.gatewarden.config.SecretResolver.UnresolvedReferenceException;
import dev.gatewarden.config.YamlNode.Mapping;
import dev.gatewarden.config.YamlNode.Scalar;
import dev.gatewarden.config.YamlNode.Sequence;
import dev.gatewarden.ownership.Ownership;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads typed values (strings, numbers, booleans, choices, lists, mappings, durations, references) from the located
 * YAML tree, recording every problem with its location and path.
 */
final class ValueReader {
    private static final Pattern LONG_DIGITS = Pattern.compile("[-+]?[0-9]{19,}");

    private final Problems problems;
    private final SecretResolver resolver;

    ValueReader(Problems problems, SecretResolver resolver) {
        this.problems = problems;
        this.resolver = resolver;
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static boolean isNull(YamlNode n) {
        return n == null || (n instanceof Scalar s && s.isNull());
    }

    void missing(Mapping m, YamlNode.Entry e, String path, String hint) {
        if (e != null) {
            problems.add(e.line(), e.column(), path, "required but empty; " + hint);
        } else {
            problems.add(m, path, "required; " + hint);
        }
    }

    Mapping mapping(YamlNode n, String path, String hint) {
        if (n instanceof Mapping m) {
            return m;
        }
        problems.add(n, path, "must be a mapping (key: value) " + hint + ", got " + n.describe());
        return null;
    }

    List<YamlNode> list(Mapping m, String key, String path) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return List.of();
        }
        if (n instanceof Sequence s) {
            return s.items();
        }
        problems.add(n, child(path, key), "must be a list (- item, or [a, b]), got " + n.describe());
        return List.of();
    }

    /** The entry of {@code key} when it has a value, else null (recorded as missing when required). */
    private YamlNode.Entry present(Mapping m, String key, String path, boolean required, String hint) {
        YamlNode.Entry e = m.entry(key);
        if (e == null || isNull(e.value())) {
            if (required) {
                missing(m, e, child(path, key), hint);
            }
            return null;
        }
        return e;
    }

    /** A scalar's text (any scalar type), or null when absent or wrong (problem recorded). */
    String string(Mapping m, String key, String path, boolean required, String hint) {
        YamlNode.Entry e = present(m, key, path, required, hint);
        if (e == null) {
            return null;
        }
        String p = child(path, key);
        if (!(e.value() instanceof Scalar s)) {
            problems.add(e.value(), p, "must be a string, got " + e.value().describe());
            return null;
        }
        return s.text();
    }

    /** Like {@link #string} but a whole-value reference is resolved. */
    String resolvedString(Mapping m, String key, String path, boolean required, String hint) {
        String text = string(m, key, path, required, hint);
        if (text == null || !Reference.looksLikeReference(text)) {
            return text;
        }
        Scalar s = (Scalar) m.get(key);
        Reference ref = reference(s, child(path, key));
        return ref == null ? null : resolve(ref, s, child(path, key));
    }

    Integer integer(Mapping m, String key, String path, boolean required, String hint) {
        YamlNode.Entry e = present(m, key, path, required, hint);
        if (e == null) {
            return null;
        }
        String p = child(path, key);
        if (e.value() instanceof Scalar s && s.type() == Scalar.Type.INT) {
            try {
                return Integer.parseInt(s.text());
            } catch (NumberFormatException ex) {
                problems.add(s, p, s.describe() + (LONG_DIGITS.matcher(s.text()).matches() || s.text().matches(
                        "[-+]?[0-9]+") ? " is too large" : " must be written in decimal digits") + (hint.isEmpty() ? ""
                        : " (" + hint + ")"));
                return null;
            }
        }
        if (e.value() instanceof Scalar s && s.type() == Scalar.Type.STRING && LONG_DIGITS.matcher(s.text()).matches()) {
            // the YAML parser hands over a number too long for it as a string
            problems.add(s, p, "number of " + s.text().length() + " digits is too large" + (hint.isEmpty() ? ""
                    : " (" + hint + ")"));
            return null;
        }
        problems.add(e.value(), p, "must be a whole number" + (hint.isEmpty() ? "" : " (" + hint + ")") + ", got "
                + e.value().describe() + (e.value() instanceof Scalar s ? quotesHint(s) : ""));
        return null;
    }

    Boolean bool(Mapping m, String key, String path) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return null;
        }
        if (n instanceof Scalar s && s.type() == Scalar.Type.BOOLEAN) {
            Boolean b = strictBoolean(s.text());
            if (b == null) {
                problems.add(n, child(path, key), yaml11Boolean(s.text()));
            }
            return b;
        }
        problems.add(n, child(path, key), "must be true or false, got " + n.describe()
                + (n instanceof Scalar s ? quotesHint(s) : ""));
        return null;
    }

    Double number(Mapping m, String key, String path) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return null;
        }
        if (n instanceof Scalar s && (s.type() == Scalar.Type.INT || s.type() == Scalar.Type.FLOAT)) {
            try {
                return Double.parseDouble(s.text());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        problems.add(n, child(path, key), "must be a number such as 0.5, got " + n.describe()
                + (n instanceof Scalar s ? quotesHint(s) : ""));
        return null;
    }

    /** One of {@code allowed}, or null when absent or wrong (problem recorded). */
    String choice(Mapping m, String key, String path, List<String> allowed) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return null;
        }
        if (n instanceof Scalar s && allowed.contains(s.text())) {
            return s.text();
        }
        problems.add(n, child(path, key), "must be one of " + String.join(", ", allowed) + ", got " + n.describe()
                + (n instanceof Scalar s ? didYouMean(s.text(), allowed) : ""));
        return null;
    }

    /** true or false in any case; null for YAML 1.1 spellings (yes, no, on, off), which are ambiguous. */
    static Boolean strictBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return null;
    }

    static String yaml11Boolean(String text) {
        return "must be true or false, got '" + text + "' (a YAML 1.1 spelling that tools read differently): "
                + "write true or false";
    }

    static String quotesHint(Scalar s) {
        if (s.type() == Scalar.Type.STRING && s.text().trim().matches("-?\\d+|true|false|-?\\d+\\.\\d+")) {
            return " (remove the quotes)";
        }
        return "";
    }

    /** The entry's validated, unique name, or null (problem recorded). */
    String entryName(Mapping m, String path, String what, String example, Map<String, String> seen) {
        String name = string(m, "name", path, true, "give the " + what + " a name, " + example);
        if (name == null) {
            return null;
        }
        if (!Ownership.isValidName(name)) {
            problems.add(m.get("name"), path + ".name", "'" + name + "' is not a valid " + what + " name: "
                    + Ownership.nameRule());
            return null;
        }
        YamlNode n = m.get("name");
        String first = seen.putIfAbsent(name, path + " at line " + n.line());
        if (first != null) {
            problems.add(n, path + ".name", "duplicate " + what + " name '" + name + "' (also " + first
                    + "); names must be unique");
            return null;
        }
        return name;
    }

    /** A parsed whole-value reference, or null (problem recorded). Never shows the text when it might be a secret. */
    Reference reference(Scalar s, String p) {
        try {
            Optional<Reference> r = Reference.parse(s.text());
            if (r.isEmpty()) {
                problems.add(s, p, "a reference must be the whole value, exactly ${env:NAME} or ${file:/path}, "
                        + "with nothing before or after it");
                return null;
            }
            return r.get();
        } catch (IllegalArgumentException e) {
            problems.add(s, p, e.getMessage());
            return null;
        }
    }

    boolean resolvesSecrets() {
        return resolver.resolvesSecrets();
    }

    /** Tells the resolver that the secret reference at {@code at} was checked but not resolved. */
    void unresolvedSecret(YamlNode at, String p, Reference ref) {
        resolver.unresolvedSecret(new ConfigProblem(problems.source(), at.line(), at.column(), p,
                ref.text() + " not resolved (only its form was checked)"));
    }

    /** The reference's value, or null (problem recorded, naming the reference only). */
    String resolve(Reference ref, YamlNode at, String p) {
        try {
            String v = resolver.resolve(ref);
            if (v == null) {
                problems.add(at, p, "cannot resolve " + ref.text() + ": no value");
            }
            return v;
        } catch (UnresolvedReferenceException e) {
            problems.add(at, p, "cannot resolve " + ref.text() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            problems.add(at, p, "cannot resolve " + ref.text() + " (" + e.getClass().getSimpleName() + ")");
        }
        return null;
    }

    static Duration duration(String text) {
        return Settings.parseDuration(text).orElse(null);
    }

    void checkKeys(Mapping m, String path, Collection<String> allowed) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                String hint = closest(e.key(), allowed).map(s -> "did you mean '" + s + "'?")
                        .orElse("expected one of " + String.join(", ", new TreeSet<>(allowed)));
                problems.add(e.line(), e.column(), child(path, e.key()), "unknown key; " + hint);
            }
        }
    }

    static String known(String what, Set<String> ids) {
        return ids.isEmpty() ? "no " + what + " plugins are installed (add the plugin's jar to the class path)"
                : "known " + what + "s are " + String.join(", ", new TreeSet<>(ids));
    }

    static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** The candidate closest to {@code word} by edit distance (ignoring case), if close enough to be a typo. */
    static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, with an adjacent transposition counting as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
