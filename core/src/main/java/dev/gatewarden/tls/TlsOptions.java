package dev.gatewarden.tls;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.util.List;
import java.util.Locale;

/**
 * How an adapter verifies a firewall's certificate. Default: the JDK trust store. {@code caBundle}: trust the
 * PEM certificates in that file instead. {@code pinnedSha256}: accept exactly the certificate with that SHA-256
 * fingerprint (hex, colons optional). {@code insecure}: no verification at all, only when explicitly set, and
 * logged loudly. Shared by every firewall adapter (settings {@value #CA_BUNDLE}, {@value #PIN},
 * {@value #INSECURE}).
 */
public record TlsOptions(String caBundle, String pinnedSha256, boolean insecure) {
    public static final String CA_BUNDLE = "caBundle";
    public static final String PIN = "tlsFingerprint";
    public static final String INSECURE = "insecureSkipTlsVerify";
    public static final TlsOptions DEFAULT = new TlsOptions(null, null, false);

    public TlsOptions {
        if (pinnedSha256 != null) {
            String hex = pinnedSha256.replace(":", "").toLowerCase(Locale.ROOT);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new ConfigException(PIN + " must be a SHA-256 fingerprint (64 hex digits, colons allowed)");
            }
            pinnedSha256 = hex;
        }
        int chosen = (caBundle != null ? 1 : 0) + (pinnedSha256 != null ? 1 : 0) + (insecure ? 1 : 0);
        if (chosen > 1) {
            throw new ConfigException("choose at most one of " + CA_BUNDLE + ", " + PIN + " and " + INSECURE);
        }
    }

    /** The setting specs every adapter declares for TLS. */
    public static List<SettingSpec> settingSpecs() {
        return List.of(
                SettingSpec.string(CA_BUNDLE, false, "PEM file of CA certificates to trust instead of the JDK's"),
                SettingSpec.string(PIN, false, "accept exactly the certificate with this SHA-256 fingerprint"),
                SettingSpec.bool(INSECURE, "DANGER: do not verify the certificate at all (logged loudly)", false));
    }

    public static TlsOptions from(Settings settings) {
        return new TlsOptions(settings.string(CA_BUNDLE).orElse(null), settings.string(PIN).orElse(null),
                settings.bool(INSECURE, false));
    }
}
