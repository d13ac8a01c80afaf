package dev.gatewarden.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded generator of hostile input for property-based tests (no library: a {@link Random} with a fixed seed, so
 * a failure repeats; {@code -Dgatewarden.corpus.seed=N} explores another corpus, {@code -Dgatewarden.corpus.cases=N}
 * a larger one). Injection strings aim at every place a name ends up: XPath predicates and PAN-OS XML elements,
 * URL paths and queries of FortiOS, JSON bodies, YAML itself.
 */
public final class HostileInput {
    /** Hand-picked injections; {@link #injection} combines them with ordinary names. */
    public static final List<String> INJECTIONS = List.of(
            "']/../entry[@name='x", "\"]|//*|a[\"", "' or '1'='1", "x'or'1'='1", "]]><!--", "<![CDATA[x]]>",
            "</entry><entry name=\"evil\">", "&lt;script&gt;", "&amp;", "<", ">", "&", "'", "\"", "a/b", "../..",
            "%2e%2e%2f", "a?b=c", "a#b", "a&b=c", "a%00b", "a\u0000b", "a\nb", "a\rb", "a\tb", " leading",
            "trailing ", "a b", "a\\b", "a;b", "a|b", "$(id)", "`id`", "${env:HOME}", "${file:/etc/passwd}",
            "{owner}", "%s%n", "\u202Eevil", "\uFEFFbom", "ünïcödé", "名前", "\uD83D\uDE00", "a".repeat(300),
            "-", ".", "..", "_", "0", "*", "?", "{{x}}", "[x]", "x:y", "@x", "!x", "~x", "+x", "=x");
    private static final String ORDINARY = "abcdefghijklmnopqrstuvwxyz0123456789-";

    private final Random random;

    public HostileInput(long seed) {
        random = new Random(seed);
    }

    /** The seed of this run: {@code gatewarden.corpus.seed}, else {@code fallback}. */
    public static long seed(long fallback) {
        return Long.getLong("gatewarden.corpus.seed", fallback);
    }

    /** How many cases to try: {@code gatewarden.corpus.cases}, else {@code fallback}. */
    public static int cases(int fallback) {
        return Integer.getInteger("gatewarden.corpus.cases", fallback);
    }

    public Random random() {
        return random;
    }

    public int nextInt(int bound) {
        return random.nextInt(bound);
    }

    public <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** An ordinary name (lowercase letters, digits, '-'), 1 to {@code max} characters, starting with a letter. */
    public String ordinary(int max) {
        int n = 1 + random.nextInt(max);
        StringBuilder b = new StringBuilder().append((char) ('a' + random.nextInt(26)));
        for (int i = 1; i < n; i++) {
            b.append(ORDINARY.charAt(random.nextInt(ORDINARY.length())));
        }
        return b.toString();
    }

    /** An injection string: a hand-picked one, alone or inside an ordinary name, or random code points. */
    public String injection() {
        return switch (random.nextInt(4)) {
            case 0 -> pick(INJECTIONS);
            case 1 -> ordinary(8) + pick(INJECTIONS) + ordinary(8);
            case 2 -> pick(INJECTIONS) + pick(INJECTIONS);
            default -> randomCodePoints(1 + random.nextInt(12));
        };
    }

    /** Code points from the ranges that break parsers: ASCII punctuation and controls, BMP, astral. */
    public String randomCodePoints(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int cp = switch (random.nextInt(4)) {
                case 0 -> random.nextInt(0x80);
                case 1 -> 0x20 + random.nextInt(0x5F);
                case 2 -> 0xA0 + random.nextInt(0xD7FF - 0xA0);
                default -> 0x10000 + random.nextInt(0x1000);
            };
            b.appendCodePoint(cp);
        }
        return b.toString();
    }

    /** {@code n} injection strings (distinct). */
    public List<String> injections(int n) {
        List<String> out = new ArrayList<>();
        while (out.size() < n) {
            String s = injection();
            if (!out.contains(s)) {
                out.add(s);
            }
        }
        return out;
    }
}
