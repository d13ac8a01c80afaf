package dev.gatewarden.cli;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.apply.PublishPolicy;
import dev.gatewarden.audit.AuditKey;
import dev.gatewarden.audit.AuditLog;
import dev.gatewarden.audit.AuditTrail;
import dev.gatewarden.audit.SyslogForwarder;
import dev.gatewarden.audit.SyslogTarget;
import java.time.Clock;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.audit.AuditLog;
import dev.gatewarden.audit.PublicationRecord;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Option;

/** Options of the commands that change things ({@code apply}, {@code reconcile}). */
final class RunOptions {
    @Option(names = "--allow-deletions", description = "let this run retire more than the deletion guard allows")
    boolean allowDeletions;

    @Option(names = "--audit-log", paramLabel = "FILE",
            description = "append the audit trail here (default: the config's auditLog, else ./gatewarden-audit.jsonl)")
    Path auditLog;

    @Option(names = "--audit-key", paramLabel = "REF",
            description = "seal every audit line with this key, given by reference: $${env:NAME} or $${file:/path} "
                    + "(an HMAC secret of 32+ bytes, or an Ed25519 PEM private key); verify with 'audit verify --key'")
    String auditKey;

    @Option(names = "--audit-syslog", paramLabel = "URL",
            description = "also copy every audit record to this syslog server: tcp://HOST:PORT (RFC 6587), "
                    + "tls://HOST:PORT (RFC 5425, certificate verified) or udp://HOST:PORT; undelivered records are "
                    + "spooled and retried")
    String auditSyslog;

    @Option(names = "--audit-syslog-ca", paramLabel = "FILE",
            description = "with tls://: the PEM CA certificates to verify the syslog server with (default: the JDK's)")
    Path auditSyslogCa;

    @Option(names = "--publish-policy", paramLabel = "POLICY",
            description = "strict (attach only what every firewall confirmed) or best-effort; default: the config's")
    String publishPolicy;

    @Option(names = "--forget-firewall", paramLabel = "NAME", description = "confirm that NAME, a firewall removed "
            + "from the config, no longer trusts any of our addresses: the audit log's record of what was published "
            + "there stops holding releases back (the confirmation is audited). Repeatable.")
    List<String> forgetFirewalls = new ArrayList<>();

    PlannerOptions plannerOptions(GatewardenConfig config) {
        return plannerOptions(config, allowDeletions, auditPath(config), forgetFirewalls);
    }

    PublishPolicy policy(GatewardenConfig config) {
        String p = publishPolicy != null ? publishPolicy : config.publishPolicy().name();
        return switch (p.toLowerCase(java.util.Locale.ROOT).replace('_', '-')) {
            case "strict" -> PublishPolicy.STRICT;
            case "best-effort" -> PublishPolicy.BEST_EFFORT;
            default -> throw new dev.gatewarden.GatewardenException.ConfigException(
                    "--publish-policy must be strict or best-effort, got '" + p + "'");
        };
    }

    Path auditPath(GatewardenConfig config) {
        return auditPath(config, auditLog);
    }

    static Path auditPath(GatewardenConfig config, Path override) {
        if (override != null) {
            return override;
        }
        if (config.auditLog() != null) {
            return config.auditLog();
        }
        return Path.of("gatewarden-audit.jsonl");
    }

    /**
     * Plans with the config's guard, this run's permission, and the audit log's record of where addresses were
     * published (so nothing a removed firewall may still list is released), minus the firewalls the user forgot.
     */
    static PlannerOptions plannerOptions(GatewardenConfig config, boolean allowDeletions, Path auditLog,
                                         List<String> forget) {
        for (String f : forget) {
            if (config.firewall(f).isPresent()) {
                throw new dev.gatewarden.GatewardenException.ConfigException("--forget-firewall " + f + ": " + f
                        + " is configured, so it is observed and withdrawn from like any other; --forget-firewall is "
                        + "only for firewalls removed from the config (to empty a configured one, set retire: true)");
            }
        }
        return new PlannerOptions(config.maxDeleteFraction(), allowDeletions)
                .withHistory(PublicationRecord.read(auditLog, config.owner()), new TreeSet<>(forget));
    }

    /** Audits the user's confirmation that each forgotten firewall no longer trusts our addresses. */
    void recordForgotten(GatewardenConfig config, PlannerOptions options, dev.gatewarden.audit.AuditSink audit) {
        for (String f : new TreeSet<>(forgetFirewalls)) {
            Set<String> ips = options.history().listedBy(f);
            audit.append(new AuditEntry(config.owner(), f, "plan", PublicationRecord.FORGET, null,
                    Map.of("firewall", f, "ips", List.copyOf(ips)), Map.of("listed", ips.size()), Map.of("listed", 0),
                    "SUCCEEDED", "the user confirmed (--forget-firewall) that firewall " + f
                    + ", no longer configured, trusts none of these addresses; they may be released"));
        }
    }

    /**
     * Opens the audit log (sealed with {@code --audit-key}) and its syslog copy; every option is checked before
     * anything is written or sent.
     */
    AuditTrail openAudit(GatewardenConfig config) {
        AuditKey key = auditKey();
        SyslogTarget target = syslogTarget();
        Path path = auditPath(config);
        AuditLog log = AuditLog.open(path, AuditLog.defaultActor(), Clock.systemUTC(), false, key);
        try {
            return new AuditTrail(log, target == null ? null : new SyslogForwarder(path, target, Clock.systemUTC()));
        } catch (RuntimeException e) {
            log.close();
            throw e;
        }
    }

    /** Checks the audit options (key reference, syslog target) before anything is observed or changed. */
    void checkAudit() {
        auditKey();
        syslogTarget();
    }

    private AuditKey auditKey() {
        return auditKey == null ? null : AuditKeys.resolve(auditKey, "--audit-key");
    }

    private SyslogTarget syslogTarget() {
        if (auditSyslog != null) {
            return SyslogTarget.parse(auditSyslog, auditSyslogCa == null ? null : auditSyslogCa.toString());
        }
        if (auditSyslogCa != null) {
            throw new ConfigException("--audit-syslog-ca needs --audit-syslog tls://HOST:PORT");
        }
        return null;
    }
}
