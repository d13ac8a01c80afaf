package dev.gatewarden.gcp;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ownership record of a Compute address (GCP-internal until the core's ownership codec takes it over).
 * Labels cannot be set by {@code addresses.insert}, so the crash-safe record is what insert does set: the
 * deterministic name {@code gwd-<owner>-<gateway>-<slot>} (RFC 1035, at most 63 characters; a name that would be
 * longer keeps {@code gwd-<owner>-}, shortens the gateway part and adds a hash of the full identity) and the
 * description {@code gatewarden owner=<o> gateway=<g> slot=<n>}, which is authoritative (names of owners with
 * dashes can look alike: {@code a} + {@code b-c} and {@code a-b} + {@code c}). Labels
 * {@code gatewarden-owner}, {@code gatewarden-gateway}, {@code gatewarden-slot} follow with {@code setLabels}.
 */
final class GcpNames {
    static final String OWNER_LABEL = "gatewarden-owner";
    static final String GATEWAY_LABEL = "gatewarden-gateway";
    static final String SLOT_LABEL = "gatewarden-slot";
    static final int MAX_NAME = 63;
    private static final Pattern PART = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern DESCRIPTION = Pattern.compile(
            "gatewarden owner=([a-z0-9-]+) gateway=([a-z0-9-]+) slot=([0-9]+)");

    /** Who owns one address: owner, gateway and slot number. */
    record Identity(String owner, String gateway, int slot) {
        Identity {
            check("owner", owner);
            check("gateway", gateway);
            if (slot < 0) {
                throw new IllegalArgumentException("slot must not be negative: " + slot);
            }
            if (("gwd-" + owner + "-").length() > MAX_NAME - 12) {
                throw new IllegalArgumentException("owner '" + owner + "' is too long for GCP address names (at most "
                        + (MAX_NAME - 17) + " characters)");
            }
        }
    }

    private GcpNames() {
    }

    private static void check(String what, String value) {
        if (value == null || !PART.matcher(value).matches() || value.length() > 63) {
            throw new IllegalArgumentException(what + " '" + value + "' must be 1-63 lowercase letters, digits or"
                    + " '-', starting and ending with a letter or digit");
        }
    }

    /** The deterministic address name for a slot. */
    static String addressName(Identity id) {
        String full = "gwd-" + id.owner() + "-" + id.gateway() + "-" + id.slot();
        if (full.length() <= MAX_NAME) {
            return full;
        }
        String hash = hash(id.owner() + "/" + id.gateway()).substring(0, 6);
        String tail = "-" + hash + "-" + id.slot();
        String head = "gwd-" + id.owner() + "-";
        String gateway = id.gateway().substring(0, Math.max(1, MAX_NAME - head.length() - tail.length()));
        gateway = gateway.replaceAll("-+$", "");
        return head + gateway + tail;
    }

    static String description(Identity id) {
        return "gatewarden owner=" + id.owner() + " gateway=" + id.gateway() + " slot=" + id.slot();
    }

    static Map<String, String> labels(Identity id) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(OWNER_LABEL, id.owner());
        m.put(GATEWAY_LABEL, id.gateway());
        m.put(SLOT_LABEL, Integer.toString(id.slot()));
        return m;
    }

    /**
     * Reads the owner record of an address: the description first (set at insert, so present even when
     * {@code setLabels} never happened), then the labels. Empty when the address is not Gatewarden's; the
     * name must also be the one the identity gives, so a copied description does not claim another address.
     */
    static Optional<Identity> identity(String name, String description, Map<String, String> labels) {
        Identity id = null;
        Matcher m = DESCRIPTION.matcher(description == null ? "" : description);
        if (m.matches()) {
            id = tryIdentity(m.group(1), m.group(2), m.group(3));
        } else if (labels.containsKey(OWNER_LABEL)) {
            id = tryIdentity(labels.get(OWNER_LABEL), labels.get(GATEWAY_LABEL), labels.get(SLOT_LABEL));
        }
        return id != null && addressName(id).equals(name) ? Optional.of(id) : Optional.empty();
    }

    /** Whether the labels already say what the identity says (else {@code setLabels} is still due). */
    static boolean labelled(Identity id, Map<String, String> labels) {
        return labels.entrySet().containsAll(labels(id).entrySet());
    }

    private static Identity tryIdentity(String owner, String gateway, String slot) {
        try {
            return new Identity(owner, gateway, Integer.parseInt(slot));
        } catch (IllegalArgumentException | NullPointerException e) {
            return null;
        }
    }

    /** The list filter by name (legacy syntax: a regular expression matching the whole name). */
    static String nameFilter(String owner) {
        check("owner", owner);
        return "name eq \"gwd-" + owner + "-.*\"";
    }

    /** The list filter by owner label (current syntax). */
    static String labelFilter(String owner) {
        check("owner", owner);
        return "labels." + OWNER_LABEL + " = \"" + owner + "\"";
    }

    private static String hash(String text) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
