package dev.gatewarden.ownership;

import dev.gatewarden.model.IpLiteral;
import dev.gatewarden.model.SlotId;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The ownership record of one secondary private IP, for clouds that cannot tag the IP itself and keep the record on
 * the resource holding it (an EC2 interface's tags, an Azure NIC's tags, a GCE instance's labels). One entry per
 * IP: key {@code gatewarden-ip-<ip>} ({@code .} and {@code :} of the IP's canonical form spelled {@code -} and
 * {@code _}), value {@code <owner>_<gateway>_<slot index>}. Keys and values use only lowercase letters, digits,
 * {@code -} and {@code _}, start with a letter and stay within 63 characters: valid as AWS tags, Azure tags and GCP
 * labels. Owner and gateway names never contain {@code _} ({@link Ownership#isValidName}), so the value splits
 * unambiguously.
 *
 * <p>Records written before this format ({@code <owner>/<gateway>/<index>}, AWS only) are still read
 * ({@link #read}: migration on read); a provider writes the current format whenever it writes a record.
 */
public record IpRecord(String owner, SlotId slot) {
    public static final String KEY_PREFIX = "gatewarden-ip-";
    /** The longest tag/label key or value every cloud accepts (GCP labels). */
    public static final int MAX_LENGTH = 63;
    private static final Pattern VALUE = Pattern.compile("^([a-z][a-z0-9-]*)_([a-z][a-z0-9-]*)_(0|[1-9][0-9]{0,8})$");
    private static final Pattern LEGACY = Pattern.compile("^([^/]+)/([^/]+)/(0|[1-9][0-9]{0,8})$");

    /** A record as read: the record, and whether it is in the pre-label format (to be rewritten). */
    public record Read(IpRecord record, boolean legacy) {
    }

    /** The record key of {@code ip} (any spelling of the literal: the canonical form is used). */
    public static String key(String ip) {
        String canonical = IpLiteral.canonical(ip);
        return KEY_PREFIX + canonical.replace('.', '-').replace(':', '_');
    }

    /** The IP a record key names (canonical form), or null when {@code key} is not a record key. */
    public static String ipOf(String key) {
        if (key == null || !key.startsWith(KEY_PREFIX)) {
            return null;
        }
        String rest = key.substring(KEY_PREFIX.length());
        String ip = rest.indexOf('_') >= 0 ? rest.replace('_', ':') : rest.replace('-', '.');
        if (IpLiteral.problem(ip) != null) {
            return null;
        }
        String canonical = IpLiteral.canonical(ip);
        return key(canonical).equals(key) ? canonical : null;
    }

    /**
     * The record's value.
     *
     * @throws IllegalArgumentException when owner, gateway and index together exceed {@link #MAX_LENGTH}
     */
    public String value() {
        String v = owner + "_" + slot.gateway() + "_" + slot.index();
        if (v.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("the ownership record '" + v + "' is longer than " + MAX_LENGTH
                    + " characters (a GCP label value's limit): use a shorter owner or gateway name");
        }
        return v;
    }

    /** The record a tag/label value holds, in either format; empty when it is not a record. */
    public static Optional<Read> read(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Matcher m = VALUE.matcher(value);
        boolean legacy = false;
        if (!m.matches()) {
            m = LEGACY.matcher(value);
            legacy = true;
            if (!m.matches()) {
                return Optional.empty();
            }
        }
        try {
            return Optional.of(new Read(new IpRecord(m.group(1), new SlotId(m.group(2), Integer.parseInt(m.group(3)))),
                    legacy));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@link #read} without the format: the record, or null. */
    public static IpRecord parse(String value) {
        return read(value).map(Read::record).orElse(null);
    }

    /** Whether this record belongs to {@code owner}. */
    public boolean ownedBy(String candidate) {
        return owner.equals(candidate);
    }
}
