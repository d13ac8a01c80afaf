package dev.gatewarden.cli;

import dev.gatewarden.model.DesiredState;
import dev.gatewarden.plan.Skip;
import dev.gatewarden.reconcile.Reconciler;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "plan", description = "Observe the clouds and firewalls and show what apply would change. "
        + "Exit 0: nothing to change; 2: changes pending; 1: error.")
final class PlanCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--save-plan", paramLabel = "FILE", description = "save the plan; 'apply --plan FILE' applies exactly it")
    Path savePlan;

    @Option(names = "--allow-deletions", description = "plan retirements beyond the deletion guard")
    boolean allowDeletions;

    @Option(names = "--audit-log", paramLabel = "FILE", description = "the audit log to read where addresses were "
            + "published (default: the config's auditLog, else ./gatewarden-audit.jsonl)")
    Path auditLog;

    @Option(names = "--forget-firewall", paramLabel = "NAME", description = "plan as if NAME, a firewall removed from "
            + "the config, no longer trusts any of our addresses (see apply --forget-firewall). Repeatable.")
    java.util.List<String> forgetFirewalls = new java.util.ArrayList<>();

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Session s = Session.open(common)) {
            DesiredState desired = s.configuredDesiredState("plan");
            Reconciler r = s.reconciler();
            Reconciler.Planned planned = r.plan(desired, RunOptions.plannerOptions(s.config, allowDeletions,
                    RunOptions.auditPath(s.config, auditLog), forgetFirewalls));
            if (savePlan != null) {
                SavedPlan.write(savePlan, common.config, planned.plan());
            }
            Verdict verdict = Verdict.of(planned, null);
            if (common.json()) {
                Render.printJson(out, Render.planJson("plan", planned.plan(), s.calls.snapshot(), verdict));
            } else {
                Render.printPlan(out, planned.plan(), s.calls.snapshot(), verdict);
                if (savePlan != null) {
                    out.println("Saved the plan to " + savePlan + "; apply exactly it with: gatewarden apply -f "
                            + common.config + " --plan " + savePlan);
                }
            }
            long held = planned.plan().skipped().stream().filter(k -> k.kind() == Skip.Kind.HELD).count();
            if (held > 0) {
                spec.commandLine().getErr().println("error: " + held + " release(s) held back for safety: a firewall "
                        + "may still list the address (see 'Not done')");
                return Main.ERROR;
            }
            if (!verdict.ok()) {
                spec.commandLine().getErr().println("error: the plan cannot bring everything in line: "
                        + String.join("; ", verdict.problems()));
                return Main.ERROR;
            }
            return planned.plan().isEmpty() ? Main.OK : Main.CHANGES;
        }
    }
}
