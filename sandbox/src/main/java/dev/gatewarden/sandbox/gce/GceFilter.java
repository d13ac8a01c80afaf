package dev.gatewarden.sandbox.gce;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The {@code filter} parameter of Compute list methods, in its two syntaxes (which one request may not mix):
 * the legacy one, {@code name eq "gwd-prod-.*"} / {@code ne}, whose literal is a regular expression that must
 * match the whole value, several expressions in parentheses meaning AND; and the current one,
 * {@code labels.owner = "prod"}, {@code !=}, {@code :} (has; {@code :*} = the key is set), with {@code AND},
 * {@code OR}, {@code NOT} and parentheses. Field names are dotted paths into the resource JSON.
 */
final class GceFilter {
    private GceFilter() {
    }

    static Predicate<JsonNode> parse(String filter) {
        if (filter == null || filter.isBlank()) {
            return r -> true;
        }
        List<String> tokens = tokens(filter);
        boolean legacy = false;
        boolean current = false;
        for (int i = 1; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.equals("eq") || t.equals("ne")) {
                legacy = true;
            } else if (t.equals("=") || t.equals("!=") || t.equals(":") || t.equals("AND") || t.equals("OR")) {
                current = true;
            }
        }
        if (legacy && current) {
            throw GceError.invalidField("filter", filter,
                    "The 'eq'/'ne' syntax and the '='/'!='/':' syntax cannot be mixed in one filter.");
        }
        Parser p = new Parser(tokens, filter);
        Predicate<JsonNode> result = p.or();
        if (p.pos != tokens.size()) {
            throw GceError.invalidField("filter", filter, "Unexpected '" + tokens.get(p.pos) + "'.");
        }
        return result;
    }

    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(' || c == ')' || c == ':' || c == '=') {
                out.add(String.valueOf(c));
                i++;
            } else if (c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                out.add("!=");
                i += 2;
            } else if (c == '"' || c == '\'') {
                int end = s.indexOf(c, i + 1);
                if (end < 0) {
                    throw GceError.invalidField("filter", s, "Unterminated string.");
                }
                out.add("\u0000" + s.substring(i + 1, end));
                i = end + 1;
            } else {
                int j = i;
                while (j < s.length() && !Character.isWhitespace(s.charAt(j)) && "()=:!\"'".indexOf(s.charAt(j)) < 0) {
                    j++;
                }
                out.add(s.substring(i, j));
                i = j;
            }
        }
        return out;
    }

    private static final class Parser {
        final List<String> t;
        final String text;
        int pos;

        Parser(List<String> t, String text) {
            this.t = t;
            this.text = text;
        }

        String peek() {
            return pos < t.size() ? t.get(pos) : null;
        }

        Predicate<JsonNode> or() {
            Predicate<JsonNode> left = and();
            while ("OR".equals(peek())) {
                pos++;
                left = left.or(and());
            }
            return left;
        }

        Predicate<JsonNode> and() {
            Predicate<JsonNode> left = unary();
            while (peek() != null && !"OR".equals(peek()) && !")".equals(peek())) {
                if ("AND".equals(peek())) {
                    pos++;
                }
                left = left.and(unary());
            }
            return left;
        }

        Predicate<JsonNode> unary() {
            String k = peek();
            if (k == null) {
                throw GceError.invalidField("filter", text, "Unexpected end of filter.");
            }
            if (k.equals("NOT") || k.equals("-")) {
                pos++;
                return unary().negate();
            }
            if (k.equals("(")) {
                pos++;
                Predicate<JsonNode> inner = or();
                if (!")".equals(peek())) {
                    throw GceError.invalidField("filter", text, "Missing ')'.");
                }
                pos++;
                return inner;
            }
            return comparison();
        }

        Predicate<JsonNode> comparison() {
            if (pos + 2 >= t.size()) {
                throw GceError.invalidField("filter", text, "Incomplete expression.");
            }
            String field = t.get(pos);
            String op = t.get(pos + 1);
            String raw = t.get(pos + 2);
            pos += 3;
            String value = raw.startsWith("\u0000") ? raw.substring(1) : raw;
            return switch (op) {
                case "eq", "ne" -> {
                    Pattern re;
                    try {
                        re = Pattern.compile(value);
                    } catch (PatternSyntaxException e) {
                        throw GceError.invalidField("filter", text, "Invalid regular expression '" + value + "'.");
                    }
                    Predicate<JsonNode> m = r -> {
                        String v = field(r, field);
                        return v != null && re.matcher(v).matches();
                    };
                    yield op.equals("eq") ? m : m.negate();
                }
                case "=" -> r -> value.equals(field(r, field));
                case "!=" -> r -> !value.equals(field(r, field));
                case ":" -> value.equals("*") ? r -> field(r, field) != null
                        : r -> {
                            String v = field(r, field);
                            return v != null && v.contains(value);
                        };
                default -> throw GceError.invalidField("filter", text, "Unknown operator '" + op + "'.");
            };
        }
    }

    private static String field(JsonNode resource, String path) {
        JsonNode n = resource;
        for (String part : path.split("\\.")) {
            n = n == null ? null : n.get(part);
        }
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        return n.asText();
    }
}
