package dev.gatewarden.ownership;

import java.util.regex.Pattern;

/**
 * The ownership marks Gatewarden stamps on everything it creates. Keys and values are valid as AWS tags,
 * Azure tags and GCP labels alike: lowercase letters, digits and {@code -}, starting with a letter, at most 63
 * characters.
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
