package dev.gatewarden.apply;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import dev.gatewarden.apply.RunLedger.AddrKey;
import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.audit.AuditVerifier;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.CloudChange.AllocatePublic;
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
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.plan.CloudChange.AssignPrivate;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudResult;
import dev.gatewarden.spi.CloudRound;
import dev.gatewarden.spi.PrivateAddresses;
import dev.gatewarden.spi.PublicAddresses;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import dev.gatewarden.model.ObservedCloud;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The state of one {@link Executor} run: the phase loop, each change's call to its provider or adapter, the audit
 * log and the status write-back. Resolution, gating and firewall change sets are delegated. Not thread-safe; used
 * once.
 */
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

    private final RunLedger ledger;
    /** Notes the gates attached to ready cloud changes (e.g. best effort), reported with their outcome. */
    private final Map<Change, String> notes = new IdentityHashMap<>();
    private final ChangeResolver resolver;
    private final ChangeGates gates;
    private final FirewallGroups groups;
    /** Why no more changes are made (the audit log failed); null while all is well. */
    private String halted;
    private int position;

    ExecutorRun(Plan plan, ObservedState observed, ExecutionContext ctx) {
        this.plan = plan;
        this.observed = observed;
        this.ctx = ctx;
        this.total = plan.changes().size();
        this.ledger = new RunLedger(plan);
        this.resolver = new ChangeResolver(observed, ctx, ledger);
        this.gates = new ChangeGates(plan, observed, ctx, ledger);
        this.groups = new FirewallGroups(observed, ctx.owner());
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
            int phaseStart = results.size();
            List<CloudChange> cloudChanges = new ArrayList<>();
            Map<String, List<FirewallChange>> byFirewall = new TreeMap<>();
            for (Change c : changes) {
                if (c instanceof CloudChange cc) {
                    cloudChanges.add(cc);
                } else if (c instanceof FirewallChange fc) {
                    byFirewall.computeIfAbsent(fc.firewall(), f -> new ArrayList<>()).add(fc);
                }
            }
            Map<Change, Integer> order = new IdentityHashMap<>();
            if (!cloudChanges.isEmpty()) {
                runCloudPhase(cloudChanges, order);
            }
            byFirewall.forEach((firewall, list) -> runFirewall(phase, firewall, list));
            if (!order.isEmpty()) {
                // batches run by account and kind; the report keeps the plan's order
                results.subList(phaseStart, results.size()).sort(Comparator.comparingInt(
                        r -> order.getOrDefault(r.change(), Integer.MAX_VALUE)));
            }
        }
        return new ApplyReport(results, ctx.calls().snapshot(), warnings, ctx.dryRun());
    }

    // ---------------------------------------------------------------- cloud

    /**
     * Resolves and gates a phase's cloud changes, then hands each account its ready changes as one batch per kind
     * (public before private; a private IP moves before a public IP is associated with it there).
     */
    private void runCloudPhase(List<CloudChange> changes, Map<Change, Integer> order) {
        Map<String, List<CloudChange>> ready = new TreeMap<>();
        for (CloudChange change : changes) {
            Prepared p = prepareCloud(change);
            CloudChange c = (CloudChange) p.resolved();
            order.put(c, order.size());
            if (ctx.dryRun()) {
                finish(c, Outcome.DRY_RUN, null, Map.of(), Map.of());
            } else if (halted != null) {
                finish(c, Outcome.SKIPPED, halted, Map.of(), Map.of());
            } else if (p.decided()) {
                finish(c, p.outcome(), p.message(), before(c), Map.of());
            } else {
                ready.computeIfAbsent(c.cloud(), k -> new ArrayList<>()).add(c);
                if (p.message() != null) {
                    notes.put(c, p.message());
                }
            }
        }
        ready.forEach((cloud, list) -> {
            CloudProvider provider = ctx.clouds().get(cloud);
            if (provider == null) {
                String why = "no cloud provider configured for '" + cloud + "' (configured: "
                        + String.join(", ", new TreeSet<>(ctx.clouds().keySet())) + ")";
                list.forEach(c -> finish(c, Outcome.FAILED, why, before(c), Map.of()));
                return;
            }
            CloudRound round = new CloudRound(ctx.owner(), observed.cloud(cloud));
            PrivateAddresses privates = provider.privateAddresses();
            batch(cloud, list, AllocatePublic.class, b -> publicRole(provider).allocate(b, round));
            batch(cloud, list, AssignPrivate.class, b -> privates.assign(b, round));
            batch(cloud, list, MovePrivate.class, b -> privates.move(b, round));
            batch(cloud, list, AttachPublic.class, b -> publicRole(provider).associate(b, round));
            batch(cloud, list, DetachPublic.class, b -> publicRole(provider).disassociate(b, round));
            batch(cloud, list, ReleasePublic.class, b -> publicRole(provider).release(b, round));
            batch(cloud, list, UnassignPrivate.class, b -> privates.unassign(b, round));
        });
    }

    private static PublicAddresses publicRole(CloudProvider provider) {
        return provider.publicAddresses().orElseThrow(() -> new ProviderException("cloud " + provider.name()
                + " has no public IPs (its provider does not declare them); remove public: true from its gateways",
                "Unsupported", false));
    }

    /** One batch: the changes of {@code type} among {@code ready}, sent in one call, each finished by its result. */
    private <C extends CloudChange> void batch(String cloud, List<CloudChange> ready, Class<C> type,
                                               Function<List<C>, List<CloudResult>> call) {
        List<C> changes = ready.stream().filter(type::isInstance).map(type::cast).toList();
        if (changes.isEmpty()) {
            return;
        }
        if (halted != null) {
            changes.forEach(c -> finish(c, Outcome.SKIPPED, halted, Map.of(), Map.of()));
            return;
        }
        Map<CloudChange, Map<String, Object>> befores = new IdentityHashMap<>();
        changes.forEach(c -> befores.put(c, before(c)));
        // the intent of every change of the batch is audited before the call; if one cannot be written, none is made
        if (!changes.stream().allMatch(c -> intent(c, befores.get(c)))) {
            changes.forEach(c -> finish(c, Outcome.SKIPPED, halted, befores.get(c), Map.of()));
            return;
        }
        List<CloudResult> answered;
        MDC.put("target", cloud);
        try {
            answered = call.apply(changes);
            if (answered == null || answered.size() != changes.size()) {
                throw new IllegalStateException("cloud provider " + cloud + " answered "
                        + (answered == null ? "nothing" : answered.size() + " result(s)") + " for " + changes.size()
                        + " change(s)");
            }
        } catch (RuntimeException e) {
            answered = changes.stream().map(c -> CloudResult.failed(c, e)).toList();
        } finally {
            MDC.remove("target");
        }
        for (int i = 0; i < changes.size(); i++) {
            C c = changes.get(i);
            CloudResult r = answered.get(i);
            if (!r.succeeded()) {
                finish(c, Outcome.FAILED, message(r.failure()), transientFailure(r.failure()), befores.get(c),
                        Map.of());
                continue;
            }
            String note = notes.get(c);
            Map<String, Object> after;
            if (c instanceof CloudChange.Allocation a) {
                CloudAddress address = r.address();
                if (address == null || address.ip() == null) {
                    finish(c, Outcome.FAILED, "cloud provider " + cloud + " returned no address for " + c.summary(),
                            befores.get(c), Map.of());
                    continue;
                }
                ledger.allocated(RunLedger.allocationKey(c), address);
                note = (a instanceof AllocatePublic ? "allocated " : "assigned ") + address.ip()
                        + (address.ref() == null ? "" : a instanceof AllocatePublic ? ", ref " + address.ref()
                        : " on " + address.ref());
                after = addressFields(address);
            } else if (c instanceof CloudChange.Attachment a) {
                after = afterAttach(a, r.address());
            } else if (c instanceof DetachPublic) {
                after = new LinkedHashMap<>();
                after.put("node", null);
                after.put("privateIp", null);
            } else {
                after = Map.of("released", true);
            }
            finish(c, Outcome.SUCCEEDED, note, befores.get(c), after);
        }
    }

    private Prepared prepareCloud(CloudChange c) {
        if (c instanceof AttachPublic a) {
            return gates.gateAttachment(resolver.resolveAttach(a));
        }
        if (c instanceof MovePrivate m) {
            return gates.gateAttachment(Prepared.ready(m));
        }
        if (c instanceof CloudChange.Release r) {
            return gates.gateRelease(r);
        }
        return Prepared.ready(c);
    }

    // ---------------------------------------------------------------- firewall

    private void runFirewall(Phase phase, String firewall, List<FirewallChange> changes) {
        List<Prepared> prepared = new ArrayList<>();
        for (FirewallChange c : changes) {
            prepared.add(c instanceof Publish p ? resolver.resolvePublish(p)
                    : resolver.resolveWithdraw((Withdraw) c));
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
        FirewallGroups.Draft draft = groups.draft(firewall, ready);
        Outcome outcome = null;
        String note = null;
        boolean retryable = false;
        if (!ready.isEmpty() && !ready.stream().allMatch(p -> intent(p.resolved(),
                draft.befores().getOrDefault(p.resolved(), Map.of())))) {
            prepared = prepared.stream().map(p -> p.decided() ? p : Prepared.fail(p.resolved(), halted)).toList();
            ready = List.of();
        }
        if (!ready.isEmpty()) {
            FirewallChangeSet set = draft.set();
            try {
                MDC.put("target", firewall);
                FirewallApplyResult r = adapter.apply(set);
                outcome = Outcome.SUCCEEDED;
                if (r != null && r.commitReference() != null) {
                    note = "committed (" + r.commitReference() + ")";
                }
                groups.applied(draft);
                LOG.info("{} {}: {} object(s) created, {} group(s) set, {} object(s) deleted{}", phase.label(),
                        firewall, set.create().size(), set.groups().size(), set.delete().size(),
                        note == null ? "" : ", " + note);
            } catch (RuntimeException e) {
                outcome = Outcome.FAILED;
                note = message(e);
                retryable = transientFailure(e);
                LOG.warn("{} {} failed: {}", phase.label(), firewall, note);
            } finally {
                MDC.remove("target");
            }
        }
        for (Prepared p : prepared) {
            Change c = p.resolved();
            Map<String, Object> before = draft.befores().getOrDefault(c, Map.of());
            if (p.decided()) {
                finish(c, p.outcome(), p.message(), before, Map.of());
            } else if (outcome == Outcome.SUCCEEDED) {
                finish(c, outcome, note, before, groups.after(firewall, c));
            } else {
                finish(c, outcome, note, retryable, before, Map.of());
            }
        }
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
        CloudAddress priv = ledger.allocated(new AddrKey(slot, AddressKind.PRIVATE));
        if (priv == null) {
            priv = observedAddress(cloud, slot, AddressKind.PRIVATE, null).orElse(null);
        }
        CloudAddress pub = ledger.allocated(new AddrKey(slot, AddressKind.PUBLIC));
        if (pub == null) {
            pub = observedAddress(cloud, slot, AddressKind.PUBLIC, null).orElse(null);
        }
        if (cloud == null) {
            cloud = priv != null ? priv.cloud() : pub != null ? pub.cloud() : null;
        }
        NodeRef node = priv != null ? priv.node() : pub != null ? pub.node() : null;
        String privateIp = priv == null ? null : priv.ip();
        for (ChangeResult r : ledger.attachments()) {
            if (slot.equals(r.change().slot()) && r.outcome() == Outcome.SUCCEEDED) {
                if (r.change() instanceof AttachPublic a) {
                    node = a.node();
                    privateIp = a.privateIp() != null ? a.privateIp() : privateIp;
                } else if (r.change() instanceof MovePrivate m) {
                    node = m.node();
                }
            }
        }
        List<String> confirmed = ledger.confirmedFirewalls(slot);
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
        finish(change, outcome, message, false, before, after);
    }

    /** Whether {@code failure} is one the vendor reports as temporary (worth a retry soon). */
    private static boolean transientFailure(Throwable failure) {
        return failure instanceof ProviderException pe && pe.isTransient();
    }

    private void finish(Change change, Outcome outcome, String message, boolean transientFailure,
                        Map<String, Object> before, Map<String, Object> after) {
        ChangeResult result = new ChangeResult(change, outcome, message, Instant.now(ctx.clock()),
                outcome == Outcome.FAILED && transientFailure);
        results.add(result);
        position++;
        ledger.track(result);
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

    /**
     * Writes the intent to make {@code c} before its call, so that a crash between the call and its outcome still
     * shows in the audit log ("outcome unknown"). False when it could not be written: then the call is not made.
     */
    private boolean intent(Change c, Map<String, Object> before) {
        if (halted == null) {
            record(c, before, Map.of(), AuditVerifier.INTENT, null);
        }
        return halted == null;
    }

    private void audit(ChangeResult r, Map<String, Object> before, Map<String, Object> after) {
        record(r.change(), before, after, r.outcome().name(), r.message());
    }

    private void record(Change c, Map<String, Object> before, Map<String, Object> after, String outcome,
                        String message) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> fields = JSON.convertValue(c, Map.class);
            ctx.audit().append(new AuditEntry(ctx.owner(), c.target(), c.phase().label(), c.action(),
                    c.slot() == null ? null : c.slot().toString(), fields, before, after, outcome, message));
        } catch (RuntimeException e) {
            halted = "not attempted: the audit log could not be written (" + message(e) + ")";
            warnings.add("audit log failed at " + c.summary() + ": " + message(e)
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

    /**
     * The owned address of {@code slot} of {@code kind} observed in {@code cloud} (any cloud when null): what the
     * status and the audit's "before" report for a slot this run did not allocate.
     */
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

    static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
