package dev.gatewarden.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IPv4 and IPv6 literals, checked without ever looking a name up in DNS: only text made of digits (IPv4) or hex
 * digits, ':' and '.' (IPv6) reaches the JDK parser, which then parses it as a literal.
 */
public final class IpLiteral {
    private static final Pattern IPV4 = Pattern.compile(
            "^(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}$");
    private static final Pattern IPV6_CHARS = Pattern.compile("^[0-9A-Fa-f:][0-9A-Fa-f:.]{1,44}$");

    private IpLiteral() {
    }

    /** Null when {@code text} is an IPv4 or IPv6 literal; else what is wrong, for an error message. */
    public static String problem(String text) {
        if (text == null || text.isEmpty()) {
            return "is empty: give an IPv4 (10.0.1.50) or IPv6 (fd00::5) address";
        }
        if (IPV4.matcher(text).matches()) {
            return null;
        }
        if (text.contains("/")) {
            return "'" + text + "' is a CIDR block; give a single IP address without the /prefix";
        }
        if (text.contains(":") && IPV6_CHARS.matcher(text).matches()) {
            try {
                return InetAddress.getByName(text) instanceof Inet6Address ? null
                        : "'" + text + "' is not a valid IPv6 address";
            } catch (UnknownHostException e) {
                return "'" + text + "' is not a valid IPv6 address";
            }
        }
        if (text.matches("^[0-9.]+$")) {
            return "'" + text + "' is not a valid IPv4 address (four numbers 0-255 without leading zeros, e.g. 10.0.1.50)";
        }
        return "'" + text + "' is not an IP address: give an IPv4 (10.0.1.50) or IPv6 (fd00::5) literal, not a host name";
    }

    /** The parsed address, or empty when {@code text} is not a literal. */
    public static Optional<InetAddress> parse(String text) {
        if (problem(text) != null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(text));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /**
     * The canonical text of a literal: IPv4 as given (it has one spelling), IPv6 per RFC 5952 (lowercase, leading
     * zeros dropped, the longest run of two or more zero groups, the first of equal runs, as {@code ::}; an IPv4
     * suffix written as hex groups, so the family never changes). Every comparison of addresses uses this form.
     *
     * @throws IllegalArgumentException when {@code text} is not a literal
     */
    public static String canonical(String text) {
        String why = problem(text);
        if (why != null) {
            throw new IllegalArgumentException("IP address " + why);
        }
        if (!isIpv6(text)) {
            return text;
        }
        int[] groups = groups6(text);
        if (groups == null) {
            throw new IllegalArgumentException("IP address '" + text + "' is not a valid IPv6 address");
        }
        return text6(groups);
    }

    /** The eight 16-bit groups of an IPv6 literal (an IPv4 tail folded into the last two), or null. */
    private static int[] groups6(String text) {
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

    private static boolean groups(String part, List<Integer> out, boolean v4TailAllowed) {
        if (part.isEmpty()) {
            return true;
        }
        String[] items = part.split(":", -1);
        for (int i = 0; i < items.length; i++) {
            String g = items[i];
            if (g.contains(".")) {
                if (!v4TailAllowed || i != items.length - 1 || !IPV4.matcher(g).matches()) {
                    return false;
                }
                String[] o = g.split("\\.");
                out.add(Integer.parseInt(o[0]) << 8 | Integer.parseInt(o[1]));
                out.add(Integer.parseInt(o[2]) << 8 | Integer.parseInt(o[3]));
            } else if (g.isEmpty() || g.length() > 4) {
                return false;
            } else {
                out.add(Integer.parseInt(g, 16));
            }
        }
        return true;
    }

    /** RFC 5952 section 4: lowercase hex without leading zeros, the first longest run (2+) of zero groups as ::. */
    private static String text6(int[] groups) {
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int j = i;
            while (j < 8 && groups[j] == 0) {
                j++;
            }
            if (j - i > bestLength) {
                bestStart = i;
                bestLength = j - i;
            }
            i = j;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** Whether two literals name the same address (IPv6 in any spelling); false when either is not a literal. */
    public static boolean same(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        if (a.equals(b)) {
            return true;
        }
        return problem(a) == null && problem(b) == null && canonical(a).equals(canonical(b));
    }

    public static boolean isIpv6(String text) {
        return text != null && text.indexOf(':') >= 0;
    }
}
