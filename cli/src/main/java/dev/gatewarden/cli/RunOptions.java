package dev.gatewarden.cli;

import dev.gatewarden.apply.PublishPolicy;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.plan.PlannerOptions;
import java.nio.file.Path;
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

    PlannerOptions plannerOptions(GatewardenConfig config) {
        return new PlannerOptions(config.maxDeleteFraction(), allowDeletions);
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
        if (auditLog != null) {
            return auditLog;
        }
        if (config.auditLog() != null) {
            return config.auditLog();
        }
        return Path.of("gatewarden-audit.jsonl");
    }

    /** Plans with the config's guard and this run's permission (for {@code plan}, which has no RunOptions). */
    static PlannerOptions plannerOptions(GatewardenConfig config, boolean allowDeletions) {
        return new PlannerOptions(config.maxDeleteFraction(), allowDeletions);
    }
}
