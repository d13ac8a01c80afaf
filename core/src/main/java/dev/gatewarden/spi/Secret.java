package dev.gatewarden.spi;

import java.util.Objects;

/** A secret value resolved from a reference. Its {@code toString} never shows the value. */
public final class Secret {
    private final String reference;
    private final String value;

    public Secret(String reference, String value) {
        this.reference = Objects.requireNonNull(reference, "reference");
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The reference it came from, e.g. {@code ${env:PANOS_API_KEY}}: safe to print. */
    public String reference() {
        return reference;
    }

    /** The secret itself: pass it to the API, never to a log. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[" + reference + "]";
    }
}
