package dev.gatewarden.config;

import java.util.Objects;

/**
 * One thing wrong with a config file, located like a compiler error.
 *
 * @param source the file as given (or a name for text loaded from elsewhere)
 * @param line   1-based; 0 when unknown
 * @param column 1-based; 0 when unknown
 * @param path   the field, e.g. {@code gateways[0].nodes[1]}; empty for the whole document
 * @param message what is wrong and how to fix it; never contains a secret value
 */
public record ConfigProblem(String source, int line, int column, String path, String message) {
    public ConfigProblem {
        Objects.requireNonNull(source, "source");
        path = path == null ? "" : path;
        Objects.requireNonNull(message, "message");
    }

    /** {@code FILE:LINE:COL: field.path: message}. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(source);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (!path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
