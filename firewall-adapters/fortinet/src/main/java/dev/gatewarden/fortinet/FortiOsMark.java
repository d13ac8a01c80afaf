package dev.gatewarden.fortinet;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ownership mark Gatewarden writes into an object's {@code comment}:
 * {@code gatewarden owner=<owner> gateway=<gateway>}, or {@code gatewarden owner=<owner> placeholder=empty-group}
 * on the placeholder address that keeps an otherwise empty group valid. Owner and gateway names are
 * lowercase letters, digits and '-', so the mark is unambiguous; other text around it is tolerated.
 */
record FortiOsMark(String owner, String gateway, boolean placeholder) {
    static final String PREFIX = "gatewarden owner=";
    private static final Pattern MARK = Pattern.compile(
            "(?:^|\\s)gatewarden owner=([a-z0-9-]+)(?: gateway=([a-z0-9-]+))?(?: placeholder=(empty-group))?(?=\\s|$)");

    static FortiOsMark of(String owner, String gateway) {
        return new FortiOsMark(owner, gateway, false);
    }

    static FortiOsMark placeholderOf(String owner) {
        return new FortiOsMark(owner, null, true);
    }

    /** The mark in a comment, or null when there is none. */
    static FortiOsMark parse(String comment) {
        if (comment == null) {
            return null;
        }
        Matcher m = MARK.matcher(comment);
        if (!m.find()) {
            return null;
        }
        return new FortiOsMark(m.group(1), m.group(2), m.group(3) != null);
    }

    boolean ownedBy(String who) {
        return owner.equals(who);
    }

    String comment() {
        return PREFIX + owner + (gateway == null ? "" : " gateway=" + gateway)
                + (placeholder ? " placeholder=empty-group" : "");
    }
}
