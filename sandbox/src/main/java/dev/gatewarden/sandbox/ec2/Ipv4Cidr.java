package dev.gatewarden.sandbox.ec2;

/** IPv4 arithmetic for the simulator: addresses as unsigned ints, CIDR blocks. */
record Ipv4Cidr(long network, int prefix) {

    static Ipv4Cidr parse(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("not a CIDR block: " + cidr);
        }
        int prefix = Integer.parseInt(cidr.substring(slash + 1).trim());
        if (prefix < 0 || prefix > 32) {
            throw new IllegalArgumentException("bad prefix length in " + cidr);
        }
        long ip = toLong(cidr.substring(0, slash).trim());
        long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
        return new Ipv4Cidr(ip & mask, prefix);
    }

    long size() {
        return 1L << (32 - prefix);
    }

    long first() {
        return network;
    }

    long last() {
        return network + size() - 1;
    }

    boolean contains(String ip) {
        Long v = tryParse(ip);
        return v != null && v >= first() && v <= last();
    }

    boolean contains(Ipv4Cidr other) {
        return other.first() >= first() && other.last() <= last();
    }

    boolean overlaps(Ipv4Cidr other) {
        return other.first() <= last() && first() <= other.last();
    }

    /** AWS reserves the first four addresses and the last one of every subnet. */
    boolean reservedInSubnet(String ip) {
        long v = toLong(ip);
        return v < first() + 4 || v == last();
    }

    @Override
    public String toString() {
        return toText(network) + "/" + prefix;
    }

    static long toLong(String ip) {
        Long v = tryParse(ip);
        if (v == null) {
            throw new IllegalArgumentException("not an IPv4 address: " + ip);
        }
        return v;
    }

    static Long tryParse(String ip) {
        if (ip == null) {
            return null;
        }
        String[] parts = ip.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        long v = 0;
        for (String p : parts) {
            if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(Character::isDigit)) {
                return null;
            }
            int n = Integer.parseInt(p);
            if (n > 255) {
                return null;
            }
            v = (v << 8) | n;
        }
        return v;
    }

    static boolean isIpv4(String ip) {
        return tryParse(ip) != null;
    }

    static String toText(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }
}
