package dev.gatewarden.apply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.gatewarden.GatewardenException.ProviderException;
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
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.plan.AddressRef;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.CloudChange;

import dev.gatewarden.plan.FirewallChange.Publish;
import dev.gatewarden.plan.FirewallChange.Withdraw;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.Skip;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudResult;
import dev.gatewarden.spi.PrivateAddresses;
import dev.gatewarden.spi.PublicAddresses;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.GroupMembers;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The change sets the executor hands an adapter, checked exactly with a mock (hand-made plans). */
class ExecutorChangeSetTest {
    static final String OWNER = "prod";
    static final String FW = "dc1-pa";
    static final String CLOUD = "aws-prod";
    static final String GROUP = "k8s-egress-payments";
    static final NameTemplate T = NameTemplate.DEFAULT;
    static final NodeRef NODE = NodeRef.parse("aws:///eu-west-1a/i-0a1b2c3d4e5f60001");
    static final SlotId P0 = new SlotId("payments", 0);
    static final SlotId P1 = new SlotId("payments", 1);

    final FirewallAdapter adapter = mock(FirewallAdapter.class);
    final List<AuditEntry> audit = new ArrayList<>();

    static String name(String ip) {
        return T.objectName(OWNER, "payments", ip, 0);
    }

    /** dc1 lists our 10.0.0.5 (payments#1, retiring) and an administrator's object in the group. */
    static ObservedState observed() {
        ObservedFirewall fw = new ObservedFirewall(FW,
                List.of(new FirewallObject(name("10.0.0.5"), "10.0.0.5", OWNER, "payments"),
                        new FirewallObject("admin-host", "10.9.9.9", null, null)),
                List.of(new FirewallGroup(GROUP, List.of(name("10.0.0.5"), "admin-host"), OWNER)));
        return new ObservedState(Map.of(CLOUD, ObservedCloud.empty(CLOUD)), Map.of(FW, fw), Map.of());
    }

    ExecutionContext context() {
        return ExecutionContext.builder(OWNER).firewall(adapter).audit(audit::add).build();
    }

    @Test
    void publishKeepsRetiredMembersUntilWithdrawThenDeletesThem() {
        when(adapter.name()).thenReturn(FW);
        when(adapter.apply(any())).thenReturn(new FirewallApplyResult("job-7", List.of()));
        Plan plan = new Plan(OWNER, List.of(
                Publish.of(FW, GROUP, "payments", P0, AddressKind.PRIVATE, "10.0.0.7", null),
                new Withdraw(FW, GROUP, "payments", P1, "10.0.0.5", name("10.0.0.5"), true)),
                List.of(), List.of(), null);

        ApplyReport report = new Executor().apply(plan, observed(), context());

        assertTrue(report.ok(), report.results().toString());
        ArgumentCaptor<FirewallChangeSet> sets = ArgumentCaptor.forClass(FirewallChangeSet.class);
        verify(adapter, times(2)).apply(sets.capture());
        FirewallChangeSet publish = sets.getAllValues().get(0);
        AddressObject created = new AddressObject(name("10.0.0.7"), "10.0.0.7", "payments", P0);
        assertEquals(List.of(created), publish.create(), "the published object is created, named by the template");
        assertEquals(1, publish.groups().size());
        GroupMembers during = publish.groups().get(0);
        assertEquals(GROUP, during.group());
        assertEquals(List.of(name("10.0.0.5"), name("10.0.0.7")), during.members().stream().map(AddressObject::name)
                .toList(), "make-before-break: the retiring member stays, the admin's member is not ours to list");
        assertTrue(publish.delete().isEmpty());

        FirewallChangeSet withdraw = sets.getAllValues().get(1);
        assertTrue(withdraw.create().isEmpty());
        assertEquals(List.of(name("10.0.0.7")), withdraw.groups().get(0).members().stream()
                .map(AddressObject::name).toList(), "after withdrawing: what publishing left, minus the withdrawn");
        assertEquals(List.of(name("10.0.0.5")), withdraw.delete().stream().map(AddressObject::name).toList());
        assertEquals("committed (job-7)", report.results().get(0).message());
        assertEquals(List.of("INTENT publish", "SUCCEEDED publish", "INTENT withdraw", "SUCCEEDED withdraw"),
                audit.stream().map(e -> e.outcome() + " " + e.action()).toList());
        assertEquals("10.0.0.7", audit.get(1).change().get("ip"), "the audit shows the resolved change");
    }

