package dev.gatewarden.paloalto;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.model.IpLiteral;
import java.net.InetAddress;
import java.util.regex.Pattern;

/**
 * Names and ownership marks on PAN-OS, and the validation every value passes before it goes into an XPath or an
 * XML element.
 *
 * <p>Config objects (addresses, groups) carry the tag object {@code gatewarden-owner-<owner>} (ownership) and
 * {@code gatewarden-gateway-<gateway>} (which gateway). Registered IPs (dynamic-tags mode) carry tags in the
 * owner's own namespace {@code gw.<owner>.}: {@code gw.<owner>.obj.<object name>} (the object name the executor
 * gave, so observe reports the same name back), {@code gw.<owner>.gw.<gateway>} and
 * {@code gw.<owner>.grp.<group>} (what the group's dynamic filter matches), plus {@code gatewarden-owner-<owner>}.
 * Owner names cannot contain '.', so one owner's namespace never contains another's.
 */
final class PanOsNames {
    /** PAN-OS object names: at most 63 characters; letters, digits, space, '-', '_', '.'; starting alphanumeric. */
    static final NameRules RULES = new NameRules("PAN-OS", 63, Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]*"),
            "letters, digits, space, '-', '_' and '.', starting with a letter or digit");
    static final int MAX_TAG = 127;
    /** TEST-NET-1 (RFC 5737): documentation-only, never a real source address. */
    static final String PLACEHOLDER_IP = "192.0.2.255";

    private final String owner;

    PanOsNames(String owner) {
        if (!Ownership.isValidName(owner)) {
            throw new ConfigException("owner '" + owner + "': " + Ownership.nameRule());
        }
        this.owner = owner;
    }

    String owner() {
        return owner;
    }

    /** The tag object marking config objects as ours. */
    String ownerTag() {
        return "gatewarden-owner-" + owner;
    }

    static final String OWNER_TAG_PREFIX = "gatewarden-owner-";
    static final String GATEWAY_TAG_PREFIX = "gatewarden-gateway-";

    String gatewayTag(String gateway) {
        return GATEWAY_TAG_PREFIX + checkGateway(gateway);
    }

    /** The owner a config object's tags name, or null. */
    static String ownerOf(Iterable<String> tags) {
        for (String t : tags) {
            if (t.startsWith(OWNER_TAG_PREFIX) && t.length() > OWNER_TAG_PREFIX.length()) {
                return t.substring(OWNER_TAG_PREFIX.length());
            }
        }
        return null;
    }

    static String gatewayOf(Iterable<String> tags) {
        for (String t : tags) {
            if (t.startsWith(GATEWAY_TAG_PREFIX) && t.length() > GATEWAY_TAG_PREFIX.length()) {
                return t.substring(GATEWAY_TAG_PREFIX.length());
            }
        }
        return null;
    }

    /** The owned placeholder that keeps a static group valid when it lists none of our addresses. */
    String placeholderName() {
        String n = "gw-" + owner + "-empty";
        if (n.length() > RULES.maxLength()) {
            n = "gw-" + owner.substring(0, RULES.maxLength() - 9 - 6) + "-" + String.format("%08x", owner.hashCode())
                    .substring(0, 3) + "-empty";
        }
        return n;
    }

    // ---- registered-IP tags (dynamic-tags mode)

    String regPrefix() {
        return "gw." + owner + ".";
    }

    String regObjectTag(String objectName) {
        return regTag("obj.", objectName, "object name");
    }

    String regGatewayTag(String gateway) {
        return regTag("gw.", checkGateway(gateway), "gateway");
    }

    String regGroupTag(String group) {
        return regTag("grp.", group, "group name");
    }

    private String regTag(String kind, String value, String what) {
        String t = regPrefix() + kind + value;
        if (t.length() > MAX_TAG) {
            throw new ConfigException("PAN-OS tag '" + t + "' for " + what + " " + value + " is longer than "
                    + MAX_TAG + " characters: shorten the owner or the " + what);
        }
        return t;
    }

    /** The object name a registered tag carries, or null. */
    String objectNameOf(String tag) {
        String p = regPrefix() + "obj.";
        return tag.startsWith(p) ? tag.substring(p.length()) : null;
    }

    String gatewayOfRegTag(String tag) {
        String p = regPrefix() + "gw.";
        return tag.startsWith(p) ? tag.substring(p.length()) : null;
    }

    /** True for the tags this owner registers. */
    boolean isOurRegTag(String tag) {
        return tag.equals(ownerTag()) || tag.startsWith(regPrefix());
    }

    // ---- validation

    /** Checks an object or group name against PAN-OS's rules; the message names what it is. */
    static String checkName(String what, String name) {
        String problem = RULES.check(name);
        if (problem != null) {
            throw new ConfigException("PAN-OS " + what + " name " + problem);
        }
        return name;
    }

    private static String checkGateway(String gateway) {
        if (!Ownership.isValidName(gateway)) {
            throw new ConfigException("gateway '" + gateway + "': " + Ownership.nameRule());
        }
        return gateway;
    }

    /** Parses an IP literal (never a host name: nothing is looked up); returns its canonical form. */
    static InetAddress parseIp(String what, String ip) {
        if (ip == null) {
            throw new ConfigException(what + ": IP address missing");
        }
        return IpLiteral.parse(ip).orElseThrow(
                () -> new ConfigException(what + ": '" + ip + "' is not an IPv4 or IPv6 address"));
    }

    /** {@code ip/32} or {@code ip/128}. */
    static String hostNetmask(String ip) {
        return ip + (ip.indexOf(':') >= 0 ? "/128" : "/32");
    }

    /** The IP of an {@code ip-netmask} value for a single host ({@code a.b.c.d}, {@code /32}, {@code /128}), or null. */
    static String hostIp(String netmask) {
        if (netmask == null) {
            return null;
        }
        int slash = netmask.indexOf('/');
        if (slash < 0) {
            return netmask;
        }
        String len = netmask.substring(slash + 1);
        String ip = netmask.substring(0, slash);
        boolean v6 = ip.indexOf(':') >= 0;
        return len.equals(v6 ? "128" : "32") ? ip : netmask;
    }

    /** Canonical text of an IP for comparisons (the firewall may print IPv6 differently). */
    static String canonical(String ip) {
        try {
            return parseIp("ip", ip).getHostAddress();
        } catch (ConfigException e) {
            return ip;
        }
    }
}
