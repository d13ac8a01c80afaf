package dev.gatewarden.sandbox.fortios;

/**
 * A FortiOS API refusal: the HTTP status and the numeric internal {@code error} the envelope carries
 * (0 when the envelope has none, e.g. 401/403/405).
 */
final class FortiOsError extends RuntimeException {
    /** Invalid length of value (name &gt; 79, comment &gt; 255). */
    static final int INVALID_LENGTH = -1;
    /** Entry not found. */
    static final int NOT_FOUND = -3;
    /** The maximum number of entries has been reached (uncertain code: model limits, API-NOTES E.6). */
    static final int TABLE_FULL = -4;
    /** A duplicate entry already exists. */
    static final int DUPLICATE = -5;
    /** Invalid IP address. */
    static final int INVALID_IP = -8;
    /** Permission denied. */
    static final int PERMISSION = -14;
    /** Blank entry (e.g. no name). */
    static final int BLANK = -20;
    /** Entry in use: still referenced (uncertain code, see API-NOTES E.3). */
    static final int IN_USE = -23;
    /**
     * A table locked by another open transaction. Fortinet documents the lock (workspace mode) but not the number
     * the REST API answers with: the simulator's choice, configurable.
     */
    static final int LOCKED = -34;
    /** Input value invalid. */
    static final int INVALID_VALUE = -651;
    /** Unknown keyword (an attribute the table does not have). */
    static final int UNKNOWN_KEYWORD = -703;

    private final int httpStatus;
    private final int error;

    FortiOsError(int httpStatus, int error, String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.error = error;
    }

    int httpStatus() {
        return httpStatus;
    }

    int error() {
        return error;
    }

    static FortiOsError cmdb(int error, String message) {
        return new FortiOsError(500, error, message);
    }

    static FortiOsError notFound(String message) {
        return new FortiOsError(404, NOT_FOUND, message);
    }
}
