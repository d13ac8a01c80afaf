package dev.gatewarden.audit;

import dev.gatewarden.GatewardenException.ConfigException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * Where audit records are copied: a syslog server reached over TCP (RFC 6587 octet-counting framing), TLS (RFC
 * 5425: octet counting over TLS, the server's certificate verified against {@code caBundle} or the JDK's trust
 * store, its name or IP checked) or UDP (RFC 5426: one datagram per record; nothing confirms delivery).
 *
 * @param transport {@code tcp}, {@code tls} or {@code udp}
 * @param host      the server's name or address
 * @param port      its port (RFC 5425 registers 6514 for TLS, RFC 5426 514 for UDP)
 * @param caBundle  TLS: a PEM file of the CA certificates to trust; null: the JDK's default trust store
 * @param facility  the syslog facility number (default 13, "log audit")
 */
public record SyslogTarget(String transport, String host, int port, String caBundle, int facility) {
    public static final int LOG_AUDIT = 13;

    public SyslogTarget {
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(host, "host");
        if (!transport.equals("tcp") && !transport.equals("tls") && !transport.equals("udp")) {
            throw new ConfigException("syslog transport must be tcp, tls or udp, got '" + transport + "'");
        }
        if (port < 1 || port > 65535) {
            throw new ConfigException("syslog port must be 1-65535, got " + port);
        }
        if (facility < 0 || facility > 23) {
            throw new ConfigException("syslog facility must be 0-23, got " + facility);
        }
        if (caBundle != null && !transport.equals("tls")) {
            throw new ConfigException("a syslog CA bundle only applies to tls://, not " + transport + "://");
        }
    }

    /**
     * Parses {@code tcp://HOST:PORT}, {@code tls://HOST:PORT} or {@code udp://HOST:PORT}.
     *
     * @throws ConfigException naming what is wrong, before anything is sent
     */
    public static SyslogTarget parse(String text, String caBundle) {
        URI uri;
        try {
            uri = new URI(Objects.requireNonNull(text, "text").trim());
        } catch (URISyntaxException e) {
            throw new ConfigException("syslog target '" + text + "' is not a URI: " + e.getReason()
                    + "; write tcp://HOST:PORT, tls://HOST:PORT or udp://HOST:PORT");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getPort() < 0 || (uri.getPath() != null && !uri.getPath().isEmpty())
                || uri.getQuery() != null || uri.getUserInfo() != null) {
            throw new ConfigException("syslog target '" + text + "' must be tcp://HOST:PORT, tls://HOST:PORT or "
                    + "udp://HOST:PORT (a host and a port, nothing else)");
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                : uri.getHost();
        return new SyslogTarget(scheme, host, uri.getPort(), caBundle, LOG_AUDIT);
    }

    @Override
    public String toString() {
        return transport + "://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
