package dev.gatewarden.tls;

import dev.gatewarden.GatewardenException.ConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.HexFormat;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds {@link SSLContext}s and JDK {@link java.net.http.HttpClient}s from {@link TlsOptions}. */
public final class TlsContexts {
    private static final Logger LOG = LoggerFactory.getLogger(TlsContexts.class);

    private TlsContexts() {
    }

    /**
     * An HTTP client that verifies certificates as the options say. With a pinned fingerprint or
     * {@code insecure}, host name verification is left to the pin (or off), as the JDK client checks host names
     * against the certificate otherwise.
     */
    public static java.net.http.HttpClient httpClient(String target, TlsOptions options, Duration connectTimeout) {
        java.net.http.HttpClient.Builder b = java.net.http.HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
                .sslContext(sslContext(target, options));
        SSLParameters params = new SSLParameters();
        if (options.pinnedSha256() == null && !options.insecure()) {
            params.setEndpointIdentificationAlgorithm("HTTPS");
        }
        b.sslParameters(params);
        return b.build();
    }

    public static SSLContext sslContext(String target, TlsOptions options) {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            if (options.insecure()) {
                LOG.warn("TLS VERIFICATION IS OFF for {}: any certificate is accepted, so a machine in the path can "
                        + "read the API credentials and change the firewall. Use caBundle or tlsFingerprint instead.",
                        target);
                ctx.init(null, new TrustManager[] {new CheckingTrustManager(null)}, null);
            } else if (options.pinnedSha256() != null) {
                ctx.init(null, new TrustManager[] {new CheckingTrustManager(options.pinnedSha256())}, null);
            } else if (options.caBundle() != null) {
                ctx.init(null, trustManagersFor(Path.of(options.caBundle())), null);
            } else {
                ctx.init(null, null, null);
            }
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(target + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagersFor(Path pem) throws GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException e) {
            throw new ConfigException("caBundle " + pem + " cannot be read: " + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new ConfigException("caBundle " + pem + " holds no PEM certificate");
        }
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            ks.load(null, null);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        int i = 0;
        for (Certificate c : certs) {
            ks.setCertificateEntry("ca-" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    /** SHA-256 of a certificate's DER encoding as lower-case hex without separators. */
    public static String fingerprint(X509Certificate cert) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Accepts the leaf certificate whose fingerprint is pinned (or anything when {@code pin} is null). */
    private static final class CheckingTrustManager extends X509ExtendedTrustManager {
        private final String pin;

        CheckingTrustManager(String pin) {
            this.pin = pin;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (pin == null) {
                return;
            }
            if (chain == null || chain.length == 0) {
                throw new CertificateException("no server certificate");
            }
            String actual = fingerprint(chain[0]);
            if (!actual.equals(pin)) {
                throw new CertificateException("server certificate fingerprint " + actual
                        + " does not match the pinned tlsFingerprint");
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("client certificates are not accepted");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
