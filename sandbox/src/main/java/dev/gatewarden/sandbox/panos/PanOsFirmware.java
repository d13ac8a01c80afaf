package dev.gatewarden.sandbox.panos;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * What a simulated device reports about itself and the answers that differ between PAN-OS releases, so the sandbox
 * can stand in for the firmware a user runs (each switch is a world-file key of the device, in brackets).
 *
 * @param swVersion        the {@code sw-version} of {@code type=version} and {@code show system info}
 *                         [{@code swVersion}, default {@value #DEFAULT_VERSION}]
 * @param model            the {@code model} [{@code model}, default {@code PA-VM} or {@code Panorama}]
 * @param serial           the {@code serial} [{@code serial}, default derived from the device name]
 * @param typeVersion      whether {@code type=version} exists (PAN-OS 7.1 and later) [{@code typeVersion}]
 * @param getMissingCode   the {@code code} of a {@code get} of a missing node: {@code 7} on current releases, or
 *                         empty for a success without a code [{@code getMissingCode}, default {@code 7}]
 * @param devicesPerGroup  Panorama: the managed firewalls each device group pushes to, reported per device in
 *                         commit-all jobs [{@code devicesPerGroup}, default 1]
 */
public record PanOsFirmware(String swVersion, String model, String serial, boolean typeVersion,
                            String getMissingCode, int devicesPerGroup) {
    public static final String DEFAULT_VERSION = "10.2.4";

    public PanOsFirmware {
        if (swVersion == null || !swVersion.matches("\\d+\\.\\d+\\.\\d+[-.A-Za-z0-9]*")) {
            throw new IllegalArgumentException("panos firmware: swVersion '" + swVersion
                    + "' is not a PAN-OS version such as 10.2.4 or 11.1.2-h3");
        }
        if (serial == null || !serial.matches("[0-9A-Za-z]{1,20}")) {
            throw new IllegalArgumentException("panos firmware: serial '" + serial + "' must be 1-20 letters or digits");
        }
        getMissingCode = getMissingCode == null ? "" : getMissingCode;
        if (!getMissingCode.matches("\\d{0,2}")) {
            throw new IllegalArgumentException("panos firmware: getMissingCode '" + getMissingCode
                    + "' must be a PAN-OS code such as 7, or empty");
        }
        if (devicesPerGroup < 0 || devicesPerGroup > 50) {
            throw new IllegalArgumentException("panos firmware: devicesPerGroup must be 0-50");
        }
    }

    /** Current-release defaults for a device. */
    public static PanOsFirmware defaults(String deviceName, boolean panorama) {
        return new PanOsFirmware(DEFAULT_VERSION, panorama ? "Panorama" : "PA-VM", serialFor(deviceName), true, "7",
                1);
    }

    /** Reads the switches of one world-file device entry, each defaulting as in {@link #defaults}. */
    static PanOsFirmware fromJson(JsonNode n, String deviceName, boolean panorama) {
        PanOsFirmware d = defaults(deviceName, panorama);
        return new PanOsFirmware(n.path("swVersion").asText(d.swVersion()), n.path("model").asText(d.model()),
                n.path("serial").asText(d.serial()), n.path("typeVersion").asBoolean(d.typeVersion()),
                n.path("getMissingCode").asText(d.getMissingCode()),
                n.path("devicesPerGroup").asInt(d.devicesPerGroup()));
    }

    /** A stable 15-digit serial number for a name (PAN-OS serials are 12-15 digits). */
    static String serialFor(String name) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long v = 0;
            for (int i = 0; i < 7; i++) {
                v = (v << 8) | (d[i] & 0xff);
            }
            return "0079" + String.format("%011d", Math.floorMod(v, 100_000_000_000L));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
