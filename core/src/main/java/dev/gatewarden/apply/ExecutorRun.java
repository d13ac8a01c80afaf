package dev.gatewarden.apply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.CloudChange.AllocatePublic;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.plan.CloudChange.AttachPublic;
import dev.gatewarden.plan.CloudChange.DetachPublic;
import dev.gatewarden.plan.CloudChange.MovePrivate;
import dev.gatewarden.plan.CloudChange.ReleasePublic;
import dev.gatewarden.plan.CloudChange.UnassignPrivate;
import dev.gatewarden.plan.FirewallChange;
import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.FirewallChange.Withdraw;
import dev.gatewarden.plan.Phase;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.Skip;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.GroupMembers;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/** The state of one {@link Executor} run. Not thread-safe; used once. */
final class ExecutorRun {
    private static final Logger LOG = LoggerFactory.getLogger(Executor.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .setSerializationInclusion(JsonInclude.Include.NON_NULL)
            .registerModule(new SimpleModule().addSerializer(NodeRef.class, ToStringSerializer.instance)
                    .addSerializer(InterfaceSelector.class, ToStringSerializer.instance));

    private final Plan plan;
    private final ObservedState observed;
    private final ExecutionContext ctx;
    private final int total;
    private final List<ChangeResult> results = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();

    /** Addresses produced in this run, by slot and kind. */
    private final Map<AddrKey, CloudAddress> allocated = new LinkedHashMap<>();
    /** Outcomes of this run's allocations, by slot and kind. */
    private final Map<AddrKey, ChangeResult> allocations = new LinkedHashMap<>();
    /** Outcomes of this run's publishes, by firewall and slot. */
    private final Map<FirewallSlot, List<ChangeResult>> publishes = new LinkedHashMap<>();
    /** Outcomes of attach/move, detach and withdraw, in order. */
    private final List<ChangeResult> attachments = new ArrayList<>();
    private final List<ChangeResult> detaches = new ArrayList<>();
    private final List<ChangeResult> withdrawals = new ArrayList<>();
    /** Owned group members per firewall and group, as known in this run (observed, then applied). */
    private final Map<String, Map<String, LinkedHashMap<String, AddressObject>>> groups = new TreeMap<>();
    /** Why no more changes are made (the audit log failed); null while all is well. */
    private String halted;
    private int position;

    private record AddrKey(SlotId slot, AddressKind kind) {
    }

    private record FirewallSlot(String firewall, SlotId slot) {
    }

    /** A change after resolution: either ready to run (resolved) or decided already (outcome + message). */
    private record Prepared(Change resolved, Outcome outcome, String message) {
        static Prepared ready(Change c) {
            return new Prepared(c, null, null);
        }

        static Prepared ready(Change c, String note) {
            return new Prepared(c, null, note);
        }

        static Prepared skip(Change c, String why) {
            return new Prepared(c, Outcome.SKIPPED, why);
        }

        static Prepared fail(Change c, String why) {
            return new Prepared(c, Outcome.FAILED, why);
        }

        boolean decided() {
            return outcome != null;
        }
    }

    ExecutorRun(Plan plan, ObservedState observed, ExecutionContext ctx) {
        this.plan = plan;
        this.observed = observed;
        this.ctx = ctx;
        this.total = plan.changes().size();
    }

    ApplyReport run() {
        if (plan.isEmpty()) {
            LOG.info("nothing to change for owner {}", ctx.owner());
        }
        for (Phase phase : Phase.values()) {
            if (phase == Phase.STATUS) {
                writeStatus();
                continue;
            }
            List<Change> changes = new ArrayList<>(plan.inPhase(phase));
            // A private IP must be on its new node before a public IP is associated with it there; the plan's
            // order is alphabetical by action within a slot (attach-public before move-private).
            changes.sort(Comparator.comparingInt(c -> c instanceof MovePrivate ? 0 : 1));
            if (changes.isEmpty()) {
                continue;
            }
            notifyPhase(phase, changes.size());
            Map<String, List<FirewallChange>> byFirewall = new TreeMap<>();
            for (Change c : changes) {
                if (c instanceof CloudChange cc) {
                    runCloud(cc);
                } else if (c instanceof FirewallChange fc) {
                    byFirewall.computeIfAbsent(fc.firewall(), f -> new ArrayList<>()).add(fc);
                }
            }
            byFirewall.forEach((firewall, list) -> runFirewall(phase, firewall, list));
        }
        return new ApplyReport(results, ctx.calls().snapshot(), warnings, ctx.dryRun());
    }

    // ---------------------------------------------------------------- cloud

    private void runCloud(CloudChange change) {
        Prepared p = prepareCloud(change);
        CloudChange c = (CloudChange) p.resolved();
        if (ctx.dryRun()) {
            finish(c, Outcome.DRY_RUN, null, Map.of(), Map.of());
            return;
        }
        if (halted != null) {
            finish(c, Outcome.SKIPPED, halted, Map.of(), Map.of());
            return;
        }
        if (p.decided()) {
            finish(c, p.outcome(), p.message(), before(c), Map.of());
            return;
        }
        CloudProvider provider = ctx.clouds().get(c.cloud());
        if (provider == null) {
            finish(c, Outcome.FAILED, "no cloud provider configured for '" + c.cloud() + "' (configured: "
                    + String.join(", ", new TreeSet<>(ctx.clouds().keySet())) + ")", before(c), Map.of());
            return;
        }
        Map<String, Object> before = before(c);
        Map<String, Object> after;
        String note = p.message();
        putMdc(c);
        try {
            if (c instanceof CloudChange.Allocation a) {
                CloudAddress address = provider.allocate(a);
                if (address == null || address.ip() == null) {
                    throw new IllegalStateException("cloud provider " + c.cloud() + " returned no address for "
                            + c.summary());
                }
                allocated.put(allocationKey(c), address);
                note = (a instanceof AllocatePublic ? "allocated " : "assigned ") + address.ip()
                        + (address.ref() == null ? "" : a instanceof AllocatePublic ? ", ref " + address.ref()
                        : " on " + address.ref());
                after = addressFields(address);
            } else if (c instanceof CloudChange.Attachment a) {
                after = afterAttach(a, provider.attach(a));
            } else if (c instanceof DetachPublic d) {
                provider.detach(d);
                after = new LinkedHashMap<>();
                after.put("node", null);
                after.put("privateIp", null);
            } else {
                provider.release((CloudChange.Release) c);
                after = Map.of("released", true);
            }
        } catch (RuntimeException e) {
            finish(c, Outcome.FAILED, message(e), before, Map.of());
            return;
        } finally {
            MDC.remove("target");
            MDC.remove("gateway");
        }
        finish(c, Outcome.SUCCEEDED, note, before, after);
    }

    private Prepared prepareCloud(CloudChange c) {
        if (c instanceof AttachPublic a) {
            return gateAttachment(resolveAttach(a));
        }
        if (c instanceof MovePrivate m) {
            return gateAttachment(Prepared.ready(m));
        }
        if (c instanceof CloudChange.Release r) {
            return gateRelease(r);
        }
        return Prepared.ready(c);
    }

    private Prepared resolveAttach(AttachPublic a) {
        String publicIp = a.publicIp();
        String ref = a.ref();
        String privateIp = a.privateIp();
        if (publicIp == null || ref == null) {
            AddrKey key = new AddrKey(a.slot(), AddressKind.PUBLIC);
            if (allocations.containsKey(key) || planAllocates(key)) {
                CloudAddress made = allocated.get(key);
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
            if (allocations.containsKey(key) || planAllocates(key)) {
                CloudAddress made = allocated.get(key);
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
        return plan.inPhase(Phase.ALLOCATE).stream().anyMatch(c -> key.equals(allocationKey(c)));
    }

    private static AddrKey allocationKey(Change c) {
        if (c instanceof AllocatePublic a) {
            return new AddrKey(a.slot(), AddressKind.PUBLIC);
        }
        if (c instanceof AssignPrivate a) {
            return new AddrKey(a.slot(), AddressKind.PRIVATE);
        }
        return null;
    }

    private String dependencyMessage(AddrKey key) {
        ChangeResult r = allocations.get(key);
        String action = key.kind() == AddressKind.PUBLIC ? "allocate-public" : "assign-private";
        String how = r == null ? "missing" : r.outcome() == Outcome.FAILED ? "failed" : "skipped";
        return "depends on " + how + " " + action + " for " + key.slot()
                + (r == null || r.message() == null ? "" : " (" + r.message() + ")");
    }

    /** The strict/best-effort publish policy. */
    private Prepared gateAttachment(Prepared p) {
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
        List<ChangeResult> list = publishes.get(new FirewallSlot(firewall, slot));
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
    private Prepared gateRelease(CloudChange.Release r) {
        if (ctx.dryRun()) {
            return Prepared.ready(r);
        }
        String ip = r instanceof ReleasePublic rp ? rp.publicIp() : ((UnassignPrivate) r).ip();
        List<String> blockers = new ArrayList<>();
        for (ChangeResult w : withdrawals) {
            Withdraw wd = (Withdraw) w.change();
            boolean same = wd.ip() != null ? wd.ip().equals(ip) : wd.slot() != null && wd.slot().equals(r.slot());
            if (same && w.outcome() != Outcome.SUCCEEDED) {
                blockers.add("withdrawal of " + wd.objectName() + " from firewall " + wd.firewall() + " "
                        + w.outcome().label() + (w.message() == null ? "" : " (" + w.message() + ")"));
            }
        }
        for (ChangeResult d : detaches) {
            DetachPublic dp = (DetachPublic) d.change();
            boolean same = r instanceof ReleasePublic ? dp.publicIp().equals(ip) : ip.equals(dp.privateIp());
            if (same && d.outcome() != Outcome.SUCCEEDED) {
                blockers.add("detach-public of " + dp.publicIp() + " " + d.outcome().label()
                        + (d.message() == null ? "" : " (" + d.message() + ")"));
            }
        }
        if (r instanceof UnassignPrivate && r.slot() != null) {
            // a replaced private IP still carries the slot's traffic until its successor is attached
            for (ChangeResult a : attachments) {
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

    // ---------------------------------------------------------------- firewall

    private void runFirewall(Phase phase, String firewall, List<FirewallChange> changes) {
        List<Prepared> prepared = new ArrayList<>();
        for (FirewallChange c : changes) {
            prepared.add(c instanceof Publish p ? resolvePublish(p) : resolveWithdraw((Withdraw) c));
        }
        if (ctx.dryRun() || halted != null) {
            for (Prepared p : prepared) {
                finish(p.resolved(), ctx.dryRun() ? Outcome.DRY_RUN : Outcome.SKIPPED, halted, Map.of(), Map.of());
            }
            return;
        }
        FirewallAdapter adapter = ctx.firewalls().get(firewall);
        List<Prepared> ready = prepared.stream().filter(p -> !p.decided()).toList();
        if (adapter == null && !ready.isEmpty()) {
            String why = "no firewall adapter configured for '" + firewall + "' (configured: "
                    + String.join(", ", new TreeSet<>(ctx.firewalls().keySet())) + ")";
            List<Prepared> failed = new ArrayList<>();
            for (Prepared p : prepared) {
                failed.add(p.decided() ? p : Prepared.fail(p.resolved(), why));
            }
            prepared = failed;
            ready = List.of();
        }

        // build the change set from the group state known so far
        Map<String, LinkedHashMap<String, AddressObject>> state = groupState(firewall);
        Map<String, LinkedHashMap<String, AddressObject>> working = new LinkedHashMap<>();
        Map<String, String> groupGateway = new LinkedHashMap<>();
        Map<String, AddressObject> create = new LinkedHashMap<>();
        Map<String, AddressObject> delete = new LinkedHashMap<>();
        Map<Change, Map<String, Object>> befores = new LinkedHashMap<>();
        for (Prepared p : ready) {
            if (p.resolved() instanceof Publish pub) {
                LinkedHashMap<String, AddressObject> members = working.computeIfAbsent(pub.group(),
                        g -> new LinkedHashMap<>(state.getOrDefault(g, new LinkedHashMap<>())));
                groupGateway.putIfAbsent(pub.group(), pub.gateway());
                befores.put(pub, Map.of("group", pub.group(), "ownedMembers", members.size(),
                        "listed", members.containsKey(pub.objectName())));
                AddressObject o = new AddressObject(pub.objectName(), pub.ip(), pub.gateway(), pub.slot());
                create.putIfAbsent(o.name(), o);
                members.put(o.name(), o);
            } else {
                Withdraw w = (Withdraw) p.resolved();
                Map<String, Object> before = new LinkedHashMap<>();
                before.put("object", w.objectName());
                before.put("ip", w.ip());
                if (w.group() != null) {
                    LinkedHashMap<String, AddressObject> members = working.computeIfAbsent(w.group(),
                            g -> new LinkedHashMap<>(state.getOrDefault(g, new LinkedHashMap<>())));
                    groupGateway.putIfAbsent(w.group(), w.gateway());
                    before.put("group", w.group());
                    before.put("ownedMembers", members.size());
                    before.put("listed", members.containsKey(w.objectName()));
                    members.remove(w.objectName());
                }
                befores.put(w, before);
                if (w.deleteObject()) {
                    delete.putIfAbsent(w.objectName(),
                            new AddressObject(w.objectName(), w.ip(), w.gateway(), w.slot()));
                }
            }
        }

        Outcome outcome = null;
        String note = null;
        if (!ready.isEmpty()) {
            List<GroupMembers> groupSet = new ArrayList<>();
            working.forEach((g, members) -> groupSet.add(
                    new GroupMembers(g, groupGateway.get(g), new ArrayList<>(members.values()))));
            FirewallChangeSet set = new FirewallChangeSet(firewall, new ArrayList<>(create.values()), groupSet,
                    new ArrayList<>(delete.values()));
            try {
                MDC.put("target", firewall);
                FirewallApplyResult r = adapter.apply(set);
                outcome = Outcome.SUCCEEDED;
                if (r != null && r.commitReference() != null) {
                    note = "committed (" + r.commitReference() + ")";
                }
                state.putAll(working);
                LOG.info("{} {}: {} object(s) created, {} group(s) set, {} object(s) deleted{}", phase.label(),
                        firewall, create.size(), groupSet.size(), delete.size(), note == null ? "" : ", " + note);
            } catch (RuntimeException e) {
                outcome = Outcome.FAILED;
                note = message(e);
                LOG.warn("{} {} failed: {}", phase.label(), firewall, note);
            } finally {
                MDC.remove("target");
            }
        }
        for (Prepared p : prepared) {
            Change c = p.resolved();
            Map<String, Object> before = befores.getOrDefault(c, Map.of());
            if (p.decided()) {
                finish(c, p.outcome(), p.message(), before, Map.of());
            } else if (outcome == Outcome.SUCCEEDED) {
                finish(c, outcome, note, before, afterFirewall(c, state));
            } else {
                finish(c, outcome, note, before, Map.of());
            }
        }
    }

    private Prepared resolvePublish(Publish p) {
        String ip = p.ip();
        if (ip == null) {
            if (p.slot() == null) {
                return Prepared.fail(p, "publish names neither an IP nor a slot; plan again");
            }
            AddrKey key = new AddrKey(p.slot(), p.kind());
            if (allocations.containsKey(key) || planAllocates(key)) {
                CloudAddress made = allocated.get(key);
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
                : ctx.template(p.firewall()).objectName(ctx.owner(), p.gateway(), ip,
                p.slot() == null ? 0 : p.slot().index());
        return Prepared.ready(p.resolved(ip, name));
    }

    private Prepared resolveWithdraw(Withdraw w) {
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

    /** The owned members of each group on {@code firewall}, starting from the observed state. */
    private Map<String, LinkedHashMap<String, AddressObject>> groupState(String firewall) {
        return groups.computeIfAbsent(firewall, f -> {
            ObservedFirewall of = observed.firewall(f);
            Map<String, FirewallObject> objects = new LinkedHashMap<>();
            of.objects().forEach(o -> objects.putIfAbsent(o.name(), o));
            Map<String, LinkedHashMap<String, AddressObject>> m = new TreeMap<>();
            for (FirewallGroup g : of.groups()) {
                LinkedHashMap<String, AddressObject> members = new LinkedHashMap<>();
                for (String name : g.members()) {
                    FirewallObject o = objects.get(name);
                    if (o != null && ctx.owner().equals(o.owner()) && o.ip() != null) {
                        members.put(name, new AddressObject(name, o.ip(), o.gateway(), null));
                    }
                }
                m.put(g.name(), members);
            }
            return m;
        });
    }

    private Map<String, Object> afterFirewall(Change c, Map<String, LinkedHashMap<String, AddressObject>> state) {
        Map<String, Object> after = new LinkedHashMap<>();
        if (c instanceof Publish p) {
            after.put("object", p.objectName());
            after.put("ip", p.ip());
            after.put("group", p.group());
            after.put("ownedMembers", state.getOrDefault(p.group(), new LinkedHashMap<>()).size());
        } else if (c instanceof Withdraw w) {
            if (w.group() != null) {
                after.put("group", w.group());
                after.put("ownedMembers", state.getOrDefault(w.group(), new LinkedHashMap<>()).size());
            }
            after.put("deleted", w.deleteObject());
        }
        return after;
    }

    // ---------------------------------------------------------------- status

    private void writeStatus() {
        Optional<StatusSink> sink = ctx.status();
        if (ctx.dryRun() || sink.isEmpty() || halted != null) {
            return;
        }
        TreeSet<SlotId> slots = new TreeSet<>();
        plan.changes().stream().map(Change::slot).filter(Objects::nonNull).forEach(slots::add);
        if (slots.isEmpty()) {
            return;
        }
        List<SlotStatus> statuses = new ArrayList<>();
        for (SlotId slot : slots) {
            statuses.add(status(slot));
        }
        notifyPhase(Phase.STATUS, statuses.size());
        try {
            sink.get().publish(statuses);
        } catch (RuntimeException e) {
            String w = "status of " + statuses.size() + " slot(s) not written back: " + message(e);
            warnings.add(w);
            LOG.warn(w);
        }
    }

    private SlotStatus status(SlotId slot) {
        String cloud = plan.changes().stream().filter(c -> c instanceof CloudChange && slot.equals(c.slot()))
                .map(Change::target).findFirst().orElse(null);
        CloudAddress priv = allocated.get(new AddrKey(slot, AddressKind.PRIVATE));
        if (priv == null) {
            priv = observedAddress(cloud, slot, AddressKind.PRIVATE, null).orElse(null);
        }
        CloudAddress pub = allocated.get(new AddrKey(slot, AddressKind.PUBLIC));
        if (pub == null) {
            pub = observedAddress(cloud, slot, AddressKind.PUBLIC, null).orElse(null);
        }
        if (cloud == null) {
            cloud = priv != null ? priv.cloud() : pub != null ? pub.cloud() : null;
        }
        NodeRef node = priv != null ? priv.node() : pub != null ? pub.node() : null;
        String privateIp = priv == null ? null : priv.ip();
        for (ChangeResult r : attachments) {
            if (slot.equals(r.change().slot()) && r.outcome() == Outcome.SUCCEEDED) {
                if (r.change() instanceof AttachPublic a) {
                    node = a.node();
                    privateIp = a.privateIp() != null ? a.privateIp() : privateIp;
                } else if (r.change() instanceof MovePrivate m) {
                    node = m.node();
                }
            }
        }
        List<String> confirmed = new ArrayList<>();
        publishes.forEach((key, list) -> {
            if (key.slot() != null && key.slot().equals(slot)
                    && list.stream().allMatch(r -> r.outcome() == Outcome.SUCCEEDED)) {
                confirmed.add(key.firewall());
            }
        });
        String problem = null;
        for (ChangeResult r : results) {
            if (slot.equals(r.change().slot()) && r.outcome() != Outcome.SUCCEEDED) {
                problem = r.change().action() + " " + r.outcome().label()
                        + (r.message() == null ? "" : ": " + r.message());
                break;
            }
        }
        return new SlotStatus(slot, cloud, node, privateIp, pub == null ? null : pub.ip(), confirmed,
                problem == null, problem);
    }

    // ---------------------------------------------------------------- helpers

    /** The owned address of {@code slot} of {@code kind} observed in {@code cloud} (any cloud when null). */
    private Optional<CloudAddress> observedAddress(String cloud, SlotId slot, AddressKind kind, String ip) {
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

    private Map<String, Object> before(CloudChange c) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (c instanceof AttachPublic a) {
            m.put("node", a.fromNode() == null ? null : a.fromNode().providerId());
            if (a.publicIp() != null) {
                observedAddress(a.cloud(), a.slot(), AddressKind.PUBLIC, a.publicIp())
                        .ifPresent(o -> m.put("privateIp", o.boundPrivateIp()));
            }
        } else if (c instanceof MovePrivate mv) {
            m.put("node", mv.fromNode() == null ? null : mv.fromNode().providerId());
            m.put("ip", mv.ip());
        } else if (c instanceof DetachPublic d) {
            m.put("publicIp", d.publicIp());
            m.put("node", d.node() == null ? null : d.node().providerId());
            m.put("privateIp", d.privateIp());
        } else if (c instanceof ReleasePublic r) {
            m.put("publicIp", r.publicIp());
            m.put("ref", r.ref());
        } else if (c instanceof UnassignPrivate u) {
            m.put("ip", u.ip());
            m.put("node", u.node() == null ? null : u.node().providerId());
        }
        return m;
    }

    private static Map<String, Object> addressFields(CloudAddress a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip", a.ip());
        m.put("ref", a.ref());
        if (a.node() != null) {
            m.put("node", a.node().providerId());
        }
        if (a.interfaceId() != null) {
            m.put("interface", a.interfaceId());
        }
        return m;
    }

    private static Map<String, Object> afterAttach(CloudChange.Attachment a, CloudAddress result) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (a instanceof AttachPublic ap) {
            m.put("publicIp", ap.publicIp());
            m.put("privateIp", ap.privateIp());
            m.put("node", ap.node().providerId());
        } else if (a instanceof MovePrivate mv) {
            m.put("ip", mv.ip());
            m.put("node", mv.node().providerId());
        }
        if (result != null && result.interfaceId() != null) {
            m.put("interface", result.interfaceId());
        }
        return m;
    }

    private void finish(Change change, Outcome outcome, String message, Map<String, Object> before,
                        Map<String, Object> after) {
        ChangeResult result = new ChangeResult(change, outcome, message, Instant.now(ctx.clock()));
        results.add(result);
        position++;
        track(result);
        if (outcome != Outcome.DRY_RUN && halted == null) {
            audit(result, before, after);
        } else if (outcome != Outcome.DRY_RUN) {
            LOG.warn("not audited ({}): {} {}", halted, outcome.label(), change.summary());
        }
        if (outcome == Outcome.SUCCEEDED) {
            LOG.info("{} {}: {}{}", change.phase().label(), change.target(), change.summary(),
                    message == null ? "" : " (" + message + ")");
        } else if (outcome == Outcome.FAILED || outcome == Outcome.SKIPPED) {
            LOG.warn("{} {}: {} {}: {}", change.phase().label(), change.target(), change.summary(), outcome.label(),
                    message);
        }
        try {
            ctx.progress().changed(change.phase(), position, total, result);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed: {}", message(e));
        }
    }

    private void track(ChangeResult r) {
        Change c = r.change();
        AddrKey key = allocationKey(c);
        if (key != null) {
            allocations.put(key, r);
        } else if (c instanceof Publish p) {
            publishes.computeIfAbsent(new FirewallSlot(p.firewall(), p.slot()), k -> new ArrayList<>()).add(r);
        } else if (c instanceof CloudChange.Attachment) {
            attachments.add(r);
        } else if (c instanceof DetachPublic) {
            detaches.add(r);
        } else if (c instanceof Withdraw) {
            withdrawals.add(r);
        }
    }

    private void audit(ChangeResult r, Map<String, Object> before, Map<String, Object> after) {
        Change c = r.change();
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = JSON.convertValue(c, Map.class);
            ctx.audit().append(new AuditEntry(ctx.owner(), c.target(), c.phase().label(), c.action(),
                    c.slot() == null ? null : c.slot().toString(), fields, before, after, r.outcome().name(),
                    r.message()));
        } catch (RuntimeException e) {
            halted = "not attempted: the audit log could not be written (" + message(e) + ")";
            warnings.add("audit log failed after " + c.summary() + ": " + message(e)
                    + "; the remaining changes were not attempted");
            LOG.error("audit log failed; stopping before the next change: {}", message(e));
        }
    }

    private void notifyPhase(Phase phase, int count) {
        try {
            ctx.progress().phaseStarted(phase, count);
        } catch (RuntimeException e) {
            LOG.warn("progress listener failed: {}", message(e));
        }
    }

    private static void putMdc(Change c) {
        MDC.put("target", c.target());
        if (c.slot() != null) {
            MDC.put("gateway", c.slot().gateway());
        }
    }

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
