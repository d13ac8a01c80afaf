package dev.gatewarden.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem of one file, so the user fixes them all in one go. */
final class Problems {
    private final String source;
    private final List<ConfigProblem> list = new ArrayList<>();

    Problems(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void add(int line, int column, String path, String message) {
        ConfigProblem p = new ConfigProblem(source, line, column, path, message);
        if (!list.contains(p)) {
            list.add(p);
        }
    }

    void add(YamlNode at, String path, String message) {
        add(at == null ? 0 : at.line(), at == null ? 0 : at.column(), path, message);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    int size() {
        return list.size();
    }

    /** In file order (stable for problems at one place). */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        return out;
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidConfigException(sorted());
        }
    }
}
