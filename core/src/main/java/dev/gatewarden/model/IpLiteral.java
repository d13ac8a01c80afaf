package dev.gatewarden.model;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
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

    public static boolean isIpv6(String text) {
        return text != null && text.indexOf(':') >= 0;
    }
}
