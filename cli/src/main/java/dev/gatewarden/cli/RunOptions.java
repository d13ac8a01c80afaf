package dev.gatewarden.cli;

import dev.gatewarden.apply.PublishPolicy;
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
    void recordForgotten(GatewardenConfig config, PlannerOptions options, AuditLog audit) {
        for (String f : new TreeSet<>(forgetFirewalls)) {
            Set<String> ips = options.history().listedBy(f);
            audit.append(new AuditEntry(config.owner(), f, "plan", PublicationRecord.FORGET, null,
                    Map.of("firewall", f, "ips", List.copyOf(ips)), Map.of("listed", ips.size()), Map.of("listed", 0),
                    "SUCCEEDED", "the user confirmed (--forget-firewall) that firewall " + f
                    + ", no longer configured, trusts none of these addresses; they may be released"));
        }
    }
}
