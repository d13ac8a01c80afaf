package dev.gatewarden.sandbox.gce;

/** An IPv4 range {@code a.b.c.d/n} held as two longs; enough for alias ranges and subnet membership. */
record Cidr(long first, long last) {
    static Cidr of(String text) {
        int slash = text.indexOf('/');
        String ip = slash < 0 ? text : text.substring(0, slash);
        int bits = slash < 0 ? 32 : Integer.parseInt(text.substring(slash + 1));
        if (bits < 0 || bits > 32) {
            throw new IllegalArgumentException("prefix length out of range: " + text);
        }
        long base = ip(ip);
        long size = 1L << (32 - bits);
        long start = base & ~(size - 1) & 0xFFFFFFFFL;
        return new Cidr(start, start + size - 1);
    }

    static long ip(String text) {
        String[] p = text.split("\\.", -1);
        if (p.length != 4) {
            throw new IllegalArgumentException("not an IPv4 address: " + text);
        }
        long v = 0;
        for (String octet : p) {
            if (octet.isEmpty() || octet.length() > 3 || !octet.chars().allMatch(Character::isDigit)) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            int o = Integer.parseInt(octet);
            if (o > 255) {
                throw new IllegalArgumentException("not an IPv4 address: " + text);
            }
            v = (v << 8) | o;
        }
        return v;
    }

    static String text(long v) {
        return ((v >> 24) & 255) + "." + ((v >> 16) & 255) + "." + ((v >> 8) & 255) + "." + (v & 255);
    }

    boolean contains(Cidr other) {
        return other.first >= first && other.last <= last;
    }

    boolean overlaps(Cidr other) {
        return other.first <= last && other.last >= first;
    }
}
