package dev.gatewarden.apply;

import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.apply.RunLedger.AddrKey;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.FirewallChange.Withdraw;
import dev.gatewarden.plan.Phase;
import dev.gatewarden.plan.Plan;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Fills in the values a change leaves open (public and private IPs, refs, object names) from the addresses this run
 * allocated or, failing that, the observed state; a change whose value depends on a failed or skipped allocation is
 * skipped.
 */
record ChangeResolver(Plan plan, ObservedState observed, ExecutionContext ctx, RunLedger ledger) {

    Prepared resolveAttach(AttachPublic a) {
        String publicIp = a.publicIp();
        String ref = a.ref();
        String privateIp = a.privateIp();
        if (publicIp == null || ref == null) {
            AddrKey key = new AddrKey(a.slot(), AddressKind.PUBLIC);
            if (ledger.allocationFinished(key) || planAllocates(key)) {
                CloudAddress made = ledger.allocated(key);
                if (made == null) {
                    if (ctx.dryRun()) {
                        return Prepared.ready(a);
                    }
                    return Prepared.skip(a, dependencyMessage(key));
                }
                publicIp = publicIp == null ? made.ip() : publicIp;
                ref = ref == null ? made.ref() : ref;
            } else {
                Optional<CloudAddress> seen = observedAddress(a.cloud(), a.slot(), AddressKind.PUBLIC, publicIp);
                if (seen.isPresent()) {
                    publicIp = publicIp == null ? seen.get().ip() : publicIp;
                    ref = ref == null ? seen.get().ref() : ref;
                }
                if (publicIp == null && !ctx.dryRun()) {
                    return Prepared.fail(a, "no public IP known for " + a.slot()
                            + ": the plan neither allocates one nor names it; plan again");
                }
            }
        }
        if (privateIp == null) {
            AddrKey key = new AddrKey(a.slot(), AddressKind.PRIVATE);
            if (ledger.allocationFinished(key) || planAllocates(key)) {
                CloudAddress made = ledger.allocated(key);
                if (made == null) {
                    if (ctx.dryRun()) {
                        return Prepared.ready(a.resolved(publicIp, ref, null));
                    }
                    return Prepared.skip(a.resolved(publicIp, ref, null), dependencyMessage(key));
                }
                privateIp = made.ip();
            } else {
                privateIp = observedAddress(a.cloud(), a.slot(), AddressKind.PRIVATE, null)
                        .map(CloudAddress::ip).orElse(null);
                if (privateIp == null && !ctx.dryRun()) {
                    return Prepared.fail(a.resolved(publicIp, ref, null), "no private IP known for " + a.slot()
                            + " to associate " + publicIp + " with: the plan neither assigns one nor names it; plan again");
                }
            }
        }
        return Prepared.ready(a.resolved(publicIp, ref, privateIp));
    }

    private boolean planAllocates(AddrKey key) {
        return plan.inPhase(Phase.ALLOCATE).stream().anyMatch(c -> key.equals(RunLedger.allocationKey(c)));
    }

    String dependencyMessage(AddrKey key) {
        ChangeResult r = ledger.allocation(key);
        String action = key.kind() == AddressKind.PUBLIC ? "allocate-public" : "assign-private";
        String how = r == null ? "missing" : r.outcome() == Outcome.FAILED ? "failed" : "skipped";
        return "depends on " + how + " " + action + " for " + key.slot()
                + (r == null || r.message() == null ? "" : " (" + r.message() + ")");
    }

    Prepared resolvePublish(Publish p) {
        String ip = p.ip();
        if (ip == null) {
            if (p.slot() == null) {
                return Prepared.fail(p, "publish names neither an IP nor a slot; plan again");
            }
            AddrKey key = new AddrKey(p.slot(), p.kind());
            if (ledger.allocationFinished(key) || planAllocates(key)) {
                CloudAddress made = ledger.allocated(key);
                if (made == null) {
                    return ctx.dryRun() ? Prepared.ready(p) : Prepared.skip(p, dependencyMessage(key));
                }
                ip = made.ip();
            } else {
                ip = observedAddress(null, p.slot(), p.kind(), null).map(CloudAddress::ip).orElse(null);
                if (ip == null) {
                    return ctx.dryRun() ? Prepared.ready(p) : Prepared.fail(p, "no " + p.kind().label()
                            + " IP known for " + p.slot() + ": the plan neither allocates one nor names it; plan again");
                }
            }
        }
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

    /** The owned address of {@code slot} of {@code kind} observed in {@code cloud} (any cloud when null). */
    Optional<CloudAddress> observedAddress(String cloud, SlotId slot, AddressKind kind, String ip) {
        if (slot == null) {
            return Optional.empty();
        }
        List<ObservedCloud> clouds = cloud == null ? new ArrayList<>(new TreeMap<>(observed.clouds()).values())
                : List.of(observed.cloud(cloud));
        for (ObservedCloud oc : clouds) {
            for (CloudAddress a : oc.addresses()) {
                if (a.kind() == kind && slot.equals(a.slot()) && ctx.owner().equals(a.owner())
                        && (ip == null || ip.equals(a.ip()))) {
                    return Optional.of(a);
                }
            }
        }
        return Optional.empty();
    }
}
