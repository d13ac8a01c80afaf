package dev.gatewarden.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.audit.AuditEntry;
import dev.gatewarden.audit.AuditLog;
import dev.gatewarden.audit.AuditVerifier;
import dev.gatewarden.audit.VerifyResult;
import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.FirewallChange;
import dev.gatewarden.plan.Phase;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.Planner;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.reconcile.Observation;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.testing.InMemoryCloud;
import dev.gatewarden.testing.InMemoryCloudProvider;
import dev.gatewarden.testing.InMemoryFirewall;
import dev.gatewarden.testing.InMemoryFirewallAdapter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The executor against the in-memory plugins, with plans made by the real planner from a desired state. */
class ExecutorTest {
    static final String OWNER = "prod";
    static final String CLOUD = "aws-prod";
    static final String DC1 = "dc1-pa";
    static final String DC2 = "dc2-fgt";
    static final NameTemplate T = NameTemplate.DEFAULT;
    static final SlotId P0 = new SlotId("payments", 0);
    static final SlotId P1 = new SlotId("payments", 1);
    static final SlotId B0 = new SlotId("billing", 0);

    final InMemoryCloud cloud = InMemoryCloud.withNodes(2);
    final InMemoryFirewall fw1 = new InMemoryFirewall();
    final InMemoryFirewall fw2 = new InMemoryFirewall();
    final CallRecorder calls = new CallRecorder();
    final CloudProvider provider = new InMemoryCloudProvider(CLOUD, OWNER, cloud, calls);
    final FirewallAdapter dc1 = new InMemoryFirewallAdapter(DC1, OWNER, fw1, calls);
    final FirewallAdapter dc2 = new InMemoryFirewallAdapter(DC2, OWNER, fw2, calls);
    final List<AuditEntry> audit = new ArrayList<>();
    final Clock clock = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    // ---------------------------------------------------------------- fixture

    Gateway gw(String name, int n, FirewallBinding... bindings) {
        return gw(name, n, cloud.nodes(), bindings);
    }

    Gateway gw(String name, int n, List<dev.gatewarden.model.NodeRef> nodes, FirewallBinding... bindings) {
        return new Gateway(name, CLOUD, n, true, nodes, List.of(), List.of(), List.of(bindings),
                GatewayMode.MANAGED, InterfaceSelector.PRIMARY, false);
    }

    static FirewallBinding pub(String firewall) {
        return new FirewallBinding(firewall, null, AddressKind.PUBLIC);
    }

    static FirewallBinding priv(String firewall) {
        return new FirewallBinding(firewall, null, AddressKind.PRIVATE);
    }

    static DesiredState desired(Gateway... gateways) {
        return DesiredState.fromGateways(OWNER, List.of(gateways), Map.of(DC1, T, DC2, T),
                (f, g) -> T.groupName(OWNER, g.name()));
    }

    /** payments: 2 slots, public IPs published to dc1, private IPs to dc2. */
    DesiredState payments(int slots) {
        return desired(gw("payments", slots, pub(DC1), priv(DC2)));
    }

    ObservedState observe(DesiredState d) {
        return Observation.observe(d, Map.of(CLOUD, provider), Map.of(DC1, dc1, DC2, dc2));
    }

    PlannerOptions options = PlannerOptions.DEFAULTS;

    Plan plan(DesiredState d, ObservedState observed) {
        return Planner.plan(d, observed, options);
    }

    ApplyReport reconcile(DesiredState d) {
        return reconcile(d, b -> { });
    }

    ApplyReport reconcile(DesiredState d, Consumer<ExecutionContext.Builder> customize) {
        ObservedState observed = observe(d);
        Plan plan = plan(d, observed);
        ExecutionContext.Builder b = ExecutionContext.builder(OWNER).cloud(provider).firewall(dc1).firewall(dc2)
                .naming(d.naming()).audit(audit::add).calls(calls).clock(clock);
        customize.accept(b);
        return new Executor().apply(plan, observed, b.build());
    }

    static List<ChangeResult> results(ApplyReport r, String action, SlotId slot) {
        return r.results().stream().filter(x -> x.change().action().equals(action) && slot.equals(x.change().slot()))
                .toList();
    }

