package dev.gatewarden.ownership;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * What a firewall accepts as an object name: a maximum length and a character class.
 *
 * @param vendor       for messages, e.g. "PAN-OS"
 * @param maxLength    e.g. 63 for PAN-OS, 79 for FortiOS
 * @param allowed      the whole name must match
 * @param allowedText  the rule in words
 */
public record NameRules(String vendor, int maxLength, Pattern allowed, String allowedText) {
    public NameRules {
        Objects.requireNonNull(vendor, "vendor");
        Objects.requireNonNull(allowed, "allowed");
    }

    /** Null when acceptable, else what is wrong. */
    public String check(String name) {
        if (name == null || name.isEmpty()) {
            return "is empty";
        }
        if (name.length() > maxLength) {
            return "'" + name + "' is " + name.length() + " characters; " + vendor + " allows at most " + maxLength;
        }
        if (!allowed.matcher(name).matches()) {
            return "'" + name + "' has characters " + vendor + " does not accept in names (" + allowedText + ")";
        }
        return null;
    }
}
