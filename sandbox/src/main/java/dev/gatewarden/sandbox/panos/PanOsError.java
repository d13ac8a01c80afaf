package dev.gatewarden.sandbox.panos;

import java.util.List;

/** A PAN-OS error response: the {@code code} attribute and the message lines. */
final class PanOsError extends Exception {
    final int code;
    final List<String> lines;

    PanOsError(int code, String... lines) {
        this(code, List.of(lines));
    }

    PanOsError(int code, List<String> lines) {
        super(code + ": " + String.join("; ", lines));
        this.code = code;
        this.lines = List.copyOf(lines);
    }
}
