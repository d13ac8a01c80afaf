package dev.gatewarden.config;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;

/**
 * Reads YAML text into a {@link YamlNode} tree with Jackson's streaming YAML parser, keeping each node's
 * location. Duplicate keys and aliases are reported as problems; a syntax error ends the reading.
 *
 * <p>Hostile input is bounded before and while parsing, so reading stays linear in the text's size: a line longer
 * than {@link #MAX_LINE_CHARS} is refused before the parser sees it (the YAML scanner's look-ahead grows its
 * buffer per 1024 characters of one token, which is quadratic in a token's length), nesting deeper than
 * {@link #MAX_DEPTH} and scalars longer than a line end the reading with a located problem, and aliases are never
 * expanded (each is a problem).
 */
final class YamlReader {
    /** The longest line accepted; far beyond any real setting, short enough for the scanner to stay fast. */
    static final int MAX_LINE_CHARS = 16 * 1024;
    /** The deepest nesting of mappings and lists accepted (a config needs 5). */
    static final int MAX_DEPTH = 32;
    private static final YAMLFactory FACTORY = YAMLFactory.builder().build();

    private final Problems problems;

    YamlReader(Problems problems) {
        this.problems = problems;
    }

    /** The document's root, or null when it could not be read (the problem is recorded). */
    YamlNode read(String text) {
        if (!linesWithinLimit(text)) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(text)) {
            JsonToken t = p.nextToken();
            if (t == null) {
                problems.add(1, 1, "", "the file is empty; start with 'owner: <name>'");
                return null;
            }
            YamlNode root = node(p, "", 0);
            if (p.nextToken() != null) {
                JsonLocation l = p.currentTokenLocation();
                problems.add(l.getLineNr(), l.getColumnNr(), "",
                        "a second YAML document ('---') is not supported; keep one configuration per file");
            }
            return root;
        } catch (TooDeep e) {
            problems.add(e.line, e.column, e.path, "nested deeper than " + MAX_DEPTH + " levels of mappings and lists; "
                    + "a Gatewarden config needs at most 5: check the indentation and brackets");
            return null;
        } catch (JacksonException e) {
            syntax(e);
            return null;
        } catch (IOException e) {
            problems.add(0, 0, "", "cannot read: " + e.getClass().getSimpleName());
            return null;
        }
    }

    /** Refuses the first line longer than {@link #MAX_LINE_CHARS} (one pass over the text). */
    private boolean linesWithinLimit(String text) {
        int line = 1;
        int start = 0;
        int n = text.length();
        for (int i = 0; i <= n; i++) {
            if (i == n || text.charAt(i) == '\n') {
                if (i - start > MAX_LINE_CHARS) {
                    problems.add(line, 1, "", "line " + line + " is " + (i - start) + " characters long, more than the "
                            + MAX_LINE_CHARS + " accepted; a config line holds one setting: split or shorten it");
                    return false;
                }
                line++;
                start = i + 1;
            }
        }
        return true;
    }

    /** Nesting beyond {@link #MAX_DEPTH}: ends the reading. */
    private static final class TooDeep extends RuntimeException {
        final int line;
        final int column;
        final String path;

        TooDeep(int line, int column, String path) {
            super(null, null, false, false);
            this.line = line;
            this.column = column;
            this.path = path;
        }
    }

    private void syntax(JacksonException e) {
        // snakeyaml's own message quotes the offending line, which may hold a secret: keep only the problem text
        String problem = null;
        int line = 0;
        int column = 0;
        for (Throwable c = e; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m) {
                problem = m.getProblem();
                if (m.getProblemMark() != null) {
                    line = m.getProblemMark().getLine() + 1;
                    column = m.getProblemMark().getColumn() + 1;
                }
                break;
            }
        }
        if (problem == null) {
            problem = e.getOriginalMessage();
            JsonLocation l = e.getLocation();
            if (l != null) {
                line = Math.max(0, l.getLineNr());
                column = Math.max(0, l.getColumnNr());
            }
        }
        problems.add(line, column, "", "YAML syntax error: " + problem
                + "; check the indentation and quoting around here");
    }

    private YamlNode node(JsonParser p, String path, int depth) throws IOException {
        JsonLocation loc = p.currentTokenLocation();
        int line = loc.getLineNr();
        int col = loc.getColumnNr();
        JsonToken t = p.currentToken();
        if ((t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) && depth >= MAX_DEPTH) {
            throw new TooDeep(line, col, path);
        }
        switch (t) {
            case START_OBJECT -> {
                YamlNode.Mapping m = new YamlNode.Mapping(line, col);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    JsonLocation kl = p.currentTokenLocation();
                    String key = p.currentName();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    p.nextToken();
                    YamlNode value = node(p, childPath, depth + 1);
                    if (!m.put(new YamlNode.Entry(key, kl.getLineNr(), kl.getColumnNr(), value))) {
                        YamlNode.Entry first = m.entry(key);
                        problems.add(kl.getLineNr(), kl.getColumnNr(), childPath, "duplicate key (first at line "
                                + first.line() + "); keep one");
                    }
                }
                return m;
            }
            case START_ARRAY -> {
                YamlNode.Sequence s = new YamlNode.Sequence(line, col);
                int i = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    s.add(node(p, path + "[" + i++ + "]", depth + 1));
                }
                return s;
            }
            default -> {
                if (p instanceof YAMLParser y && y.isCurrentAlias()) {
                    problems.add(line, col, path, "YAML aliases (*name) are not supported; write the value out");
                    return new YamlNode.Scalar(line, col, YamlNode.Scalar.Type.NULL, "");
                }
                YamlNode.Scalar.Type type = switch (t) {
                    case VALUE_NUMBER_INT -> YamlNode.Scalar.Type.INT;
                    case VALUE_NUMBER_FLOAT -> YamlNode.Scalar.Type.FLOAT;
                    case VALUE_TRUE, VALUE_FALSE -> YamlNode.Scalar.Type.BOOLEAN;
                    case VALUE_NULL -> YamlNode.Scalar.Type.NULL;
                    default -> YamlNode.Scalar.Type.STRING;
                };
                String text = type == YamlNode.Scalar.Type.NULL ? "" : p.getText();
                return new YamlNode.Scalar(line, col, type, text == null ? "" : text);
            }
        }
    }
}
