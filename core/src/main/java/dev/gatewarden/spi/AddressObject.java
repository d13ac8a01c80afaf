package dev.gatewarden.spi;

import dev.gatewarden.model.SlotId;
import java.util.Objects;

/** An address object as the executor wants it on a firewall: its name, IP and the gateway/slot it belongs to. */
public record AddressObject(String name, String ip, String gateway, SlotId slot) {
    public AddressObject {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ip, "ip");
    }

    public boolean ipv6() {
        return ip.indexOf(':') >= 0;
    }
}
