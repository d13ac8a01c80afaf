package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The {@code filter=} query syntax (API-NOTES E.4): {@code <field><op><value>} with ops {@code ==} (case-sensitive),
 * {@code =*} (case-insensitive equal), {@code !=}, {@code !*}, {@code =@} (contains), {@code !@}, {@code <=},
 * {@code <}, {@code >=}, {@code >}. A comma inside one filter means OR; several {@code filter=} parameters mean AND.
 * {@code \x} escapes {@code x} (so {@code \.}, {@code \,}, {@code \\}).
 */
final class FortiOsFilter {
    private static final String[] OPS = {"==", "=*", "!=", "!*", "=@", "!@", "<=", ">=", "<", ">"};

    private record Term(String field, String op, String value) {
    }

    /** Alternatives of one filter parameter. */
    private final List<List<Term>> all;

    private FortiOsFilter(List<List<Term>> all) {
        this.all = all;
    }

    /** Parses the {@code filter} parameters; an unparseable one is a -651 error. */
    static FortiOsFilter parse(List<String> params) {
        List<List<Term>> all = new ArrayList<>();
        for (String p : params) {
            List<Term> any = new ArrayList<>();
            for (String alt : splitUnescaped(p)) {
                any.add(term(alt));
            }
            all.add(any);
        }
        return new FortiOsFilter(all);
    }

    private static List<String> splitUnescaped(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                cur.append(c).append(text.charAt(++i));
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static Term term(String text) {
        int i = 0;
        while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '-'
                || text.charAt(i) == '_')) {
            i++;
        }
        String field = text.substring(0, i);
        if (field.isEmpty()) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "invalid filter '" + text + "': no field name");
        }
        for (String op : OPS) {
            if (text.startsWith(op, i)) {
                return new Term(field, op, unescape(text.substring(i + op.length())));
            }
        }
        throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "invalid filter '" + text + "': unknown operator");
    }

    private static String unescape(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                sb.append(s.charAt(++i));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    boolean matches(JsonNode entry) {
        for (List<Term> any : all) {
            boolean ok = false;
            for (Term t : any) {
                if (matches(entry, t)) {
                    ok = true;
                    break;
                }
            }
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean matches(JsonNode entry, Term t) {
        JsonNode v = entry.get(t.field());
        String actual = v == null || v.isNull() ? "" : v.isValueNode() ? v.asText() : v.toString();
        String want = t.value();
        switch (t.op()) {
            case "==":
                return actual.equals(want);
            case "=*":
                return actual.equalsIgnoreCase(want);
            case "!=":
                return !actual.equals(want);
            case "!*":
                return !actual.equalsIgnoreCase(want);
            case "=@":
                return actual.toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT));
            case "!@":
                return !actual.toLowerCase(Locale.ROOT).contains(want.toLowerCase(Locale.ROOT));
            default:
                int c = compare(actual, want);
                return switch (t.op()) {
                    case "<=" -> c <= 0;
                    case ">=" -> c >= 0;
                    case "<" -> c < 0;
                    default -> c > 0;
                };
        }
    }

    private static int compare(String a, String b) {
        try {
            return Double.compare(Double.parseDouble(a), Double.parseDouble(b));
        } catch (NumberFormatException e) {
            return a.compareTo(b);
        }
    }
}
