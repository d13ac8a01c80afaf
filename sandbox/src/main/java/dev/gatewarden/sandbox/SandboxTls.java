package dev.gatewarden.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The sandbox's TLS identity: a self-signed certificate for {@code localhost}, {@code 127.0.0.1} and {@code ::1}
 * that only the sandbox uses (it protects nothing; it lets clients keep TLS verification on against the
 * simulators, by trusting {@link #caPem()} or pinning {@link #fingerprintSha256()}).
 */
public final class SandboxTls {
    private static final String STORE = "sandbox-tls.p12";
    private static final char[] PASS = "gatewarden-sandbox".toCharArray();

    private SandboxTls() {
    }

    private static KeyStore keyStore() {
        try (InputStream in = SandboxTls.class.getResourceAsStream(STORE)) {
            if (in == null) {
                throw new IllegalStateException("sandbox TLS key store missing from the class path");
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASS);
            return ks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the sandbox TLS key store", e);
        }
    }

    /** A server-side TLS context presenting the sandbox certificate. */
    public static SSLContext serverContext() {
        try {
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore(), PASS);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the sandbox TLS context", e);
        }
    }

    /** A client-side TLS context that trusts the sandbox certificate only (verification stays on). */
    public static SSLContext clientContext() {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("sandbox", keyStore().getCertificate("sandbox"));
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the sandbox client TLS context", e);
        }
    }

    /** The certificate in PEM form, to trust as a CA bundle. */
    public static String caPem() {
        try (InputStream in = SandboxTls.class.getResourceAsStream("sandbox-ca.pem")) {
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SHA-256 of the certificate's DER encoding, lower-case hex with colons. */
    public static String fingerprintSha256() {
        try {
            Certificate c = keyStore().getCertificate("sandbox");
            byte[] d = MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
            return HexFormat.ofDelimiter(":").formatHex(d);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