    static ChangeResult one(ApplyReport r, String action, SlotId slot) {
        List<ChangeResult> list = results(r, action, slot);
        assertEquals(1, list.size(), action + " of " + slot + " in " + r.results());
        return list.get(0);
    }

    List<CloudAddress> owned() {
        return provider.observe(new dev.gatewarden.spi.CloudScope(OWNER, cloud.nodes(), List.of())).addresses()
                .stream().filter(a -> OWNER.equals(a.owner())).toList();
    }

    CloudAddress address(SlotId slot, AddressKind kind) {
        return owned().stream().filter(a -> slot.equals(a.slot()) && a.kind() == kind).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " address for " + slot));
    }

    // ---------------------------------------------------------------- scenarios

    @Test
    void newGatewayIsAllocatedPublishedAndAttachedAndThenNothingIsLeftToDo() {
        ApplyReport report = reconcile(payments(2));

        assertTrue(report.ok(), "all changes succeed: " + report.results());
        assertEquals(10, report.count(Outcome.SUCCEEDED), "2 allocate, 2 assign, 2+2 publish, 2 attach");
        for (SlotId slot : List.of(P0, P1)) {
            CloudAddress pub = address(slot, AddressKind.PUBLIC);
            CloudAddress priv = address(slot, AddressKind.PRIVATE);
            assertEquals(priv.ip(), pub.boundPrivateIp(), slot + " public IP bound to its private IP");
            String pubName = T.objectName(OWNER, "payments", pub.ip(), slot.index());
            String privName = T.objectName(OWNER, "payments", priv.ip(), slot.index());
            assertEquals(pub.ip(), fw1.object(pubName).orElseThrow().ip(), "dc1 lists the public IP");
            assertEquals(priv.ip(), fw2.object(privName).orElseThrow().ip(), "dc2 lists the private IP");
            assertTrue(fw1.group(T.groupName(OWNER, "payments")).orElseThrow().members().contains(pubName));
            assertTrue(fw2.group(T.groupName(OWNER, "payments")).orElseThrow().members().contains(privName));
        }

        DesiredState d = payments(2);
        Plan again = plan(d, observe(d));
        assertTrue(again.isEmpty(), "apply then plan is empty: " + again.changes());
    }

    @Test
    void publishAndAttachAreResolvedFromTheAllocationsOfTheSameRun() {
        ApplyReport report = reconcile(payments(1));

        CloudAddress pub = address(P0, AddressKind.PUBLIC);
        CloudAddress priv = address(P0, AddressKind.PRIVATE);
        FirewallChange.Publish published = (FirewallChange.Publish) results(report, "publish", P0).stream()
                .filter(r -> ((FirewallChange.Publish) r.change()).kind() == AddressKind.PUBLIC).findFirst()
                .orElseThrow().change();
        assertEquals(pub.ip(), published.ip(), "publish carries the allocated IP");
        assertEquals(T.objectName(OWNER, "payments", pub.ip(), 0), published.objectName(), "named by the template");

        CloudChange.AttachPublic attach = (CloudChange.AttachPublic) one(report, "attach-public", P0).change();
        assertEquals(pub.ip(), attach.publicIp());
        assertEquals(pub.ref(), attach.ref(), "the allocation id is resolved");
        assertEquals(priv.ip(), attach.privateIp(), "the private IP the cloud chose is resolved");
        assertTrue(one(report, "allocate-public", P0).message().contains(pub.ip()), "the report says which IP");
    }

    @Test
    void phasesRunInMakeBeforeBreakOrderAcrossTargets() {
        reconcile(payments(2));
        audit.clear();
        long dc1Before = calls.count(DC1, "apply");
        long dc2Before = calls.count(DC2, "apply");

        // payments shrinks to one slot while billing appears: one plan with all six kinds of phases
        ApplyReport report = reconcile(desired(gw("payments", 1, pub(DC1), priv(DC2)), gw("billing", 1, pub(DC1))));

        assertTrue(report.ok(), "all changes succeed: " + report.results());
        List<Phase> phases = audit.stream().map(e -> Phase.valueOf(e.phase().toUpperCase())).toList();
        for (int i = 1; i < phases.size(); i++) {
            assertTrue(phases.get(i - 1).number() <= phases.get(i).number(), "audit in phase order: " + phases);
        }
        assertEquals(List.of(Phase.ALLOCATE, Phase.PUBLISH, Phase.ATTACH, Phase.DETACH, Phase.WITHDRAW, Phase.RELEASE),
                phases.stream().distinct().toList(), "every phase but status has changes");
        List<AuditEntry> outcomes = audit.stream().filter(e -> !e.outcome().equals(AuditVerifier.INTENT)).toList();
        assertEquals(report.results().size(), outcomes.size(), "one outcome entry per change");
        for (int i = 0; i < audit.size(); i++) {
            AuditEntry e = audit.get(i);
            if (!e.outcome().equals(AuditVerifier.INTENT)) {
                boolean announced = audit.subList(0, i).stream().anyMatch(x -> x.outcome().equals(AuditVerifier.INTENT)
                        && x.target().equals(e.target()) && x.action().equals(e.action())
                        && java.util.Objects.equals(x.slot(), e.slot()));
                assertTrue(announced, "an intent was written before the call of " + e.action() + " " + e.slot());
            }
        }
        assertTrue(owned().stream().noneMatch(a -> P1.equals(a.slot())), "payments#1 released");
        assertEquals(2, calls.count(DC1, "apply") - dc1Before, "dc1: one change set publishing, one withdrawing");
        assertEquals(1, calls.count(DC2, "apply") - dc2Before, "dc2: one change set withdrawing");
    }

    @Test
    void aSlotMovesToAnotherNodeKeepingItsAddresses() {
        reconcile(payments(1));
        CloudAddress pub = address(P0, AddressKind.PUBLIC);
        CloudAddress priv = address(P0, AddressKind.PRIVATE);
        DesiredState moved = desired(gw("payments", 1, List.of(cloud.nodes().get(1)), pub(DC1), priv(DC2)));

        ApplyReport report = reconcile(moved);

        assertTrue(report.ok(), report.results().toString());
        assertEquals(Outcome.SUCCEEDED, one(report, "move-private", P0).outcome());
        assertTrue(cloud.nodes().get(1).sameNode(address(P0, AddressKind.PRIVATE).node()), "private IP moved");
        assertEquals(priv.ip(), address(P0, AddressKind.PRIVATE).ip(), "same private IP");
        assertEquals(pub.ip(), address(P0, AddressKind.PUBLIC).ip(), "same public IP");
        assertEquals(0, calls.count(DC1, "apply") + calls.count(DC2, "apply") - 2, "firewalls untouched by a move");
        assertTrue(plan(moved, observe(moved)).isEmpty(), "apply then plan is empty");
    }

    @Test
    void aReplacedPrivateIpIsKeptWhileItsSuccessorIsNotAttached() {
        java.util.function.Function<String, DesiredState> withIp = ip -> desired(new Gateway("payments", CLOUD, 1, true,
                cloud.nodes(), List.of(ip), List.of(), List.of(pub(DC1), priv(DC2)), GatewayMode.MANAGED,
                InterfaceSelector.PRIMARY, false));
        reconcile(withIp.apply(cloud.freePrivateIp(0)));
        options = PlannerOptions.DEFAULTS.withAllowDeletions(true); // dc2 replaces its only object
        cloud.failures().failAlways("attach-public", "IncorrectInstanceState: instance is stopping");

        ApplyReport report = reconcile(withIp.apply(cloud.freePrivateIp(1)));

        assertEquals(Outcome.FAILED, one(report, "attach-public", P0).outcome());
        ChangeResult unassign = one(report, "unassign-private", P0);
        assertEquals(Outcome.SKIPPED, unassign.outcome(), "the old private IP still carries the public IP");
        assertTrue(unassign.message().contains("attach-public of payments#0 failed"), unassign.message());
        assertTrue(owned().stream().anyMatch(a -> cloud.freePrivateIp(0).equals(a.ip())), "old private IP kept");
    }

    @Test
    void eachFirewallGetsOneChangeSetPerPhase() {
        ApplyReport report = reconcile(desired(gw("payments", 2, pub(DC1), priv(DC1)), gw("billing", 2, pub(DC1))));

        assertTrue(report.ok(), "all changes succeed: " + report.results());
        assertEquals(6, report.results().stream().filter(r -> r.change() instanceof FirewallChange).count());
        assertEquals(1, calls.count(DC1, "apply"), "six publishes in two groups, one apply");
        assertEquals(1, calls.count(DC1, "commit"), "and one commit");
        assertEquals(1, fw1.commits());
    }

    @Test
    void aFailingFirewallStopsNeitherAnotherFirewallNorTheCloud() {
        fw1.failures().failAlways("commit", "commit failed: validation error on dc1");

        ApplyReport report = reconcile(desired(gw("payments", 1, pub(DC1), priv(DC2)), gw("billing", 1, pub(DC2))));

        assertFalse(report.ok());
        ChangeResult dc1Publish = results(report, "publish", P0).stream()
                .filter(r -> r.change().target().equals(DC1)).findFirst().orElseThrow();
        assertEquals(Outcome.FAILED, dc1Publish.outcome());
        assertTrue(dc1Publish.message().contains("commit failed"), dc1Publish.message());
        results(report, "publish", B0).forEach(r -> assertEquals(Outcome.SUCCEEDED, r.outcome(), "dc2 still applied"));
        results(report, "publish", P0).stream().filter(r -> r.change().target().equals(DC2))
                .forEach(r -> assertEquals(Outcome.SUCCEEDED, r.outcome(), "dc2 publishes payments' private IP"));
        assertEquals(Outcome.SUCCEEDED, one(report, "attach-public", B0).outcome(), "billing attached");

        ChangeResult blocked = one(report, "attach-public", P0);
        assertEquals(Outcome.SKIPPED, blocked.outcome(), "strict: payments#0 waits for dc1");
        assertTrue(blocked.message().startsWith("not attached: firewall dc1-pa did not confirm (commit failed"),
                blocked.message());
        assertNull(address(P0, AddressKind.PUBLIC).boundPrivateIp(), "payments#0 public IP not attached");
        assertEquals(0, fw1.commits(), "dc1 unchanged");
    }

    @Test
    void bestEffortAttachesAnywayAndSaysSo() {
        fw1.failures().failAlways("commit", "commit failed: validation error on dc1");

        ApplyReport report = reconcile(payments(1), b -> b.policy(PublishPolicy.BEST_EFFORT));

        ChangeResult attach = one(report, "attach-public", P0);
        assertEquals(Outcome.SUCCEEDED, attach.outcome());
        assertTrue(attach.message().contains("firewall dc1-pa did not confirm"), attach.message());
        assertNotNull(address(P0, AddressKind.PUBLIC).boundPrivateIp(), "attached");
        assertFalse(report.ok(), "the failed publish still makes the run not ok");
    }

    @Test
    void aFailedAllocationSkipsWhatDependsOnIt() {
        cloud.failures().add("allocate-public", c -> P0.equals(((Change) c).slot()),
                new ProviderException("AddressLimitExceeded: too many addresses", "AddressLimitExceeded", false), -1);

        ApplyReport report = reconcile(payments(2));

        assertEquals(Outcome.FAILED, one(report, "allocate-public", P0).outcome());
        ChangeResult publish = results(report, "publish", P0).stream()
                .filter(r -> ((FirewallChange.Publish) r.change()).kind() == AddressKind.PUBLIC).findFirst().orElseThrow();
        assertEquals(Outcome.SKIPPED, publish.outcome());
        assertTrue(publish.message().startsWith("depends on failed allocate-public for payments#0"), publish.message());
        ChangeResult attach = one(report, "attach-public", P0);
        assertEquals(Outcome.SKIPPED, attach.outcome());
        assertTrue(attach.message().startsWith("depends on failed allocate-public for payments#0"), attach.message());
        results(report, "publish", P1).forEach(r -> assertEquals(Outcome.SUCCEEDED, r.outcome(), "other slot goes on"));
        assertEquals(Outcome.SUCCEEDED, one(report, "attach-public", P1).outcome());
        assertEquals(1, calls.count(DC1, "apply"), "dc1 still gets one change set, with payments#1 only");
    }

    @Test
    void releaseWaitsForTheWithdrawal() {
        reconcile(payments(2));
        String retiredPublic = address(P1, AddressKind.PUBLIC).ip();
        fw1.failures().add("commit", s -> !((FirewallChangeSet) s).delete().isEmpty(),
                new ProviderException("commit failed: dc1 is locked by admin", "13", true), -1);

        ApplyReport report = reconcile(payments(1));

        assertEquals(Outcome.SUCCEEDED, one(report, "detach-public", P1).outcome());
        results(report, "withdraw", P1).stream().filter(r -> r.change().target().equals(DC1))
                .forEach(r -> assertEquals(Outcome.FAILED, r.outcome()));
        ChangeResult release = one(report, "release-public", P1);
        assertEquals(Outcome.SKIPPED, release.outcome(), "never release what a firewall may still list");
        assertTrue(release.message().startsWith("not released: withdrawal of "), release.message());
        assertTrue(release.message().contains("dc1-pa"), release.message());
        assertEquals(retiredPublic, address(P1, AddressKind.PUBLIC).ip(), "the public IP is kept");
        assertEquals(Outcome.SUCCEEDED, one(report, "unassign-private", P1).outcome(),
                "the private IP's withdrawal from dc2 succeeded, so it is released");
    }

    @Test
    void aFailedDetachBlocksTheRelease() {
        reconcile(payments(2));
        cloud.failures().failAlways("detach-public", "IncorrectState: association in progress");

        ApplyReport report = reconcile(payments(1));

        assertEquals(Outcome.FAILED, one(report, "detach-public", P1).outcome());
        ChangeResult release = one(report, "release-public", P1);
        assertEquals(Outcome.SKIPPED, release.outcome());
        assertTrue(release.message().contains("detach-public of"), release.message());
        assertEquals(Outcome.SKIPPED, one(report, "unassign-private", P1).outcome(),
                "the private IP still carries the public one");
        assertEquals(0, calls.count(CLOUD, "release-public"));
        assertEquals(0, calls.count(CLOUD, "unassign-private"));
    }

    @Test
    void dryRunCallsNothing() {
        DesiredState d = payments(2);
        ObservedState observed = observe(d);
        Plan plan = plan(d, observed);
        Map<String, Map<String, Long>> before = calls.snapshot();
        List<List<SlotStatus>> statuses = new ArrayList<>();

        ApplyReport report = new Executor().apply(plan, observed, ExecutionContext.builder(OWNER).cloud(provider)
                .firewall(dc1).firewall(dc2).audit(audit::add).status(statuses::add).calls(calls).dryRun(true)
                .build());

        assertEquals(plan.changes().size(), report.count(Outcome.DRY_RUN), "every change reported as a dry run");
        assertTrue(report.ok());
        assertTrue(report.dryRun());
        assertEquals(before, calls.snapshot(), "no call made");
        assertEquals(before, report.calls());
        assertTrue(audit.isEmpty(), "nothing audited");
        assertTrue(statuses.isEmpty(), "no status written");
        assertEquals(0, cloud.publicIpCount());
        assertTrue(fw1.group(T.groupName(OWNER, "payments")).isEmpty());
    }

    @Test
    void theReportCountsCallsAndOutcomes() {
        ApplyReport report = reconcile(payments(2));

        Map<String, Long> cloudCalls = report.calls().get(CLOUD);
        assertEquals(2L, cloudCalls.get("allocate-public"));
        assertEquals(2L, cloudCalls.get("assign-private"));
        assertEquals(2L, cloudCalls.get("attach-public"));
        assertEquals(1L, report.calls().get(DC1).get("apply"));
        assertEquals(1L, report.calls().get(DC2).get("commit"));
        assertEquals(Map.of(Outcome.SUCCEEDED, 10L, Outcome.FAILED, 0L, Outcome.SKIPPED, 0L, Outcome.DRY_RUN, 0L),
                report.counts());
    }

    @Test
    void statusIsWrittenAfterAttachingAndBeforeDetaching() {
        List<List<SlotStatus>> statuses = new ArrayList<>();
        List<Integer> auditSizeAtStatus = new ArrayList<>();

        reconcile(payments(1), b -> b.status(s -> {
            statuses.add(s);
            auditSizeAtStatus.add(audit.size());
        }));

        assertEquals(1, statuses.size(), "one status write per run");
        SlotStatus s = statuses.get(0).get(0);
        assertEquals(P0, s.slot());
        assertEquals(address(P0, AddressKind.PUBLIC).ip(), s.publicIp());
        assertEquals(address(P0, AddressKind.PRIVATE).ip(), s.privateIp());
        assertTrue(s.ready());
        assertEquals(List.of(DC1, DC2), s.confirmedBy());
        assertEquals(audit.size(), auditSizeAtStatus.get(0), "written after the attach phase");
    }

    @Test
    void whenTheAuditLogFailsNoFurtherChangeIsMade() {
        DesiredState d = payments(2);
        ObservedState observed = observe(d);
        Plan plan = plan(d, observed);
        List<AuditEntry> written = new ArrayList<>();

        ApplyReport report = new Executor().apply(plan, observed, ExecutionContext.builder(OWNER).cloud(provider)
                .firewall(dc1).firewall(dc2).calls(calls).audit(e -> {
                    // intent and outcome of the first change, the second's intent; its outcome fails
                    if (written.size() >= 3) {
                        throw new GatewardenException("disk full");
                    }
                    written.add(e);
                }).build());

        assertEquals(2, calls.count(CLOUD, "allocate-public") + calls.count(CLOUD, "assign-private"),
                "the change whose audit entry failed is the last one made");
        assertEquals(2, report.count(Outcome.SUCCEEDED));
        assertEquals(plan.changes().size() - 2, report.count(Outcome.SKIPPED));
        assertTrue(report.withOutcome(Outcome.SKIPPED).get(0).message().contains("audit log could not be written"));
        assertFalse(report.warnings().isEmpty());
        assertEquals(0, calls.count(DC1, "apply"));
    }

    /** {@code inner} with {@code then} run right after each change set it applied (a crash, a kill). */
    static FirewallAdapter afterApply(FirewallAdapter inner, Runnable then) {
        return new FirewallAdapter() {
            @Override
            public String name() {
                return inner.name();
            }

            @Override
            public dev.gatewarden.model.ObservedFirewall observe(dev.gatewarden.spi.FirewallScope scope) {
                return inner.observe(scope);
            }

            @Override
            public dev.gatewarden.spi.FirewallApplyResult apply(dev.gatewarden.spi.FirewallChangeSet changes) {
                dev.gatewarden.spi.FirewallApplyResult r = inner.apply(changes);
                then.run();
                return r;
            }
        };
    }

    @Test
    void aCrashBetweenACallAndItsOutcomeIsReportedAndResolvedByTheNextObserve(@TempDir Path dir) {
        Path file = dir.resolve("audit.jsonl");
        // dc1 commits the change set, then the process dies (an Error, as a JVM crash would, skips every catch)
        FirewallAdapter crashing = afterApply(dc1, () -> {
            throw new Error("simulated crash after the commit");
        });
        try (AuditLog log = AuditLog.open(file, "ops@host-1", clock)) {
            Error crash = org.junit.jupiter.api.Assertions.assertThrows(Error.class,
                    () -> reconcile(payments(1), b -> b.audit(log).firewall(crashing)));
            assertEquals("simulated crash after the commit", crash.getMessage());
        }

        VerifyResult v = AuditVerifier.verify(file);
        assertTrue(v.ok(), v.problem());
        assertEquals(1, v.outcomeUnknown().size(), v.outcomeUnknown().toString());
        assertTrue(v.outcomeUnknown().get(0).contains(DC1 + " publish"), v.outcomeUnknown().toString());
        assertEquals(1, fw1.commits(), "the change took effect on the firewall although no outcome was written");

        // the next round observes what the crashed one did, records it against the intent, and converges
        try (AuditLog log = AuditLog.open(file, "ops@host-1", clock)) {
            assertEquals(1, log.openIntents().size());
            Reconciler.Round r = new Reconciler(Map.of(CLOUD, provider), Map.of(DC1, dc1, DC2, dc2), new Executor())
                    .reconcileOnce(payments(1), options, ExecutionContext.builder(OWNER).cloud(provider).firewall(dc1)
                            .firewall(dc2).audit(log).clock(clock)
                            .naming(payments(1).naming()).calls(calls).build());
            assertTrue(r.ok(), String.valueOf(r.report()));
            assertTrue(log.openIntents().isEmpty(), log.openIntents().toString());
        }
        VerifyResult after = AuditVerifier.verify(file);
        assertTrue(after.ok(), after.problem());
        assertTrue(after.outcomeUnknown().isEmpty(), after.outcomeUnknown().toString());
        String resolution = readLines(file).stream().filter(l -> l.contains("\"outcome\":\"OBSERVED\"")).findFirst()
                .orElseThrow();
        assertTrue(resolution.contains("\"exists\":true"), "the observation shows the change took effect: " + resolution);
    }

    /** The writer of {@link #aKilledProcessLeavesAnIntentWithNoOutcome}: dies with SIGKILL's exit code after dc1's commit. */
    public static void main(String[] args) {
        ExecutorTest t = new ExecutorTest();
        try (AuditLog log = AuditLog.open(Path.of(args[0]), "ops@host-1", t.clock)) {
            t.reconcile(t.payments(1), b -> b.audit(log).firewall(afterApply(t.dc1,
                    () -> Runtime.getRuntime().halt(137))));
        }
    }

    @Test
    void aKilledProcessLeavesAnIntentWithNoOutcome(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), ExecutorTest.class.getName(), file.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.out").toFile()).start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(137, p.exitValue(), java.nio.file.Files.readString(dir.resolve("child.out")));

        VerifyResult v = AuditVerifier.verify(file);
        assertTrue(v.ok(), "no torn line: " + v.problem());
        assertEquals(1, v.outcomeUnknown().size(), v.outcomeUnknown().toString());
        assertTrue(v.outcomeUnknown().get(0).contains(DC1 + " publish"), v.outcomeUnknown().toString());
        assertTrue(readLines(file).stream().anyMatch(l -> l.contains("\"action\":\"allocate-public\"")
                && l.contains("\"outcome\":\"SUCCEEDED\"")), "the changes before it are recorded");
    }

    @Test
    void aPlanForAnotherOwnerIsRefused() {
        Plan plan = new Plan("someone-else", List.of(), List.of(), List.of(), null);
        assertThrows(GatewardenException.class, () -> new Executor().apply(plan, ObservedState.empty(),
                ExecutionContext.builder(OWNER).build()));
    }

    @Test
    void writesAVerifiableAuditLog(@TempDir Path dir) {
        Path file = dir.resolve("audit.jsonl");
        try (AuditLog log = AuditLog.open(file, "ops@host-1", clock)) {
            ApplyReport report = reconcile(payments(1), b -> b.audit(log));
            assertTrue(report.ok());
        }
        try (AuditLog log = AuditLog.open(file, "ops@host-1", clock)) {
            assertTrue(reconcile(payments(2), b -> b.audit(log)).ok());
        }

        VerifyResult v = AuditVerifier.verify(file);
        assertTrue(v.ok(), v.problem());
        List<String> lines = readLines(file);
        assertEquals(lines.size(), v.linesChecked());
        assertTrue(lines.size() >= 5 + 5, "both runs audited: " + lines.size());
        assertTrue(lines.get(0).contains("\"action\":\"allocate-public\""), lines.get(0));
        assertTrue(lines.get(0).contains("\"actor\":\"ops@host-1\""));
        assertTrue(lines.get(0).contains("\"time\":\"2026-11-27T12:00:00Z\""));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
