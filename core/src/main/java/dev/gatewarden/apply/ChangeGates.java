package dev.gatewarden.apply;

import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.CloudChange.MovePrivate;
import dev.gatewarden.plan.CloudChange.ReleasePublic;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import dev.gatewarden.plan.FirewallChange.Withdraw;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.Phase;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.Skip;
import java.util.ArrayList;
import java.util.List;

/**
 * The make-before-break gates on cloud changes, decided from what this run has done so far: an attachment waits for
 * the firewalls that must list its address (the strict/best-effort publish policy), and a release waits for the
 * withdrawals, detaches and attachments that must come first.
 */
record ChangeGates(Plan plan, ObservedState observed, ExecutionContext ctx, RunLedger ledger) {

    /** The strict/best-effort publish policy. */
    Prepared gateAttachment(Prepared p) {
        if (p.decided() || ctx.dryRun()) {
            return p;
        }
        CloudChange.Attachment a = (CloudChange.Attachment) p.resolved();
        List<String> requires = a instanceof AttachPublic ap ? ap.requires() : ((MovePrivate) a).requires();
        List<String> unconfirmed = new ArrayList<>();
        for (String firewall : requires) {
            String why = unconfirmedReason(firewall, a.slot());
            if (why != null) {
                unconfirmed.add("firewall " + firewall + " did not confirm (" + why + ")");
            }
        }
        if (unconfirmed.isEmpty()) {
            return p;
        }
        if (ctx.policy() == PublishPolicy.STRICT) {
            return Prepared.skip(a, "not attached: " + String.join("; ", unconfirmed));
        }
        return Prepared.ready(a, "attached under the best-effort policy although " + String.join("; ", unconfirmed));
    }

    /** Null when {@code firewall} confirmed the slot's address in this run, else why not. */
    private String unconfirmedReason(String firewall, SlotId slot) {
        List<ChangeResult> list = ledger.publishes(firewall, slot);
        if (list != null && !list.isEmpty()) {
            for (ChangeResult r : list) {
                if (r.outcome() != Outcome.SUCCEEDED) {
                    return r.message() == null ? "publish " + r.outcome().label() : r.message();
                }
            }
            return null;
        }
        if (!observed.available(firewall)) {
            return "it could not be observed: " + observed.unavailable().get(firewall);
        }
        // The planner names a firewall in requires only when the address must be published there; with no
        // publish change in the plan it could not be (e.g. a name conflict): quote the plan's skipped item.
        for (Skip skip : plan.skipped()) {
            if (firewall.equals(skip.target()) && slot.equals(skip.slot())) {
                return skip.kind().label() + ": " + skip.reason();
            }
        }
        return "the address could not be published there; see the plan's skipped items";
    }

    /** Never release an address that a firewall may still list, or that is still attached. */
    Prepared gateRelease(CloudChange.Release r) {
        if (ctx.dryRun()) {
            return Prepared.ready(r);
        }
        String ip = r instanceof ReleasePublic rp ? rp.publicIp() : ((UnassignPrivate) r).ip();
        List<String> blockers = new ArrayList<>();
        for (ChangeResult w : ledger.withdrawals()) {
            Withdraw wd = (Withdraw) w.change();
            boolean same = wd.ip() != null ? wd.ip().equals(ip) : wd.slot() != null && wd.slot().equals(r.slot());
            if (same && w.outcome() != Outcome.SUCCEEDED) {
                blockers.add("withdrawal of " + wd.objectName() + " from firewall " + wd.firewall() + " "
                        + w.outcome().label() + (w.message() == null ? "" : " (" + w.message() + ")"));
            }
        }
        // every withdrawal the plan made for this address must have run (a failed one is reported above)
        for (Change c : plan.inPhase(Phase.WITHDRAW)) {
            if (c instanceof Withdraw wd && ip.equals(wd.ip()) && ledger.withdrawals().stream()
                    .map(w -> (Withdraw) w.change())
                    .noneMatch(w -> w.firewall().equals(wd.firewall()) && w.objectName().equals(wd.objectName())
                            && java.util.Objects.equals(w.group(), wd.group()))) {
                blockers.add("withdrawal of " + wd.objectName() + " from firewall " + wd.firewall() + " did not run");
            }
        }
        for (ChangeResult d : ledger.detaches()) {
            DetachPublic dp = (DetachPublic) d.change();
            boolean same = r instanceof ReleasePublic ? dp.publicIp().equals(ip) : ip.equals(dp.privateIp());
            if (same && d.outcome() != Outcome.SUCCEEDED) {
                blockers.add("detach-public of " + dp.publicIp() + " " + d.outcome().label()
                        + (d.message() == null ? "" : " (" + d.message() + ")"));
            }
        }
        if (r instanceof UnassignPrivate && r.slot() != null) {
            // a replaced private IP still carries the slot's traffic until its successor is attached
            for (ChangeResult a : ledger.attachments()) {
                if (r.slot().equals(a.change().slot()) && a.outcome() != Outcome.SUCCEEDED) {
                    blockers.add(a.change().action() + " of " + r.slot() + " " + a.outcome().label()
                            + (a.message() == null ? "" : " (" + a.message() + ")"));
                }
            }
        }
        if (blockers.isEmpty()) {
            return Prepared.ready(r);
        }
        return Prepared.skip(r, "not released: " + String.join("; ", blockers));
    }
}
