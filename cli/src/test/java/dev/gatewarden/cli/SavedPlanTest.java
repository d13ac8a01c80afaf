package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.AddressRef;
import dev.gatewarden.plan.CloudChange;
import dev.gatewarden.plan.FirewallChange;
import dev.gatewarden.plan.Plan;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A saved plan keeps its references to this run's allocations (and its known addresses) across write and read. */
class SavedPlanTest {
    private static final SlotId S0 = new SlotId("payments", 0);
    private static final SlotId S1 = new SlotId("payments", 1);
    private static final NodeRef NODE = NodeRef.parse("aws:///eu-west-1a/i-0a1b2c3d4e5f60001");

    @Test
    void referencesToAllocationsRoundTrip(@TempDir Path dir) throws Exception {
        CloudChange.AttachPublic fromAllocations = new CloudChange.AttachPublic("aws-x", S0,
                new AddressRef.FromAllocation(S0, AddressKind.PUBLIC), NODE, InterfaceSelector.PRIMARY,
                "eni-1", new AddressRef.FromAllocation(S0, AddressKind.PRIVATE), null, List.of("fw-a"));
        CloudChange.AttachPublic known = new CloudChange.AttachPublic("aws-x", S1,
                new AddressRef.Known("198.51.100.7", "eipalloc-7"), NODE, InterfaceSelector.PRIMARY,
                "eni-1", new AddressRef.Known("10.0.1.9", null), null, List.of());
        FirewallChange.Publish publishLater = new FirewallChange.Publish("fw-a", "gw-x-payments", "payments", S0,
                AddressKind.PUBLIC, new AddressRef.FromAllocation(S0, AddressKind.PUBLIC), null);
        FirewallChange.Publish publishKnown = FirewallChange.Publish.of("fw-a", "gw-x-payments", "payments", S1,
                AddressKind.PUBLIC, "198.51.100.7", "gw-x-payments-198.51.100.7");
        Plan plan = new Plan("x", List.of(new CloudChange.AllocatePublic("aws-x", S0),
                new CloudChange.AssignPrivate("aws-x", S0, NODE, InterfaceSelector.PRIMARY, null),
                publishLater, publishKnown, fromAllocations, known), List.of(), List.of(), "fp-1");
        Path file = dir.resolve("plan.json");

        SavedPlan.write(file, dir.resolve("gatewarden.yaml"), plan);
        Plan read = SavedPlan.read(file);

        assertEquals(plan, read);
        CloudChange.AttachPublic a = (CloudChange.AttachPublic) read.changes().get(4);
        assertEquals(new AddressRef.FromAllocation(S0, AddressKind.PUBLIC), a.publicAddress());
        assertEquals(new AddressRef.FromAllocation(S0, AddressKind.PRIVATE), a.privateAddress());
        assertInstanceOf(AddressRef.FromAllocation.class, ((FirewallChange.Publish) read.changes().get(2)).address());
        assertEquals(new AddressRef.Known("198.51.100.7", "eipalloc-7"),
                ((CloudChange.AttachPublic) read.changes().get(5)).publicAddress());
        String text = Files.readString(file);
        String compact = text.replaceAll("\\s", "");
        assertTrue(compact.contains("\"publicIp\":null") && compact.contains("\"ip\":null"),
                "a reference is written as a null IP, as before: " + text);
        assertTrue(!text.contains("publicAddress") && !text.contains("FromAllocation"), text);
    }
}
