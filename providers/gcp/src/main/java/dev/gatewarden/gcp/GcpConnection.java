package dev.gatewarden.gcp;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * How to reach Compute for one cloud entry: the project, an optional endpoint override (the sandbox), the
 * per-call timeout, how long an operation may take to reach DONE, and how often a failed call is tried.
 * Credentials are Application Default Credentials unless {@code anonymous} (the sandbox only).
 *
 * <p>An endpoint override must be a full URL: the client reads a bare {@code host:port} as HTTPS, and against a
 * plain-HTTP server that hangs until the default ten-minute timeout. Plain {@code http} is accepted only for a
 * loopback host; TLS verification is never turned off.
 */
record GcpConnection(String project, Optional<URI> endpoint, boolean anonymous, Duration callTimeout,
                     Duration operationTimeout, int attempts, Duration retryBackoff) {
    private static final Pattern PROJECT = Pattern.compile("[a-z][-a-z0-9]{4,28}[a-z0-9]");

    GcpConnection {
        Objects.requireNonNull(project, "project");
        if (!PROJECT.matcher(project).matches()) {
            throw new IllegalArgumentException("project '" + project + "' is not a GCP project id (6-30 lowercase"
                    + " letters, digits or '-', starting with a letter)");
        }
        endpoint.ifPresent(GcpConnection::checkEndpoint);
        if (anonymous && endpoint.isEmpty()) {
            throw new IllegalArgumentException("anonymous credentials are for a sandbox endpoint only");
        }
        if (callTimeout.isNegative() || callTimeout.isZero() || operationTimeout.isNegative()
                || operationTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    /** Production defaults: ADC, the public endpoint, 60 s calls, 10 min per operation, 3 attempts. */
    static GcpConnection of(String project) {
        return new GcpConnection(project, Optional.empty(), false, Duration.ofSeconds(60), Duration.ofMinutes(10), 3,
                Duration.ofSeconds(1));
    }

    /** A loopback sandbox (no credentials) with short timeouts. */
    static GcpConnection sandbox(String project, URI endpoint) {
        return new GcpConnection(project, Optional.of(endpoint), true, Duration.ofSeconds(5), Duration.ofSeconds(30),
                3, Duration.ofMillis(20));
    }

    GcpConnection withCallTimeout(Duration timeout) {
        return new GcpConnection(project, endpoint, anonymous, timeout, operationTimeout, attempts, retryBackoff);
    }

    static void checkEndpoint(URI uri) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null) {
            throw new IllegalArgumentException("endpoint '" + uri + "' must be a URL such as"
                    + " https://compute.example:443 (a bare host:port is taken as HTTPS and hangs against HTTP)");
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/")
                || uri.getRawQuery() != null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("endpoint '" + uri + "' must be scheme://host[:port] only");
        }
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            throw new IllegalArgumentException("endpoint '" + uri + "' uses plain http: only a loopback sandbox may;"
                    + " use https");
        }
    }

    private static boolean isLoopback(String host) {
        return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
    }

    /** The endpoint string the client settings take ({@code scheme://host:port}), if overridden. */
    Optional<String> clientEndpoint() {
        return endpoint.map(u -> u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort()));
    }
}
