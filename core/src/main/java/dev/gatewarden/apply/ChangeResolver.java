package dev.gatewarden.apply;

import dev.gatewarden.apply.RunLedger.AddrKey;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.plan.AddressRef;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.FirewallChange.Withdraw;

/**
 * Resolves the {@link AddressRef.FromAllocation references} of a change to the addresses this run allocated (from
 * the ledger, indexed by slot and kind) and renders the object name of a publish; a change whose allocation failed
 * or was skipped is skipped. Nothing here falls back on the observed state: the plan names every address it does not
 * allocate.
 */
record ChangeResolver(ObservedState observed, ExecutionContext ctx, RunLedger ledger) {

    /** A reference resolved, or why not ({@code known} null). */
    private record Lookup(AddressRef.Known known, Outcome outcome, String why) {
        static Lookup of(AddressRef.Known known) {
            return new Lookup(known, null, null);
        }
    }

    private Lookup lookup(AddressRef address) {
        if (address instanceof AddressRef.Known k) {
            return Lookup.of(k);
        }
        AddressRef.FromAllocation from = (AddressRef.FromAllocation) address;
        AddrKey key = new AddrKey(from.slot(), from.kind());
        CloudAddress made = ledger.allocated(key);
        if (made != null) {
            return Lookup.of(new AddressRef.Known(made.ip(), from.kind() == AddressKind.PUBLIC ? made.ref() : null));
        }
        if (ctx.dryRun()) {
            return new Lookup(null, null, null);
        }
        if (!ledger.plansAllocation(key)) {
            return new Lookup(null, Outcome.FAILED, "no " + from.kind().label() + " IP known for " + from.slot()
                    + ": the plan neither allocates one nor names it; plan again");
        }
        return new Lookup(null, Outcome.SKIPPED, dependencyMessage(key));
    }

    private static Prepared unresolved(dev.gatewarden.plan.Change c, Lookup l) {
        if (l.outcome() == null) {
            return Prepared.ready(c); // dry run: shown as planned
        }
        return l.outcome() == Outcome.FAILED ? Prepared.fail(c, l.why()) : Prepared.skip(c, l.why());
    }

    Prepared resolveAttach(AttachPublic a) {
        Lookup pub = lookup(a.publicAddress());
        if (pub.known() == null) {
            return unresolved(a, pub);
        }
        Lookup priv = lookup(a.privateAddress());
        AttachPublic withPublic = a.resolved(pub.known(), a.privateAddress());
        if (priv.known() == null) {
            return unresolved(withPublic, priv);
        }
        return Prepared.ready(a.resolved(pub.known(), priv.known()));
    }

    String dependencyMessage(AddrKey key) {
        ChangeResult r = ledger.allocation(key);
        String action = key.kind() == AddressKind.PUBLIC ? "allocate-public" : "assign-private";
        String how = r == null ? "missing" : r.outcome() == Outcome.FAILED ? "failed" : "skipped";
        return "depends on " + how + " " + action + " for " + key.slot()
                + (r == null || r.message() == null ? "" : " (" + r.message() + ")");
    }

    Prepared resolvePublish(Publish p) {
        Lookup l = lookup(p.address());
        if (l.known() == null) {
            return unresolved(p, l);
        }
        String ip = l.known().ip();
        String name = p.objectName() != null ? p.objectName()
                : NameTemplate.render(ctx.naming(), p.firewall(), ctx.owner(), p.gateway(), ip,
                p.slot() == null ? 0 : p.slot().index());
        return Prepared.ready(p.resolved(ip, name));
    }

    Prepared resolveWithdraw(Withdraw w) {
        if (w.ip() != null) {
            return Prepared.ready(w);
        }
        String ip = observed.firewall(w.firewall()).object(w.objectName()).map(FirewallObject::ip).orElse(null);
        Withdraw resolved = new Withdraw(w.firewall(), w.group(), w.gateway(), w.slot(), ip, w.objectName(),
                w.deleteObject());
        if (ip == null && w.deleteObject() && !ctx.dryRun()) {
            return Prepared.fail(resolved, "cannot delete " + w.objectName() + " on " + w.firewall()
                    + ": its IP is not in the observed state; plan again");
        }
        return Prepared.ready(resolved);
    }
}
