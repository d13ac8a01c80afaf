package dev.gatewarden.sandbox.panos;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One simulated PAN-OS device: a firewall with vsys entries or a Panorama with device groups, its administrators
 * (user name and password, for {@code type=keygen}) and pre-issued API keys (key to admin name).
 *
 * <p>World-file form (the {@code panos} section is a list of these):
 * <pre>
 * panos:
 *   - name: dc1-pa
 *     panorama: false
 *     vsys: [vsys1]
 *     admins: [{user: gatewarden, password: sandbox-pass}]
 *     apiKeys: [{key: sandbox-key-dc1, admin: gatewarden}]
 *   - name: pano
 *     panorama: true
 *     deviceGroups: [dg-egress]
 *     swVersion: 11.1.2        # and the other switches of {@link PanOsFirmware}
 * </pre>
 */
public record PanOsDeviceSpec(String name, boolean panorama, List<String> locations, Map<String, String> admins,
                              Map<String, String> apiKeys, PanOsFirmware firmware) {
    public static final String DEFAULT_ADMIN = "gatewarden";
    public static final String DEFAULT_PASSWORD = "sandbox-password";

    public PanOsDeviceSpec {
        Objects.requireNonNull(name, "name");
        locations = List.copyOf(locations == null || locations.isEmpty()
                ? List.of(panorama ? "dg1" : "vsys1") : locations);
        admins = Map.copyOf(admins == null ? Map.of() : admins);
        apiKeys = Map.copyOf(apiKeys == null ? Map.of() : apiKeys);
        firmware = firmware == null ? PanOsFirmware.defaults(name, panorama) : firmware;
        for (String admin : apiKeys.values()) {
            if (!admins.containsKey(admin)) {
                throw new IllegalArgumentException("panos device " + name + ": API key for unknown admin " + admin);
            }
        }
    }

    /** A device with the current-release {@link PanOsFirmware#defaults}. */
    public PanOsDeviceSpec(String name, boolean panorama, List<String> locations, Map<String, String> admins,
                           Map<String, String> apiKeys) {
        this(name, panorama, locations, admins, apiKeys, null);
    }

    /** The same device with these API keys. */
    public PanOsDeviceSpec withApiKeys(Map<String, String> keys) {
        return new PanOsDeviceSpec(name, panorama, locations, admins, keys, firmware);
    }

    /** The same device with other firmware switches. */
    public PanOsDeviceSpec withFirmware(PanOsFirmware fw) {
        return new PanOsDeviceSpec(name, panorama, locations, admins, apiKeys, fw);
    }

    /** A firewall with {@code vsys1} and one admin {@value #DEFAULT_ADMIN} holding {@code apiKey}. */
    public static PanOsDeviceSpec firewall(String name, String apiKey) {
        return new PanOsDeviceSpec(name, false, List.of("vsys1"), Map.of(DEFAULT_ADMIN, DEFAULT_PASSWORD),
                Map.of(apiKey, DEFAULT_ADMIN));
    }

    /** A Panorama with the given device groups and one admin {@value #DEFAULT_ADMIN} holding {@code apiKey}. */
    public static PanOsDeviceSpec panorama(String name, String apiKey, String... deviceGroups) {
        return new PanOsDeviceSpec(name, true, List.of(deviceGroups), Map.of(DEFAULT_ADMIN, DEFAULT_PASSWORD),
                Map.of(apiKey, DEFAULT_ADMIN));
    }

    /** Parses one entry of the world file's {@code panos} list. */
    public static PanOsDeviceSpec fromJson(JsonNode n) {
        String name = n.path("name").asText(null);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("panos device: 'name' is required");
        }
        boolean panorama = n.path("panorama").asBoolean(false);
        List<String> locations = new ArrayList<>();
        n.path(panorama ? "deviceGroups" : "vsys").forEach(v -> locations.add(v.asText()));
        Map<String, String> admins = new LinkedHashMap<>();
        n.path("admins").forEach(a -> admins.put(a.path("user").asText(), a.path("password").asText()));
        Map<String, String> keys = new LinkedHashMap<>();
        n.path("apiKeys").forEach(k -> keys.put(k.path("key").asText(), k.path("admin").asText(DEFAULT_ADMIN)));
        if (admins.isEmpty()) {
            admins.put(DEFAULT_ADMIN, DEFAULT_PASSWORD);
        }
        return new PanOsDeviceSpec(name, panorama, locations, admins, keys,
                PanOsFirmware.fromJson(n, name, panorama));
    }

    /** Parses the world file's {@code panos} list. */
    public static List<PanOsDeviceSpec> listFromJson(JsonNode section) {
        List<PanOsDeviceSpec> out = new ArrayList<>();
        if (section != null) {
            section.forEach(n -> out.add(fromJson(n)));
        }
        return out;
    }

    @Override
    public String toString() {
        return "PanOsDeviceSpec[" + name + (panorama ? ", panorama" : "") + ", " + locations + ", admins="
                + admins.keySet() + ", " + apiKeys.size() + " API keys, " + firmware + "]";
    }
}
