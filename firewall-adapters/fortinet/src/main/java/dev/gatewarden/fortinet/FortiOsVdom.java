package dev.gatewarden.fortinet;

import dev.gatewarden.GatewardenException.ProviderException;

/**
 * One VDOM of one FortiGate as the adapter's parts share it: the API, the names its messages use, and the firmware
 * version the last response reported (which decides whether batch transactions are tried).
 */
final class FortiOsVdom {
    private final String name;
    private final FortiOsApi api;
    private final String vdom;
    private volatile String firmware = "";

    FortiOsVdom(String name, FortiOsApi api, String vdom) {
        this.name = name;
        this.api = api;
        this.vdom = vdom;
    }

    /** The firewall's name in the configuration. */
    String name() {
        return name;
    }

    FortiOsApi api() {
        return api;
    }

    String vdom() {
        return vdom;
    }

    /** {@code v7.2.5}, or empty before the first response that reported one. */
    String firmware() {
        return firmware;
    }

    /** Notes the firmware version a response reports. */
    void remember(FortiOsReply r) {
        if (!r.version().isEmpty()) {
            firmware = r.version();
        }
    }

    /** The failure of {@code what} (e.g. "list firewall/address") as {@link FortiOsErrors} words it. */
    ProviderException failure(String what, FortiOsReply r) {
        return FortiOsErrors.failure(name, vdom, what, r);
    }
}