    @Test
    void aFailedPublishLeavesTheObservedMembersForTheWithdraw() {
        when(adapter.name()).thenReturn(FW);
        when(adapter.apply(any()))
                .thenThrow(new ProviderException("commit failed: job 8 FAIL", "commit", true))
                .thenReturn(FirewallApplyResult.nothingToCommit());
        Plan plan = new Plan(OWNER, List.of(
                Publish.of(FW, GROUP, "payments", P0, AddressKind.PRIVATE, "10.0.0.7", null),
                Publish.of(FW, "other-group", "payments", P0, AddressKind.PRIVATE, "10.0.0.7", null),
                new Withdraw(FW, GROUP, "payments", P1, "10.0.0.5", name("10.0.0.5"), true)),
                List.of(), List.of(), null);

        ApplyReport report = new Executor().apply(plan, observed(), context());

        assertEquals(2, report.count(Outcome.FAILED), "a failed change set fails all its changes");
        report.withOutcome(Outcome.FAILED).forEach(r -> assertEquals("commit failed: job 8 FAIL", r.message()));
        ArgumentCaptor<FirewallChangeSet> sets = ArgumentCaptor.forClass(FirewallChangeSet.class);
        verify(adapter, times(2)).apply(sets.capture());
        assertEquals(1, sets.getAllValues().get(0).create().size(), "one object for two groups");
        assertEquals(2, sets.getAllValues().get(0).groups().size());
        assertTrue(sets.getAllValues().get(1).groups().get(0).members().isEmpty(),
                "the failed publish is not assumed to have taken effect");
    }

    @Test
    void strictPolicyNeedsEveryRequiredFirewallIncludingOnesThePlanCouldNotPublishTo() {
        CloudProvider cloud = mock(CloudProvider.class);
        PrivateAddresses privates = mock(PrivateAddresses.class);
        when(cloud.name()).thenReturn(CLOUD);
        when(cloud.privateAddresses()).thenReturn(privates);
        when(adapter.name()).thenReturn(FW);
        CloudChange.MovePrivate move = new CloudChange.MovePrivate(CLOUD, P0, "10.0.0.7", NODE,
                NodeRef.parse("aws:///eu-west-1a/i-0a1b2c3d4e5f60002"), InterfaceSelector.PRIMARY, List.of(FW));
        Plan plan = new Plan(OWNER, List.of(move),
                List.of(new Skip(Skip.Kind.CONFLICT, FW, P0, "address object x exists but is not ours")), List.of(), null);

        ApplyReport report = new Executor().apply(plan, observed(),
                ExecutionContext.builder(OWNER).cloud(cloud).firewall(adapter).build());

        ChangeResult r = report.results().get(0);
        assertEquals(Outcome.SKIPPED, r.outcome());
        assertTrue(r.message().startsWith("not attached: firewall dc1-pa did not confirm (conflict: address object"),
                r.message());
        verify(privates, never()).move(any(), any());
    }

