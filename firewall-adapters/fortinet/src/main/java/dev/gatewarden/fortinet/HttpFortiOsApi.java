package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link FortiOsApi} over the JDK HTTP client. The token travels only in the {@code Authorization: Bearer}
 * header: never in a URL, a log line or an exception message.
 */
final class HttpFortiOsApi implements FortiOsApi {
    private static final Logger LOG = LoggerFactory.getLogger(HttpFortiOsApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String API = "/api/v2/cmdb";
    private final String firewall;
    private final URI base;
    private final Secret token;
    private final String vdom;
    private final HttpClient http;
    private final CallRecorder calls;
    private final Duration timeout;

    HttpFortiOsApi(String firewall, URI base, Secret token, String vdom, HttpClient http, CallRecorder calls,
                   Duration timeout) {
        this.firewall = firewall;
        this.base = base;
        this.token = token;
        this.vdom = vdom;
        this.http = http;
        this.calls = calls;
        this.timeout = timeout;
    }

    @Override
    public String endpoint() {
        return base.toString();
    }

    @Override
    public FortiOsReply send(String method, String path, Map<String, String> query, JsonNode body,
                             Integer transaction, String operation) {
        StringBuilder q = new StringBuilder("vdom=").append(encode(vdom));
        query.forEach((k, v) -> q.append('&').append(encode(k)).append('=').append(encode(v)));
        URI uri = URI.create(base + API + path + "?" + q);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Authorization", "Bearer " + token.reveal())
                .header("Accept", "application/json");
        if (transaction != null) {
            b.header("X-TRANSACTION-ID", transaction.toString());
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        calls.record(firewall, operation);
        HttpResponse<String> response;
        try {
            response = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (SSLException e) {
            throw new ProviderException("FortiOS " + firewall + ": the TLS connection to " + base + " failed ("
                    + e.getMessage() + "). If the FortiGate uses a self-signed or private-CA certificate, trust it with "
                    + "caBundle or pin it with tlsFingerprint", "tls", false, e);
        } catch (HttpTimeoutException e) {
            throw new ProviderException("FortiOS " + firewall + ": " + operation + " timed out after " + timeout
                    + " at " + base + "; the next round retries", "timeout", true, e);
        } catch (IOException e) {
            throw new ProviderException("FortiOS " + firewall + ": cannot reach " + base + " (" + e
                    + "); check the url setting and that this host may reach the FortiGate's HTTPS admin port",
                    "io", true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("FortiOS " + firewall + ": interrupted during " + operation, "interrupted",
                    true, e);
        }
        JsonNode envelope = parse(response.body());
        LOG.debug("FortiOS {}: {} {}{} -> HTTP {}{}", firewall, method, API, path, response.statusCode(),
                transaction == null ? "" : " (transaction " + transaction + ")");
        return new FortiOsReply(response.statusCode(), envelope);
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(text);
            return n == null || !n.isObject() ? JSON.createObjectNode() : n;
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    /** Percent-encodes everything but RFC 3986 unreserved characters (so {@code /} in a name becomes %2F). */
    static String encode(String s) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xFF;
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                    || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return sb.toString();
    }
}
