package dev.gatewarden.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Comparator;
import java.util.Objects;

/** The stable identity of one address of one gateway: {@code payments#0}. */
public record SlotId(String gateway, int index) implements Comparable<SlotId> {
    private static final Comparator<SlotId> ORDER =
            Comparator.comparing(SlotId::gateway).thenComparingInt(SlotId::index);

    public SlotId {
        Objects.requireNonNull(gateway, "gateway");
        if (gateway.isBlank()) {
            throw new IllegalArgumentException("slot gateway must not be blank");
        }
        if (index < 0) {
            throw new IllegalArgumentException("slot index must be >= 0, got " + index);
        }
    }

    /** Parses {@code gateway#index}. */
    @JsonCreator
    public static SlotId parse(String text) {
        Objects.requireNonNull(text, "slot");
        int hash = text.lastIndexOf('#');
        if (hash <= 0 || hash == text.length() - 1) {
            throw new IllegalArgumentException("not a slot id (expected gateway#index): " + text);
        }
        try {
            return new SlotId(text.substring(0, hash), Integer.parseInt(text.substring(hash + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a slot id (expected gateway#index): " + text, e);
        }
    }

    @Override
    public int compareTo(SlotId o) {
        return ORDER.compare(this, o);
    }

    @JsonValue
    @Override
    public String toString() {
        return gateway + "#" + index;
    }
}
