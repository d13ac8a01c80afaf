package dev.gatewarden.tls;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.config.BoundedFile;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
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
    /** A CA bundle larger than this is not a CA bundle (the JDK's own cacerts PEM is about 220 KB). */
    private static final int MAX_BUNDLE_BYTES = 4 * 1024 * 1024;

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
                ctx.init(null, trustManagersFor(target, Path.of(options.caBundle()), true), null);
            } else {
                ctx.init(null, null, null);
            }
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new ConfigException(target + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * Checks the options as {@link #sslContext} would use them, without connecting: a {@code caBundle} must be a
     * readable PEM file holding at least one certificate valid now.
     *
     * @throws ConfigException starting with {@code target}, saying what is wrong
     */
    public static void check(String target, TlsOptions options) {
        if (options.caBundle() == null) {
            return;
        }
        try {
            trustManagersFor(target, Path.of(options.caBundle()), false);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConfigException(target + ": caBundle '" + options.caBundle() + "' is not a file path");
        } catch (GeneralSecurityException e) {
            throw new ConfigException(target + ": cannot set up TLS: " + e.getMessage(), e);
        }
    }

    private static TrustManager[] trustManagersFor(String target, Path pem, boolean warn)
            throws GeneralSecurityException {
        Collection<? extends Certificate> certs;
        try {
            byte[] bytes = BoundedFile.read(pem, MAX_BUNDLE_BYTES);
            certs = CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
        } catch (BoundedFile.DirectoryException | BoundedFile.NotRegularException e) {
            throw new ConfigException(target + ": caBundle " + pem + " is not a regular file; point it at the PEM "
                    + "file of the CA certificates", e);
        } catch (BoundedFile.TooLargeException e) {
            throw new ConfigException(target + ": caBundle " + pem + " is larger than " + MAX_BUNDLE_BYTES
                    + " bytes; point it at the PEM file of the CA certificates", e);
        } catch (IOException e) {
            throw new ConfigException(target + ": caBundle " + pem + " cannot be read (" + e.getClass().getSimpleName()
                    + "); check the path and its permissions", e);
        } catch (CertificateException e) {
            throw new ConfigException(target + ": caBundle " + pem + " is not a PEM certificate file: "
                    + e.getMessage(), e);
        }
        if (certs.isEmpty()) {
            throw new ConfigException(target + ": caBundle " + pem + " holds no PEM certificate");
        }
        List<Certificate> valid = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (Certificate c : certs) {
            String why = invalidNow(c);
            if (why == null) {
                valid.add(c);
            } else {
                refused.add(why);
            }
        }
        if (valid.isEmpty()) {
            throw new ConfigException(target + ": caBundle " + pem + " holds no certificate valid now (" + String.join(
                    "; ", refused) + "); put the firewall's current certificate (or its CA's) in the file");
        }
        if (warn && !refused.isEmpty()) {
            LOG.warn("{}: caBundle {}: ignoring {} certificate(s) not valid now: {}", target, pem, refused.size(),
                    String.join("; ", refused));
        }
        certs = valid;
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

    /** Why a certificate is expired or not yet valid, or null when it is valid now. */
    private static String invalidNow(Certificate c) {
        if (!(c instanceof X509Certificate x)) {
            return null;
        }
        try {
            x.checkValidity();
            return null;
        } catch (CertificateExpiredException e) {
            return x.getSubjectX500Principal().getName() + " expired on " + x.getNotAfter().toInstant();
        } catch (CertificateNotYetValidException e) {
            return x.getSubjectX500Principal().getName() + " is valid only from " + x.getNotBefore().toInstant();
        }
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
