package dev.gatewarden.fortinet;

/** The four cmdb tables the adapter uses. */
enum FortiOsTable {
    ADDRESS("address", false, false),
    ADDRESS6("address6", true, false),
    ADDRGRP("addrgrp", false, true),
    ADDRGRP6("addrgrp6", true, true);

    private final String path;
    private final boolean ipv6;
    private final boolean group;

    FortiOsTable(String path, boolean ipv6, boolean group) {
        this.path = path;
        this.ipv6 = ipv6;
        this.group = group;
    }

    /** {@code address}, {@code addrgrp6}, … */
    String path() {
        return path;
    }

    /** {@code firewall/address}: used in operation names and messages. */
    String label() {
        return "firewall/" + path;
    }

    boolean ipv6() {
        return ipv6;
    }

    boolean group() {
        return group;
    }

    static FortiOsTable addresses(boolean ipv6) {
        return ipv6 ? ADDRESS6 : ADDRESS;
    }

    static FortiOsTable groups(boolean ipv6) {
        return ipv6 ? ADDRGRP6 : ADDRGRP;
    }

    /** The table whose names this one shares (an address and a group of one family cannot share a name). */
    FortiOsTable sibling() {
        return group ? addresses(ipv6) : groups(ipv6);
    }
}
