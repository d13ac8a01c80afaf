package dev.gatewarden.audit;

import java.util.Objects;
import java.util.Optional;

/**
 * The audit log and its off-box copy: every entry is appended to the log (sealed when a key is configured) and
 * then offered to the syslog forwarder, which sends what is pending or leaves it spooled for the next attempt. A
 * syslog failure never stops a change (the log is the record of truth and the spool); a log failure does.
 */
public final class AuditTrail implements AuditSink, AutoCloseable {
    private final AuditLog log;
    private final SyslogForwarder syslog;

    /** @param syslog null: no off-box copy */
    public AuditTrail(AuditLog log, SyslogForwarder syslog) {
        this.log = Objects.requireNonNull(log, "log");
        this.syslog = syslog;
    }

    @Override
    public void append(AuditEntry entry) {
        log.append(entry);
        if (syslog != null) {
            syslog.deliverIfDue();
        }
    }

    @Override
    public java.util.List<OpenIntents.Intent> openIntents() {
        return log.openIntents();
    }

    public AuditLog log() {
        return log;
    }

    /** Delivers what is pending now (e.g. at the end of a round) and says where delivery stands. */
    public Optional<SyslogForwarder.Delivery> flush() {
        return syslog == null ? Optional.empty() : Optional.of(syslog.deliver());
    }

    /** Where delivery stands, without trying. */
    public Optional<SyslogForwarder.Delivery> delivery() {
        return syslog == null ? Optional.empty() : Optional.of(syslog.status());
    }

    @Override
    public void close() {
        try {
            if (syslog != null) {
                syslog.close();
            }
        } finally {
            log.close();
        }
    }
}
