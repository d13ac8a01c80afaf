package dev.gatewarden.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Collects every problem of one file, so the user fixes them all in one go. At most {@link #MAX_REPORTED} are
 * kept (a hostile or garbled file can hold millions); the rest are counted and reported as one line.
 */
final class Problems {
    static final int MAX_REPORTED = 100;

    private final String source;
    private final Set<ConfigProblem> list = new LinkedHashSet<>();
    private long dropped;

    Problems(String source) {
        this.source = source;
    }

    String source() {
        return source;
    }

    void add(int line, int column, String path, String message) {
        ConfigProblem p = new ConfigProblem(source, line, column, path, message);
        if (list.size() < MAX_REPORTED) {
            list.add(p);
        } else if (!list.contains(p)) {
            dropped++;
        }
    }

    void add(YamlNode at, String path, String message) {
        add(at == null ? 0 : at.line(), at == null ? 0 : at.column(), path, message);
    }

    boolean isEmpty() {
        return list.isEmpty();
    }

    /** Problems found so far (the dropped ones included). */
    long size() {
        return list.size() + dropped;
    }

    /** In file order (stable for problems at one place). */
    List<ConfigProblem> sorted() {
        List<ConfigProblem> out = new ArrayList<>(list);
        out.sort(Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column));
        if (dropped > 0) {
            out.add(new ConfigProblem(source, 0, 0, "", "and " + dropped + " more problem(s) not listed; fix the "
                    + "ones above and validate again"));
        }
        return out;
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw new InvalidConfigException(sorted());
        }
    }
}
