package dev.gatewarden.cdk.resources;

import java.util.Map;

/**
 * Where PAN-OS objects live: a firewall's (NGFW) {@code vsys} or a Panorama {@code device group}; the name
 * {@code shared} stands for the shared location of either. Exactly one is set. Rendered per provider major:
 * 1.x arguments {@code vsys} / {@code device_group} (Panorama groups and tags are separate resource types there),
 * 2.x a {@code location} attribute ({@code vsys = {name}}, {@code device_group = {name}} or {@code shared = {}}).
 */
public record PanosLocation(String vsys, String deviceGroup) {
    public static final String SHARED = "shared";

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

    /** True for a Panorama location (1.x has {@code panos_panorama_*} resource types for groups and tags). */
    public boolean panorama() {
        return deviceGroup != null;
    }

    void applyTo(TypedResource r, PanosVersion version) {
        if (version == PanosVersion.V1) {
            r.set("vsys", vsys);
            r.set("device_group", deviceGroup);
            return;
        }
        String name = panorama() ? deviceGroup : vsys;
        Map<String, Object> location = SHARED.equals(name) ? Map.of(SHARED, Map.of())
                : Map.of(panorama() ? "device_group" : "vsys", Map.of("name", name));
        r.set("location", location);
    }
}
