package dev.gatewarden.sandbox.gce;

/**
 * A synchronous Compute Engine error, rendered as {@code {"error":{"code","message","errors":[{message,domain,
 * reason}]}}} (the Google JSON error envelope the REST reference and client libraries parse).
 */
final class GceError extends RuntimeException {
    final int status;
    final String reason;
    final String domain;

    GceError(int status, String reason, String domain, String message) {
        super(message);
        this.status = status;
        this.reason = reason;
        this.domain = domain;
    }

    static GceError notFound(String resource) {
        return new GceError(404, "notFound", "global", "The resource '" + resource + "' was not found");
    }

    static GceError invalid(String message) {
        return new GceError(400, "invalid", "global", message);
    }

    static GceError invalidField(String field, String value, String why) {
        return invalid("Invalid value for field '" + field + "': '" + value + "'. " + why);
    }

    static GceError conditionNotMet(String message) {
        return new GceError(412, "conditionNotMet", "global", message);
    }
}
