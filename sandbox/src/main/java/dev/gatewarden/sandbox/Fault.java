package dev.gatewarden.sandbox;

import java.time.Duration;
import java.util.Objects;

/**
 * An injected failure. Each simulator renders {@link Type#ERROR} and {@link Type#THROTTLE} in its vendor's own
 * error envelope; {@link Type#TIMEOUT} holds the response for {@code delay} before answering normally, and
 * {@link Type#DROP} closes the connection without a response; {@link Type#LOST_RESPONSE} serves the request (the
 * write takes effect) and then closes the connection without sending the answer, as a response lost on the way.
 *
 * @param status  HTTP status for ERROR (e.g. 500); ignored otherwise
 * @param code    vendor error code for ERROR (e.g. {@code InternalError}); may be null
 */
public record Fault(Type type, int status, String code, String message, Duration delay) {
    public enum Type { ERROR, THROTTLE, TIMEOUT, DROP, LOST_RESPONSE }

    public Fault {
        Objects.requireNonNull(type, "type");
        delay = delay == null ? Duration.ZERO : delay;
    }

    public static Fault error(int status, String code, String message) {
        return new Fault(Type.ERROR, status, code, message, Duration.ZERO);
    }

    public static Fault throttle() {
        return new Fault(Type.THROTTLE, 0, null, null, Duration.ZERO);
    }

    public static Fault timeout(Duration delay) {
        return new Fault(Type.TIMEOUT, 0, null, null, delay);
    }

    public static Fault drop() {
        return new Fault(Type.DROP, 0, null, null, Duration.ZERO);
    }

    /** The request is served, then its response is lost (the connection closes without it). */
    public static Fault lostResponse() {
        return new Fault(Type.LOST_RESPONSE, 0, null, null, Duration.ZERO);
    }
}
