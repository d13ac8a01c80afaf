package dev.gatewarden.ownership;

import dev.gatewarden.model.SlotId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The ownership marks Gatewarden stamps on everything it creates. Keys and values are valid as AWS tags,
 * Azure tags and GCP labels alike: lowercase letters, digits and {@code -}, starting with a letter, at most 63
 * characters. The per-IP records of secondary private IPs are {@link IpRecord}s.
 */
public final class Ownership {
    public static final String OWNER = "gatewarden-owner";
    public static final String GATEWAY = "gatewarden-gateway";
    public static final String SLOT = "gatewarden-slot";
    /** Value {@value #LIFECYCLE_EXTERNAL}: the address is reserved elsewhere (Terraform); attach only. */
    public static final String LIFECYCLE = "gatewarden-lifecycle";
    public static final String LIFECYCLE_EXTERNAL = "external";

    private static final Pattern NAME = Pattern.compile("^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$");

    private Ownership() {
    }

    /** The marks that make a public IP {@code slot} of {@code owner}, in the order they are written. */
    public static Map<String, String> marks(String owner, SlotId slot) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(OWNER, owner);
        tags.put(GATEWAY, slot.gateway());
        tags.put(SLOT, String.valueOf(slot.index()));
        return tags;
    }

    /** The slot the marks name, or null when they name none (or a malformed one). */
    public static SlotId slotOf(Map<String, String> marks) {
        String gateway = marks.get(GATEWAY);
        String slot = marks.get(SLOT);
        if (gateway == null || slot == null) {
            return null;
        }
        try {
            return new SlotId(gateway, Integer.parseInt(slot));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The owner the marks name, or null. */
    public static String ownerOf(Map<String, String> marks) {
        return marks.get(OWNER);
    }

    /** Whether the marks say the address is reserved elsewhere (attach only, never released). */
    public static boolean isExternal(Map<String, String> marks) {
        return LIFECYCLE_EXTERNAL.equals(marks.get(LIFECYCLE));
    }

    /** True when {@code value} can be used as an owner or gateway name on every cloud and firewall. */
    public static boolean isValidName(String value) {
        return value != null && NAME.matcher(value).matches() && !value.contains("--");
    }

    /** A sentence saying what a valid name looks like, for error messages. */
    public static String nameRule() {
        return "use 1-63 lowercase letters, digits and single '-', starting with a letter and not ending with '-' "
                + "(it becomes an AWS/Azure tag value, a GCP label value and part of firewall object names)";
    }
}
