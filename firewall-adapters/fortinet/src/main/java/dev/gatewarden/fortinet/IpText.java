package dev.gatewarden.fortinet;

import java.util.ArrayList;
import java.util.List;

/** Validates IP literals (no DNS, ever) and prints them the way FortiOS reports them. */
final class IpText {
    private IpText() {
    }

    /** The canonical text of an IPv4 or IPv6 literal (IPv6 compressed per RFC 5952), or null when invalid. */
    static String canonical(String ip) {
        if (ip == null) {
            return null;
        }
        if (ip.indexOf(':') >= 0) {
            int[] g = v6(ip);
            return g == null ? null : v6Text(g);
        }
        long v = v4(ip);
        return v < 0 ? null : v4Text(v);
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

    static int[] v6(String text) {
        if (text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")) {
            return null;
        }
        int dc = text.indexOf("::");
        if (dc >= 0 && text.indexOf("::", dc + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>();
        List<Integer> tail = new ArrayList<>();
        if (dc >= 0) {
            if (!groups(text.substring(0, dc), head, false) || !groups(text.substring(dc + 2), tail, true)
                    || head.size() + tail.size() > 7) {
                return null;
            }
        } else if (!groups(text, head, true) || head.size() != 8) {
            return null;
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
                long v4 = allowV4Tail && i == items.length - 1 ? v4(g) : -1;
                if (v4 < 0) {
                    return false;
                }
                out.add((int) (v4 >> 16));
                out.add((int) (v4 & 0xFFFF));
            } else if (g.isEmpty() || g.length() > 4) {
                return false;
            } else {
                out.add(Integer.parseInt(g, 16));
            }
        }
        return true;
    }

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
