package dev.gatewarden.audit;

import dev.gatewarden.GatewardenException.ConfigException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The secret that makes the audit chain tamper-evident against someone who can write the file: every line's
 * {@code hash} is sealed in its {@code mac} field, either with HMAC-SHA256 (a shared secret: the writer and the
 * verifier hold the same key) or with an Ed25519 signature (the writer holds the private key; an assessor verifies
 * with the public key only). A chain recomputed without the key has seals that do not verify.
 *
 * <p>The seal is written {@code ALG:KEYID:VALUE}: {@code hmac-sha256:<16 hex>:<64 hex>} or
 * {@code ed25519:<16 hex>:<base64 signature>}. The key id is a digest of the key (HMAC: of a derived value, never
 * the key itself), so a verifier can tell "written with another key" from "tampered".
 *
 * <p>Key material, as a secret reference resolves to it: a PEM {@code PRIVATE KEY} (PKCS#8 Ed25519) signs and
 * verifies; a PEM {@code PUBLIC KEY} (X.509 Ed25519) only verifies; anything else is an HMAC secret of at least 32
 * bytes (e.g. {@code openssl rand -hex 32}). {@link #toString()} never shows the key.
 */
public final class AuditKey {
    static final String HMAC = "hmac-sha256";
    static final String ED25519 = "ed25519";
    private static final int MIN_HMAC_BYTES = 32;

    private final String algorithm;
    private final String id;
    private final byte[] secret;
    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private AuditKey(String algorithm, String id, byte[] secret, PrivateKey privateKey, PublicKey publicKey) {
        this.algorithm = algorithm;
        this.id = id;
        this.secret = secret;
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * Reads key material (the value a {@code ${env:…}} or {@code ${file:…}} reference resolved to).
     *
     * @param source how the key was referenced, for messages (never the value)
     * @throws ConfigException when the material is no usable key; the message never contains it
     */
    public static AuditKey parse(String material, String source) {
        Objects.requireNonNull(material, "material");
        String text = material.strip();
        try {
            if (text.startsWith("-----BEGIN PRIVATE KEY-----")) {
                PrivateKey priv = KeyFactory.getInstance("Ed25519")
                        .generatePrivate(new PKCS8EncodedKeySpec(pem(text, "PRIVATE KEY")));
                PublicKey pub = publicOf(priv);
                return new AuditKey(ED25519, digestId(pub.getEncoded()), null, priv, pub);
            }
            if (text.startsWith("-----BEGIN PUBLIC KEY-----")) {
                PublicKey pub = KeyFactory.getInstance("Ed25519")
                        .generatePublic(new X509EncodedKeySpec(pem(text, "PUBLIC KEY")));
                return new AuditKey(ED25519, digestId(pub.getEncoded()), null, null, pub);
            }
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ConfigException("audit key " + source + " is a PEM key but not an Ed25519 one ("
                    + e.getClass().getSimpleName() + "); generate one with 'openssl genpkey -algorithm ed25519'");
        }
        if (text.startsWith("-----BEGIN")) {
            throw new ConfigException("audit key " + source + " is a PEM block other than an Ed25519 PRIVATE KEY or "
                    + "PUBLIC KEY");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_HMAC_BYTES) {
            throw new ConfigException("audit key " + source + " has " + bytes.length + " bytes; an HMAC key needs at "
                    + "least " + MIN_HMAC_BYTES + " (e.g. 'openssl rand -hex 32')");
        }
        byte[] idBytes = hmac(bytes, "gatewarden audit key id".getBytes(StandardCharsets.UTF_8));
        return new AuditKey(HMAC, HexFormat.of().formatHex(idBytes, 0, 8), bytes, null, null);
    }

    /** {@code hmac-sha256} or {@code ed25519}. */
    public String algorithm() {
        return algorithm;
    }

    /** A digest naming the key (16 hex), safe to print. */
    public String id() {
        return id;
    }

    /** False for an Ed25519 public key: it verifies seals but cannot write them. */
    public boolean canSeal() {
        return secret != null || privateKey != null;
    }

    /** The seal of a line's hash, {@code ALG:KEYID:VALUE}. */
    public String seal(String hash) {
        if (!canSeal()) {
            throw new IllegalStateException("audit key " + id + " is a public key: it cannot seal audit lines");
        }
        byte[] data = hash.getBytes(StandardCharsets.US_ASCII);
        if (secret != null) {
            return HMAC + ":" + id + ":" + HexFormat.of().formatHex(hmac(secret, data));
        }
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(privateKey);
            s.update(data);
            return ED25519 + ":" + id + ":" + Base64.getEncoder().encodeToString(s.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign an audit line with Ed25519", e);
        }
    }

    /** What is wrong with {@code seal} for {@code hash}; null when it is this key's valid seal. */
    public String check(String hash, String seal) {
        String[] parts = seal == null ? new String[0] : seal.split(":", 3);
        if (parts.length != 3) {
            return "its mac is malformed";
        }
        if (!parts[0].equals(algorithm)) {
            return "it is sealed with " + parts[0] + ", not with the given " + algorithm + " key";
        }
        if (!parts[1].equals(id)) {
            return "it is sealed with another key (id " + parts[1] + ", the given key is " + id + ")";
        }
        byte[] data = hash.getBytes(StandardCharsets.US_ASCII);
        boolean valid;
        if (secret != null) {
            byte[] expected = hmac(secret, data);
            byte[] actual;
            try {
                actual = HexFormat.of().parseHex(parts[2]);
            } catch (IllegalArgumentException e) {
                return "its mac is malformed";
            }
            valid = MessageDigest.isEqual(expected, actual);
        } else {
            try {
                Signature s = Signature.getInstance("Ed25519");
                s.initVerify(publicKey);
                s.update(data);
                valid = s.verify(Base64.getDecoder().decode(parts[2]));
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                valid = false;
            }
        }
        return valid ? null : "its mac does not match: the line or the chain before it was rewritten";
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static byte[] pem(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        int from = text.indexOf(begin);
        int to = text.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("no " + label + " block");
        }
        return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
    }

    /** The Ed25519 public key of a private key: the key pair generator, fed the private key's bytes, rebuilds it. */
    private static PublicKey publicOf(PrivateKey priv) throws GeneralSecurityException {
        byte[] raw = ((EdECPrivateKey) priv).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the private key has no extractable bytes"));
        KeyPairGenerator g = KeyPairGenerator.getInstance("Ed25519");
        g.initialize(NamedParameterSpec.ED25519, new FixedRandom(raw));
        KeyPair pair = g.generateKeyPair();
        if (!Arrays.equals(((EdECPrivateKey) pair.getPrivate()).getBytes().orElseThrow(), raw)) {
            throw new GeneralSecurityException("cannot derive the Ed25519 public key");
        }
        return pair.getPublic();
    }

    private static String digestId(byte[] encoded) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(encoded);
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    @Override
    public String toString() {
        return algorithm + " audit key " + id;
    }

    /** Feeds the private key's bytes to the key pair generator, so it regenerates the same pair. */
    private static final class FixedRandom extends java.security.SecureRandom {
        private final byte[] bytes;

        FixedRandom(byte[] bytes) {
            this.bytes = bytes.clone();
        }

        @Override
        public void nextBytes(byte[] out) {
            System.arraycopy(bytes, 0, out, 0, Math.min(bytes.length, out.length));
        }
    }
}
