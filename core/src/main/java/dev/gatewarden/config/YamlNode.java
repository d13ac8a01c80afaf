package dev.gatewarden.config;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A YAML document as a tree whose every node remembers where it was written (line and column, 1-based). */
sealed interface YamlNode permits YamlNode.Mapping, YamlNode.Sequence, YamlNode.Scalar {

    int line();

    int column();

    /** "a mapping", "a list", "the string 'x'", ... for messages (never used for secret values). */
    String describe();

    /** Like {@link #describe()} without the value: for fields whose value must not be shown. */
    String kind();

    record Entry(String key, int line, int column, YamlNode value) {
    }

    final class Mapping implements YamlNode {
        private final int line;
        private final int column;
        private final Map<String, Entry> entries = new LinkedHashMap<>();

        Mapping(int line, int column) {
            this.line = line;
            this.column = column;
        }

        /** Adds an entry; false when the key is already there. */
        boolean put(Entry e) {
            return entries.putIfAbsent(e.key(), e) == null;
        }

        Entry entry(String key) {
            return entries.get(key);
        }

        /** The value, or null when the key is absent. */
        YamlNode get(String key) {
            Entry e = entries.get(key);
            return e == null ? null : e.value();
        }

        /** True when the key is there with a non-null value. */
        boolean has(String key) {
            YamlNode n = get(key);
            return n != null && !(n instanceof Scalar s && s.isNull());
        }

        Map<String, Entry> entries() {
            return Collections.unmodifiableMap(entries);
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public int column() {
            return column;
        }

        @Override
        public String describe() {
            return "a mapping";
        }

        @Override
        public String kind() {
            return "a mapping";
        }
    }

    final class Sequence implements YamlNode {
        private final int line;
        private final int column;
        private final List<YamlNode> items = new ArrayList<>();

        Sequence(int line, int column) {
            this.line = line;
            this.column = column;
        }

        void add(YamlNode n) {
            items.add(n);
        }

        List<YamlNode> items() {
            return Collections.unmodifiableList(items);
        }

        @Override
        public int line() {
            return line;
        }

        @Override
        public int column() {
            return column;
        }

        @Override
        public String describe() {
            return "a list";
        }

        @Override
        public String kind() {
            return "a list";
        }
    }

    /** A scalar with the type YAML gave it. */
    record Scalar(int line, int column, Type type, String text) implements YamlNode {
        enum Type { STRING, INT, FLOAT, BOOLEAN, NULL }

        boolean isNull() {
            return type == Type.NULL;
        }

        @Override
        public String describe() {
            String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
            return switch (type) {
                case STRING -> "the string '" + shown + "'";
                case INT -> "the number " + shown;
                case FLOAT -> "the number " + shown;
                case BOOLEAN -> "the boolean " + shown;
                case NULL -> "nothing (null)";
            };
        }

        @Override
        public String kind() {
            return switch (type) {
                case STRING -> "a string";
                case INT, FLOAT -> "a number";
                case BOOLEAN -> "a boolean";
                case NULL -> "nothing (null)";
            };
        }

        @Override
        public String toString() {
            // the text may be a secret written inline by mistake: never print it
            return "Scalar[" + line + ":" + column + " " + type + "]";
        }
    }
}
