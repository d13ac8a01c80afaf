package dev.gatewarden.cdk.resources;

/**
 * Where PAN-OS objects live, in the PaloAltoNetworks/panos 1.x argument names: {@code vsys} on a firewall
 * (NGFW), {@code device_group} on Panorama. Exactly one is set.
 */
public record PanosLocation(String vsys, String deviceGroup) {
    public PanosLocation {
        if ((vsys == null) == (deviceGroup == null)) {
            throw new IllegalArgumentException("give a vsys (firewall) or a device group (Panorama), not both or none");
        }
    }

    /** A firewall's vsys, e.g. {@code vsys1}; {@code shared} for the firewall's shared location. */
    public static PanosLocation vsys(String vsys) {
        return new PanosLocation(vsys, null);
    }

    /** A Panorama device group; {@code shared} for Panorama's shared location. */
    public static PanosLocation deviceGroup(String deviceGroup) {
        return new PanosLocation(null, deviceGroup);
    }

    void applyTo(TypedResource r) {
        r.set("vsys", vsys);
        r.set("device_group", deviceGroup);
    }
}
