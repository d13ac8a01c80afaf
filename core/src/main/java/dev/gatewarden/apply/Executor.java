package dev.gatewarden.apply;

import dev.gatewarden.GatewardenException;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.Plan;
import java.util.Objects;

/**
 * Runs a {@link Plan}: phase by phase in {@link dev.gatewarden.plan.Phase} order, cloud changes one by one,
 * each firewall's changes of a phase as one change set with one commit.
 *
 * <ul>
 *   <li><b>Resolution.</b> Values the plan leaves null are taken from earlier results of the same run: a
 *   publish without an IP takes the slot's new address of its kind (and its object name from the firewall's
 *   {@link dev.gatewarden.ownership.NameTemplate}); an attach without IPs or handle takes the slot's new
 *   allocations. When the change a value depends on failed or was skipped, the dependent change is
 *   {@link Outcome#SKIPPED}. When the plan names no source, the owned address of the slot in {@code observed}
 *   is used.</li>
 *   <li><b>Firewall change sets.</b> Publishing: each touched group's members are its owned members in
 *   {@code observed} plus the published objects (retired members stay until the withdraw phase:
 *   make-before-break); withdrawing: the members after publishing minus the withdrawn objects, and the objects
 *   withdrawn with {@code deleteObject} are deleted.</li>
 *   <li><b>Failure isolation.</b> An exception from a provider fails that change; from an adapter, all that
 *   firewall's changes of the phase. Other targets and slots carry on.</li>
 *   <li><b>Publish policy.</b> {@link PublishPolicy#STRICT}: an attachment runs only when every firewall it
 *   {@code requires} confirmed the slot, i.e. this run's publish change set on that firewall carrying the slot
 *   succeeded (the planner names a firewall there only when the address must be published on it, so a
 *   required firewall with no successful publish of the slot — a conflict, an unreachable firewall — has not
 *   confirmed). {@link PublishPolicy#BEST_EFFORT}: attach
 *   anyway, noting it.</li>
 *   <li><b>Release safety.</b> A release runs only when every withdrawal of the same address in this run
 *   succeeded, and no detach of it failed; a slot's private IP is not unassigned while an attachment of that
 *   slot in this run did not succeed (the old address may still carry its traffic).</li>
 *   <li><b>Order within the attach phase.</b> Private IP moves run before public IP associations, so an
 *   association finds the private IP on its new node.</li>
 *   <li><b>Audit.</b> Every change attempted or skipped is written to the audit sink once its outcome is known.
 *   When the audit sink fails, no further change is made (they are reported skipped).</li>
 *   <li><b>Dry run.</b> Nothing is called and nothing audited; every change is reported
 *   {@link Outcome#DRY_RUN}, resolved where possible.</li>
 * </ul>
 */
public final class Executor {

    public ApplyReport apply(Plan plan, ObservedState observed, ExecutionContext context) {
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(observed, "observed");
        Objects.requireNonNull(context, "context");
        if (!plan.owner().equals(context.owner())) {
            throw new GatewardenException("the plan was made for owner '" + plan.owner() + "' but this run is for '"
                    + context.owner() + "': plan again with the same configuration");
        }
        return new ExecutorRun(plan, observed, context).run();
    }
}
