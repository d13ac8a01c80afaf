package dev.gatewarden;

/**
 * The one unchecked root of Gatewarden's errors. Subtypes are grouped by what the caller decides:
 * {@link ConfigException} (fix the input), {@link PluginException} (fix the installation),
 * {@link OwnershipConflictException} (a human decides), {@link ProviderException} (retry or escalate).
 */
public class GatewardenException extends RuntimeException {
    public GatewardenException(String message) {
        super(message);
    }

    public GatewardenException(String message, Throwable cause) {
        super(message, cause);
    }

    /** Bad configuration or input: nothing was changed; the message says where and how to fix it. */
    public static class ConfigException extends GatewardenException {
        public ConfigException(String message) {
            super(message);
        }

        public ConfigException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** A plugin could not be found, or two claim the same id. */
    public static class PluginException extends GatewardenException {
        public PluginException(String message) {
            super(message);
        }
    }

    /** An object that looks like ours but is not marked as ours (or belongs to another owner). */
    public static class OwnershipConflictException extends GatewardenException {
        public OwnershipConflictException(String message) {
            super(message);
        }
    }

    /**
     * A cloud or firewall API refused or failed a call. {@code transientFailure} says whether the same
     * call may succeed on a later round (throttling, 5xx, a lock held by someone else).
     */
    public static class ProviderException extends GatewardenException {
        private final boolean transientFailure;
        private final String code;

        public ProviderException(String message, String code, boolean transientFailure, Throwable cause) {
            super(message, cause);
            this.code = code;
            this.transientFailure = transientFailure;
        }

        public ProviderException(String message, String code, boolean transientFailure) {
            this(message, code, transientFailure, null);
        }

        public boolean isTransient() {
            return transientFailure;
        }

        /** The vendor's error code, when there is one (e.g. {@code AddressLimitExceeded}); may be null. */
        public String code() {
            return code;
        }
    }
}
