package dev.gatewarden.cli;

import dev.gatewarden.apply.Executor;
import dev.gatewarden.model.DesiredState;
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

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Session s = Session.open(common)) {
            DesiredState desired = s.configuredDesiredState("plan");
            Reconciler r = new Reconciler(s.clouds, s.firewalls, new Executor());
            Reconciler.Planned planned = r.plan(desired, RunOptions.plannerOptions(s.config, allowDeletions));
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
            if (!verdict.ok()) {
                spec.commandLine().getErr().println("error: the plan cannot bring everything in line: "
                        + String.join("; ", verdict.problems()));
                return Main.ERROR;
            }
            return planned.plan().isEmpty() ? Main.OK : Main.CHANGES;
        }
    }
}
