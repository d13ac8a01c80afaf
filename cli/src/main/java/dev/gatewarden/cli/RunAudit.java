package dev.gatewarden.cli;

import dev.gatewarden.audit.AuditSink;

/**
 * The audit sink of a run that changes things: every known secret redacted from each record and, with
 * {@code --sandbox}, the simulators' world saved before each record is appended, so that a killed process never
 * leaves an audit log that records changes the saved world does not have.
 */
final class RunAudit {
    private RunAudit() {
    }

    static AuditSink of(Session session, AuditSink log) {
        AuditSink redacted = Redaction.SECRETS.redacting(log);
        if (session.sandbox == null) {
            return redacted;
        }
        return entry -> {
            session.sandbox.save();
            redacted.append(entry);
        };
    }
}