    @Test
    void anUnknownTargetFailsItsChangesOnly() {
        CloudProvider cloud = mock(CloudProvider.class);
        PublicAddresses publics = mock(PublicAddresses.class);
        when(cloud.name()).thenReturn(CLOUD);
        when(cloud.publicAddresses()).thenReturn(Optional.of(publics));
        CloudChange.AllocatePublic allocate = new CloudChange.AllocatePublic(CLOUD, P0);
        when(publics.allocate(eq(List.of(allocate)), any())).thenReturn(List.of(CloudResult.done(allocate,
                new CloudAddress(CLOUD, P0, AddressKind.PUBLIC, "203.0.113.9", "eipalloc-9", null, null, null, OWNER,
                        false))));
        Plan plan = new Plan(OWNER, List.<Change>of(
                allocate,
                new Publish("nowhere", GROUP, "payments", P0, AddressKind.PUBLIC,
                        new AddressRef.FromAllocation(P0, AddressKind.PUBLIC), null)),
                List.of(), List.of(), null);

        ApplyReport report = new Executor().apply(plan, ObservedState.empty(),
                ExecutionContext.builder(OWNER).cloud(cloud).build());

        assertEquals(Outcome.SUCCEEDED, report.results().get(0).outcome());
        ChangeResult publish = report.results().get(1);
        assertEquals(Outcome.FAILED, publish.outcome());
        assertTrue(publish.message().startsWith("no firewall adapter configured for 'nowhere'"), publish.message());
        assertEquals("203.0.113.9", ((Publish) publish.change()).ip(), "still resolved, for the report");
        assertNull(report.warnings().isEmpty() ? null : report.warnings());
    }

    @Test
    void aReferenceToAnAllocationThePlanDoesNotMakeFailsBeforeAnyCall() {
        CloudProvider cloud = mock(CloudProvider.class);
        when(cloud.name()).thenReturn(CLOUD);
        Plan plan = new Plan(OWNER, List.<Change>of(new CloudChange.AttachPublic(CLOUD, P0,
                new AddressRef.FromAllocation(P0, AddressKind.PUBLIC), NodeRef.parse("aws:///eu-west-1a/i-1"),
                null, "eni-1", new AddressRef.Known("10.0.1.5", null), null, List.of())), List.of(), List.of(), null);

        ApplyReport report = new Executor().apply(plan, ObservedState.empty(),
                ExecutionContext.builder(OWNER).cloud(cloud).build());

        ChangeResult attach = report.results().get(0);
        assertEquals(Outcome.FAILED, attach.outcome());
        assertEquals("no public IP known for payments#0: the plan neither allocates one nor names it; plan again",
                attach.message());
        verify(cloud, never()).publicAddresses();
    }

    @Test
    void aFailureTheProviderMarksTransientIsReportedAsWorthARetry() {
        CloudProvider cloud = mock(CloudProvider.class);
        PublicAddresses publics = mock(PublicAddresses.class);
        when(cloud.name()).thenReturn(CLOUD);
        when(cloud.publicAddresses()).thenReturn(Optional.of(publics));
        CloudChange.AllocatePublic throttled = new CloudChange.AllocatePublic(CLOUD, P0);
        CloudChange.AllocatePublic refused = new CloudChange.AllocatePublic(CLOUD, new SlotId("payments", 1));
        when(publics.allocate(eq(List.of(throttled)), any())).thenReturn(List.of(CloudResult.failed(throttled,
                new ProviderException("Throttling", "RequestLimitExceeded", true))));
        ExecutionContext ctx = ExecutionContext.builder(OWNER).cloud(cloud).build();

        ApplyReport onlyTransient = new Executor().apply(new Plan(OWNER, List.<Change>of(throttled), List.of(),
                List.of(), null), ObservedState.empty(), ctx);
        assertTrue(onlyTransient.results().get(0).transientFailure());
        assertTrue(onlyTransient.retrySoon());

        when(publics.allocate(eq(List.of(throttled, refused)), any())).thenReturn(List.of(
                CloudResult.failed(throttled, new ProviderException("Throttling", "RequestLimitExceeded", true)),
                CloudResult.failed(refused, new ProviderException("limit", "AddressLimitExceeded", false))));
        ApplyReport mixed = new Executor().apply(new Plan(OWNER, List.<Change>of(throttled, refused), List.of(),
                List.of(), null), ObservedState.empty(), ctx);
        assertTrue(mixed.results().get(0).transientFailure());
        assertEquals(false, mixed.results().get(1).transientFailure());
        assertEquals(false, mixed.retrySoon(), "a permanent failure needs a change before a retry helps");
    }
}
