package dev.gatewarden.audit;

/**
 * Where the executor records every change it attempted, once the change's outcome is known. Implementations
 * must not keep going silently when they cannot record: they throw, and the executor stops making changes.
 */
@FunctionalInterface
public interface AuditSink {

    /** Records nothing: for tests and dry runs. */
    AuditSink NONE = entry -> { };

    void append(AuditEntry entry);

    /** Intents written with no outcome after them, oldest first; a sink that keeps no log knows none. */
    default java.util.List<OpenIntents.Intent> openIntents() {
        return java.util.List.of();
    }
}
