package dev.gatewarden.cli;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.audit.AuditTrail;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.reconcile.Fingerprint;
import dev.gatewarden.reconcile.Reconciler;
import java.io.Console;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "apply", description = "Plan, confirm, and make the changes phase by phase (make-before-break). "
        + "Exit 0: all changes made (or none needed); 1: a change failed or an error occurred.")
final class ApplyCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    RunOptions run;

    @Option(names = "--auto-approve", description = "do not ask for confirmation")
    boolean autoApprove;

    @Option(names = "--dry-run", description = "show what would be done, call nothing, write no audit entry")
    boolean dryRun;

    @Option(names = "--plan", paramLabel = "FILE", description = "apply exactly this saved plan (from plan --save-plan); "
            + "refused when the observed state changed since")
    Path planFile;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    /** Reads the confirmation; tests replace it. */
    static java.util.function.Supplier<String> confirmation = () -> {
        Console console = System.console();
        return console == null ? null : console.readLine();
    };

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try (Session s = Session.open(common)) {
            DesiredState desired = s.configuredDesiredState("apply");
            if (!dryRun) {
                run.checkAudit();
            }
            Reconciler r = s.reconciler();
            Reconciler.Planned planned;
            dev.gatewarden.plan.PlannerOptions options = null;
            if (planFile != null) {
                Plan saved = SavedPlan.read(planFile);
                if (!saved.owner().equals(s.config.owner())) {
                    throw new ConfigException(planFile + ": the plan is for owner '" + saved.owner() + "', the config is for '"
                            + s.config.owner() + "'");
                }
                ObservedState now = r.observe(desired);
                String fp = Fingerprint.of(now);
                if (!fp.equals(saved.observedFingerprint())) {
                    err.println("error: the clouds or firewalls changed since " + planFile
                            + " was saved; nothing applied. Run 'gatewarden plan --save-plan' again and review it.");
                    return Main.ERROR;
                }
                planned = new Reconciler.Planned(now, saved);
            } else {
                options = run.plannerOptions(s.config);
                planned = r.plan(desired, options);
            }
            Plan plan = planned.plan();
            if (plan.isEmpty()) {
                if (!dryRun && java.nio.file.Files.exists(run.auditPath(s.config))) {
                    try (AuditTrail audit = run.openAudit(s.config)) {
                        r.resolveIntents(planned, ExecutionContext.builder(s.config.owner()).audit(RunAudit.of(s, audit))
                                .build());
                    }
                }
                Verdict verdict = Verdict.of(planned, null);
                if (common.json()) {
                    Render.printJson(out, Render.reportJson("apply", plan, null, s.calls.snapshot(), verdict));
                } else {
                    Render.printReport(out, plan, null, s.calls.snapshot(), verdict);
                }
                if (!dryRun && options != null && !run.forgetFirewalls.isEmpty()) {
                    try (AuditTrail audit = run.openAudit(s.config)) {
                        run.recordForgotten(s.config, options, audit);
                    }
                }
                return verdict.ok() ? Main.OK : Main.ERROR;
            }
            if (!common.json()) {
                Render.printPlan(out, plan, java.util.Map.of(), Verdict.of(planned, null));
            }
            if (!autoApprove && !dryRun) {
                if (System.console() == null && confirmation == DEFAULT_CONFIRMATION) {
                    err.println("error: not on a terminal, so no one can confirm; review the plan and rerun with "
                            + "--auto-approve (or apply a saved plan with --plan FILE --auto-approve)");
                    return Main.ERROR;
                }
                err.print("Apply these " + plan.changes().size() + " changes? Only 'yes' is accepted: ");
                err.flush();
                String answer = confirmation.get();
                if (answer == null || !answer.trim().equals("yes")) {
                    err.println("Not applied.");
                    return Main.ERROR;
                }
            }
            ExecutionContext.Builder ctx = ExecutionContext.builder(s.config.owner())
                    .clouds(s.clouds).firewalls(s.firewalls).naming(desired.naming())
                    .policy(run.policy(s.config)).dryRun(dryRun).calls(s.calls)
                    .progress(new Progress(err, System.console() != null));
            ApplyReport report;
            if (dryRun) {
                report = r.apply(planned, ctx.build());
            } else {
                try (AuditTrail audit = run.openAudit(s.config)) {
                    ExecutionContext context = ctx.audit(RunAudit.of(s, audit)).build();
                    r.resolveIntents(planned, context);
                    if (options != null) {
                        run.recordForgotten(s.config, options, audit);
                    }
                    report = r.apply(planned, context);
                    audit.flush().ifPresent(d -> Render.printDelivery(err, d));
                }
            }
            Verdict verdict = Verdict.of(planned, report);
            if (common.json()) {
                Render.printJson(out, Render.reportJson("apply", plan, report, report.calls(), verdict));
            } else {
                out.println();
                Render.printReport(out, plan, report, report.calls(), verdict);
            }
            long held = heldBack(plan);
            if (held > 0) {
                err.println("error: " + held + " item(s) held back for safety (releases a firewall may still list, or "
                        + "targets that could not be observed): see 'Not done'; rerun once they are resolved");
            }
            return verdict.ok() ? Main.OK : Main.ERROR;
        }
    }

    /** Releases held for safety and targets not observed: the run did not converge, whatever it changed. */
    static long heldBack(Plan plan) {
        return plan.skipped().stream().filter(k -> k.kind() == dev.gatewarden.plan.Skip.Kind.HELD
                || k.kind() == dev.gatewarden.plan.Skip.Kind.UNAVAILABLE).count();
    }

    static final java.util.function.Supplier<String> DEFAULT_CONFIRMATION = confirmation;
}
