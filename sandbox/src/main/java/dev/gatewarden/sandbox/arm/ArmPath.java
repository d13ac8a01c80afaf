package dev.gatewarden.sandbox.arm;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A request path split into segments, matched against ARM route shapes case-insensitively (ARM treats
 * {@code resourceGroups}, provider namespaces, types and names alike regardless of case).
 */
final class ArmPath {
    private final List<String> segments;

    ArmPath(String path) {
        String p = path.startsWith("/") ? path.substring(1) : path;
        if (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        segments = p.isEmpty() ? List.of() : Arrays.asList(p.split("/"));
    }

    int size() {
        return segments.size();
    }

    String get(int i) {
        return segments.get(i);
    }

    /**
     * Whether the path has this shape: literal segments compare case-insensitively, {@code {}} matches any
     * non-empty segment.
     */
    boolean matches(String... shape) {
        if (shape.length != segments.size()) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            String s = segments.get(i);
            if (s.isEmpty() || !shape[i].equals("{}") && !shape[i].equalsIgnoreCase(s)) {
                return false;
            }
        }
        return true;
    }

    /** The lower-cased path up to segment {@code n} (exclusive), with a leading slash: a resource key. */
    String key(int n) {
        return ("/" + String.join("/", segments.subList(0, n))).toLowerCase(Locale.ROOT);
    }

    /** The lower-cased key of any ARM id. */
    static String key(String id) {
        return new ArmPath(id).key(new ArmPath(id).size());
    }
}
