package dev.gatewarden.paloalto;

import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.spi.CallRecorder;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * {@link PanOsXmlApi} over the JDK HTTP client: every request is a form POST to {@code <url>/api/} (so nothing
 * secret or large sits in a URL), authenticated with the {@code X-PAN-KEY} header. Without a configured key, the
 * first request runs {@code type=keygen} once with the username and password (in the POST body) and keeps the key
 * in memory. Neither the key nor the password is ever logged or put in an exception message.
 */
final class HttpPanOsXmlApi implements PanOsXmlApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpPanOsXmlApi.class);
    private final String firewall;
    private final PanOsSettings settings;
    private final CallRecorder calls;
    private final HttpClient http;
    private final URI endpoint;
    private String key;
    private boolean keyFromKeygen;

    HttpPanOsXmlApi(String firewall, PanOsSettings settings, CallRecorder calls, HttpClient http) {
        this.firewall = firewall;
        this.settings = settings;
        this.calls = calls;
        this.http = http;
        this.endpoint = URI.create(settings.url() + "/api/");
        if (settings.apiKey() != null) {
            this.key = settings.apiKey().reveal();
        }
    }

    @Override
    public PanOsResponse request(String operation, Map<String, String> params) {
        if (key == null) {
            keygen();
        }
        PanOsResponse r = send(operation, params, true);
        if (r.httpStatus() == 403 && keyFromKeygen) {
            LOG.info("PAN-OS {} refused the generated API key; generating a new one", firewall);
            key = null;
            keygen();
            r = send(operation, params, true);
        }
        if (r.httpStatus() == 403 || "403".equals(r.code())) {
            throw new ProviderException("PAN-OS " + firewall + " refused the API credentials (403 " + r.messageText()
                    + "): check " + (settings.apiKey() != null ? "apiKey " + settings.apiKey().reference()
                    : "username/password") + " and that the admin role allows XML API access to configuration, "
                    + "commit, operational requests and User-ID", "403", false);
        }
        return r;
    }

    private void keygen() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", "keygen");
        p.put("user", settings.username());
        p.put("password", settings.password().reveal());
        PanOsResponse r = send("keygen", p, false);
        Element k = PanOsXml.path(r.root(), "result", "key");
        if (!r.success() || k == null || PanOsXml.text(k).isEmpty()) {
            throw new ProviderException("PAN-OS " + firewall + " refused to generate an API key for user "
                    + settings.username() + " (" + r.messageText() + "): check username and password "
                    + settings.password().reference() + " and that the admin role allows XML API access",
                    r.code() == null ? String.valueOf(r.httpStatus()) : r.code(), false);
        }
        key = PanOsXml.text(k);
        keyFromKeygen = true;
        LOG.debug("PAN-OS {}: generated an API key for {}", firewall, settings.username());
    }

    private PanOsResponse send(String operation, Map<String, String> params, boolean authenticated) {
        calls.record(firewall, operation);
        StringJoiner body = new StringJoiner("&");
        params.forEach((k, v) -> body.add(URLEncoder.encode(k, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(endpoint)
                .timeout(settings.requestTimeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/xml")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
        if (authenticated) {
            b.header("X-PAN-KEY", key);
        }
        LOG.debug("PAN-OS {}: {}", firewall, operation);
        HttpResponse<String> resp;
        try {
            resp = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ProviderException("PAN-OS " + firewall + " did not answer " + operation + " within "
                    + settings.requestTimeout().toSeconds() + " s at " + endpoint + "; retry next round", "timeout",
                    true, e);
        } catch (SSLException e) {
            throw new ProviderException("PAN-OS " + firewall + " at " + endpoint + ": TLS failed (" + e.getMessage()
                    + "); if the certificate is self-signed, set caBundle to its CA or tlsFingerprint to its SHA-256"
                    + " fingerprint", "tls", false, e);
        } catch (IOException e) {
            Throwable c = e;
            while (c != null) {
                if (c instanceof SSLException ssl) {
                    throw new ProviderException("PAN-OS " + firewall + " at " + endpoint + ": TLS failed ("
                            + ssl.getMessage() + "); if the certificate is self-signed, set caBundle to its CA or "
                            + "tlsFingerprint to its SHA-256 fingerprint", "tls", false, e);
                }
                c = c.getCause();
            }
            throw new ProviderException("PAN-OS " + firewall + " at " + endpoint + " is unreachable for " + operation
                    + " (" + e + "); retry next round", "io", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while calling PAN-OS " + firewall, "interrupted", true, e);
        }
        int status = resp.statusCode();
        String text = resp.body() == null ? "" : resp.body();
        Element root = null;
        try {
            if (!text.isBlank()) {
                root = PanOsXml.parse(text);
            }
        } catch (Exception e) {
            root = null;
        }
        if (root == null || !root.getTagName().equals("response")) {
            boolean transientFailure = status >= 500 || status == 429;
            throw new ProviderException("PAN-OS " + firewall + " answered " + operation + " with HTTP " + status
                    + " and no XML API response" + (transientFailure ? "; retry next round"
                    : "; check that url points at the firewall or Panorama management interface"),
                    String.valueOf(status), transientFailure);
        }
        PanOsResponse r = new PanOsResponse(status, root.getAttribute("status"),
                root.hasAttribute("code") ? root.getAttribute("code") : null, root);
        if (status >= 500 || status == 429) {
            throw new ProviderException("PAN-OS " + firewall + " failed " + operation + " (HTTP " + status + ": "
                    + r.messageText() + "); retry next round", r.code() == null ? String.valueOf(status) : r.code(),
                    true);
        }
        return r;
    }
}
