package dev.gatewarden.model;

import java.util.Locale;

/** Whether an address is a node's secondary private IP or a public (elastic) IP. */
public enum AddressKind {
    PRIVATE,
    PUBLIC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AddressKind parse(String text) {
        for (AddressKind k : values()) {
            if (k.label().equalsIgnoreCase(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("expected 'private' or 'public', got '" + text + "'");
    }
}
