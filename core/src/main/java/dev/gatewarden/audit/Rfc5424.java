package dev.gatewarden.audit;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * RFC 5424 syslog messages and RFC 6587 octet-counting frames (also the framing RFC 5425 prescribes over TLS).
 *
 * <p>{@code <PRI>1 TIMESTAMP HOSTNAME gatewarden PROCID audit - MSG}: PRI is facility × 8 + severity; TIMESTAMP the
 * record's own time (UTC); no structured data; MSG the audit line as written, which is ASCII (non-ASCII is written
 * as JSON escapes), so it needs no BOM (RFC 5424 §6.4 MSG-ANY) and arrives byte for byte.
 */
final class Rfc5424 {
    static final String APP_NAME = "gatewarden";
    static final String MSG_ID = "audit";

    private Rfc5424() {
    }

    static byte[] message(int facility, int severity, Instant time, String hostname, String procId, String msg) {
        String timestamp = time == null ? "-" : time.truncatedTo(ChronoUnit.MICROS).toString();
        String header = "<" + (facility * 8 + severity) + ">1 " + timestamp + " " + field(hostname, 255) + " "
                + APP_NAME + " " + field(procId, 128) + " " + MSG_ID + " - ";
        return (header + msg).getBytes(StandardCharsets.UTF_8);
    }

    /** {@code MSG-LEN SP SYSLOG-MSG}: the length in bytes, in decimal (RFC 6587 §3.4.1). */
    static byte[] octetCounted(byte[] message) {
        byte[] prefix = (message.length + " ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[prefix.length + message.length];
        System.arraycopy(prefix, 0, out, 0, prefix.length);
        System.arraycopy(message, 0, out, prefix.length, message.length);
        return out;
    }

    /** A header field: printable US-ASCII without spaces, at most {@code max} characters; "-" when empty. */
    static String field(String value, int max) {
        if (value == null) {
            return "-";
        }
        StringBuilder b = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c >= 33 && c <= 126 && b.length() < max) {
                b.append(c);
            }
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    static String hostname() {
        try {
            return field(InetAddress.getLocalHost().getHostName(), 255);
        } catch (java.io.IOException | RuntimeException e) {
            return "-";
        }
    }
}
