package dev.gatewarden.fortinet;

import dev.gatewarden.model.IpLiteral;

/** IP literals as FortiOS reports them (canonical per core's {@link IpLiteral}) and dotted netmasks. */
final class IpText {
    private IpText() {
    }

    /** The canonical text of an IPv4 or IPv6 literal (core's {@link IpLiteral#canonical}), or null when invalid. */
    static String canonical(String ip) {
        return ip == null || IpLiteral.problem(ip) != null ? null : IpLiteral.canonical(ip);
    }

    static long v4(String text) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return -1;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return -1;
            }
            int octet = Integer.parseInt(p);
            if (octet > 255) {
                return -1;
            }
            v = (v << 8) | octet;
        }
        return v;
    }

    static String v4Text(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    /** Prefix length of a dotted netmask, or -1 when not contiguous / invalid. */
    static int maskLength(String mask) {
        long m = v4(mask);
        if (m < 0) {
            return -1;
        }
        long inv = ~m & 0xFFFFFFFFL;
        if ((inv & (inv + 1)) != 0) {
            return -1;
        }
        return Long.bitCount(m);
    }
}
