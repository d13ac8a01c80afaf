package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.GatewardenException.OwnershipConflictException;

/**
 * The checks before Gatewarden writes an entry: it must carry our ownership mark ({@link FortiOsMark}), and a name
 * it creates must be free in the sibling table (FortiOS addresses and groups share names).
 */
final class FortiOsOwnership {
    private final String name;
    private final String vdom;
    private final String owner;

    FortiOsOwnership(String name, String vdom, String owner) {
        this.name = name;
        this.vdom = vdom;
        this.owner = owner;
    }

    /** The entry's mark, when it is ours; otherwise an {@link OwnershipConflictException}. */
    FortiOsMark requireOwned(FortiOsTable t, JsonNode e, String kind) {
        FortiOsMark mark = FortiOsMark.parse(e.path("comment").asText(null));
        if (mark == null) {
            throw conflict(t, e, kind, "carries no Gatewarden ownership mark");
        }
        if (!mark.ownedBy(owner)) {
            throw conflict(t, e, kind, "belongs to Gatewarden owner '" + mark.owner() + "'");
        }
        return mark;
    }

    /** Our placeholder address: owned, and marked as the placeholder rather than a regular address. */
    void requirePlaceholder(FortiOsTable t, JsonNode e) {
        FortiOsMark mark = requireOwned(t, e, "placeholder address");
        if (!mark.placeholder()) {
            throw conflict(t, e, "placeholder address", "is marked as a regular Gatewarden address");
        }
    }

    /** That no entry of {@code sibling} (the other kind: address vs group) already uses {@code n}. */
    void requireNameFree(FortiOsSnapshot st, FortiOsTable sibling, String n, String kind) {
        JsonNode other = st.get(sibling, n);
        if (other != null) {
            throw new OwnershipConflictException("FortiOS " + name + " (vdom " + vdom + "): cannot create " + kind
                    + " '" + n + "': " + sibling.label() + " '" + n + "' already uses the name (FortiOS addresses "
                    + "and groups share names); rename one of them");
        }
    }

    private OwnershipConflictException conflict(FortiOsTable t, JsonNode e, String kind, String why) {
        return new OwnershipConflictException("FortiOS " + name + " (vdom " + vdom + "): " + kind + " '"
                + e.path("name").asText() + "' (" + t.label() + ") exists but " + why + " (comment: '"
                + e.path("comment").asText("") + "'), so Gatewarden will not change or delete it; rename or "
                + "remove it, or adopt it explicitly");
    }
}
