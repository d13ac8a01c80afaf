package dev.gatewarden.cdk;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Names the rendered resources: Terraform identifiers and cloud resource names, deterministically. */
final class TerraformNames {
    private TerraformNames() {
    }

    /** A Terraform identifier (resource name, variable, alias): letters, digits and '_', starting with a letter. */
    static String identifier(String... parts) {
        String s = String.join("_", parts).replaceAll("[^A-Za-z0-9_]", "_").toLowerCase(Locale.ROOT);
        return Character.isLetter(s.isEmpty() ? '0' : s.charAt(0)) ? s : "r_" + s;
    }

    /**
     * A cloud resource name of at most {@code max} characters from lowercase letters, digits and '-' (valid for
     * GCE and Azure). Too long: cut, with a short hash of the whole name so distinct names stay distinct.
     */
    static String cloudName(int max, String... parts) {
        String s = String.join("-", parts).toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        if (s.length() <= max) {
            return s;
        }
        String hash = sha256(s).substring(0, 8);
        String head = s.substring(0, max - hash.length() - 1).replaceAll("-+$", "");
        return head + "-" + hash;
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
