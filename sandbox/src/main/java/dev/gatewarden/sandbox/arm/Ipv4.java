package dev.gatewarden.sandbox.arm;

/** IPv4 text to number and back, and subnet ranges as Azure uses them (five addresses of each reserved). */
final class Ipv4 {
    private Ipv4() {
    }

    /** The address as an unsigned number, or -1 if {@code text} is not dotted-quad IPv4. */
    static long parse(String text) {
        if (text == null || !text.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            return -1;
        }
        long value = 0;
        for (String octet : text.split("\\.")) {
            int n = Integer.parseInt(octet);
            if (n > 255) {
                return -1;
            }
            value = value * 256 + n;
        }
        return value;
    }

    static String format(long value) {
        return (value >>> 24 & 255) + "." + (value >>> 16 & 255) + "." + (value >>> 8 & 255) + "." + (value & 255);
    }

    /** {@code [first, last]} of a CIDR block. */
    static long[] range(String cidr) {
        String[] parts = cidr.split("/");
        int bits = Integer.parseInt(parts[1]);
        long size = 1L << (32 - bits);
        long first = parse(parts[0]) / size * size;
        return new long[] {first, first + size - 1};
    }

    /**
     * Whether {@code ip} may be given to an ipConfiguration of a subnet: inside it, and not one of the addresses
     * Azure keeps (network, the gateway and two DNS addresses: x.0 to x.3, and the broadcast address).
     */
    static boolean usableIn(String cidr, long ip) {
        long[] r = range(cidr);
        return ip >= r[0] + 4 && ip < r[1];
    }
}
