package dev.gatewarden.sandbox.fortios;

import java.util.ArrayList;
import java.util.List;

/** Parses and prints addresses the way FortiOS stores them: IPv4 "net mask", IPv6 compressed "addr/len". */
final class FortiOsIp {
    private FortiOsIp() {
    }

    /** The IPv4 address as an unsigned 32-bit value, or -1 when it is not a dotted quad. */
    static long v4(String text) {
        if (text == null) {
            return -1;
        }
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

    /**
     * Normalizes a {@code subnet} value ("10.0.0.5 255.255.255.255", "10.0.0.5/32", "10.0.0.5/255.255.255.255"
     * or a bare address) to "net mask"; null when invalid.
     */
    static String subnet(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        String addr;
        String mask;
        int sep = t.indexOf(' ') >= 0 ? t.indexOf(' ') : t.indexOf('/');
        if (sep < 0) {
            addr = t;
            mask = "32";
        } else {
            addr = t.substring(0, sep);
            mask = t.substring(sep + 1).trim();
        }
        long a = v4(addr);
        if (a < 0) {
            return null;
        }
        long m;
        if (mask.matches("\\d{1,2}")) {
            int len = Integer.parseInt(mask);
            if (len > 32) {
                return null;
            }
            m = len == 0 ? 0 : (0xFFFFFFFFL << (32 - len)) & 0xFFFFFFFFL;
        } else {
            m = v4(mask);
            if (m < 0) {
                return null;
            }
            long inv = ~m & 0xFFFFFFFFL;
            if ((inv & (inv + 1)) != 0) {
                return null; // not contiguous
            }
        }
        return v4Text(a & m) + " " + v4Text(m);
    }

    /** Normalizes an {@code ip6} value ("2001:db8::5/128", or bare = /128) to compressed "addr/len"; null when invalid. */
    static String prefix6(String text) {
        if (text == null) {
            return null;
        }
        String t = text.trim();
        int slash = t.indexOf('/');
        int len = 128;
        String addr = t;
        if (slash >= 0) {
            addr = t.substring(0, slash);
            String l = t.substring(slash + 1);
            if (!l.matches("\\d{1,3}")) {
                return null;
            }
            len = Integer.parseInt(l);
            if (len > 128) {
                return null;
            }
        }
        int[] groups = v6(addr);
        if (groups == null) {
            return null;
        }
        return v6Text(groups) + "/" + len;
    }

    /** Eight 16-bit groups, or null when {@code text} is not an IPv6 literal. */
    static int[] v6(String text) {
        if (text == null || text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        int dc = text.indexOf("::");
        if (dc >= 0 && text.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (dc >= 0) {
            if (!groups(text.substring(0, dc), head, false) || !groups(text.substring(dc + 2), tail, true)) {
                return null;
            }
            if (head.size() + tail.size() > 7) {
                return null;
            }
        } else {
            if (!groups(text, head, true) || head.size() != 8) {
                return null;
            }
        }
        int[] out = new int[8];
        for (int i = 0; i < head.size(); i++) {
            out[i] = head.get(i);
        }
        for (int i = 0; i < tail.size(); i++) {
            out[8 - tail.size() + i] = tail.get(i);
        }
        return out;
    }

    private static boolean groups(String part, List<Integer> out, boolean allowV4Tail) {
        if (part.isEmpty()) {
            return true;
        }
        String[] items = part.split(":", -1);
        for (int i = 0; i < items.length; i++) {
            String g = items[i];
            if (g.contains(".")) {
                if (!allowV4Tail || i != items.length - 1) {
                    return false;
                }
                long v4 = v4(g);
                if (v4 < 0) {
                    return false;
                }
                out.add((int) (v4 >> 16));
                out.add((int) (v4 & 0xFFFF));
                continue;
            }
            if (g.isEmpty() || g.length() > 4) {
                return false;
            }
            out.add(Integer.parseInt(g, 16));
        }
        return true;
    }

    /** RFC 5952 text: lower case, no leading zeros, the longest run (2+) of zero groups as {@code ::}. */
    static String v6Text(int[] g) {
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen && j - i >= 2) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                sb.append("::");
                i += bestLen - 1;
                continue;
            }
            if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
                sb.append(':');
            }
            sb.append(Integer.toHexString(g[i]));
        }
        return sb.toString();
    }
}
