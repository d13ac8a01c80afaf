package dev.gatewarden.azure;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * One subscription in one region, and how to reach it.
 *
 * @param sslContext null for the JDK's default trust; otherwise the context whose trust the HTTP client uses
 *                   (the sandbox's certificate: verification stays on)
 * @param maxRetries retries of throttled (429, honouring {@code Retry-After}) and 5xx answers by the SDK
 */
public record AzureConnection(String subscriptionId, String tenantId, String location, AzureEndpoint endpoint,
                              AzureCredential credential, SSLContext sslContext, Duration timeout, int maxRetries) {
    public AzureConnection {
        Objects.requireNonNull(subscriptionId, "subscriptionId");
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(credential, "credential");
        timeout = timeout == null ? Duration.ofSeconds(60) : timeout;
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0");
        }
    }

    /** "azure subscription S (location)" for messages. */
    String where() {
        return "azure subscription " + subscriptionId + " (" + location + ")";
    }
}
