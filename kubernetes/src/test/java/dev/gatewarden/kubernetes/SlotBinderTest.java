package dev.gatewarden.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SlotBinderTest {
    private static final NodeRef A = NodeRef.parse("aws:///eu-west-1a/i-0000000000000000a");
    private static int age;

    private static GatewayPod pod(String name, String ip, String recorded) {
        return new GatewayPod("egress", name, "uid-" + name, ip, "node-a", A, Instant.EPOCH.plusSeconds(age++),
                recorded == null ? null : SlotId.parse(recorded), List.of());
    }

    private static Map<Integer, String> names(SlotBinding b) {
        Map<Integer, String> m = new TreeMap<>();
        b.bound().forEach((i, p) -> m.put(i, p.name()));
        return m;
    }

    private static SlotBinder.Existing ex(String priv, String pub) {
        return new SlotBinder.Existing(priv, pub);
    }

    @Test
    void freshPodsTakeTheLowestIndices() {
        SlotBinding b = SlotBinder.bind("gw", 2, List.of(pod("a", "10.0.0.1", null), pod("b", "10.0.0.2", null)),
                Map.of());
        assertEquals(Map.of(0, "a", 1, "b"), names(b));
        assertTrue(b.held().isEmpty() && b.retired().isEmpty() && b.unbound().isEmpty());
    }

    @Test
    void recordedSlotsAreKeptAndTheOlderPodWinsADuplicate() {
        SlotBinding b = SlotBinder.bind("gw", 3, List.of(pod("a", "10.0.0.1", "gw#2"), pod("b", "10.0.0.2", "gw#2"),
                pod("c", "10.0.0.3", "other#0")), Map.of());
        assertEquals(Map.of(2, "a", 0, "b", 1, "c"), names(b));
    }

    @Test
    void replacementPodTakesTheVacantSlotAndItsPublicIp() {
        // slot 1's pod is gone (restart/reschedule): its replacement, with a new IP, takes slot 1, not a new index
        SlotBinding b = SlotBinder.bind("gw", 2, List.of(pod("a", "10.0.0.1", "gw#0"), pod("new", "10.0.0.9", null)),
                Map.of(0, ex("10.0.0.1", "203.0.113.1"), 1, ex("10.0.0.2", "203.0.113.2")));
        assertEquals(Map.of(0, "a", 1, "new"), names(b));
        assertTrue(b.retired().isEmpty());
    }

    @Test
    void podWithTheSameIpGetsItsSlotBackEvenWithoutARecord() {
        SlotBinding b = SlotBinder.bind("gw", 2, List.of(pod("x", "10.0.0.2", null), pod("y", "10.0.0.1", null)),
                Map.of(0, ex("10.0.0.1", null), 1, ex("10.0.0.2", null)));
        assertEquals(Map.of(0, "y", 1, "x"), names(b));
    }

    @Test
    void vacantSlotIsHeldWhileTheReplacementIsNotReady() {
        SlotBinding b = SlotBinder.bind("gw", 2, List.of(pod("a", "10.0.0.1", "gw#0")),
                Map.of(0, ex("10.0.0.1", "203.0.113.1"), 1, ex("10.0.0.2", "203.0.113.2")));
        assertEquals(Map.of(0, "a"), names(b));
        assertEquals(Map.of(1, ex("10.0.0.2", "203.0.113.2")), b.held());
        assertTrue(b.retired().isEmpty());
    }

    @Test
    void scaleUpAddsTheLowestFreeIndex() {
        SlotBinding b = SlotBinder.bind("gw", 3, List.of(pod("a", "10.0.0.1", "gw#0"), pod("b", "10.0.0.2", "gw#1"),
                pod("c", "10.0.0.3", null)), Map.of(0, ex("10.0.0.1", null), 1, ex("10.0.0.2", null)));
        assertEquals(Map.of(0, "a", 1, "b", 2, "c"), names(b));
    }

    @Test
    void scaleDownRetiresTheHighest() {
        SlotBinding b = SlotBinder.bind("gw", 2, List.of(pod("a", "10.0.0.1", "gw#0"), pod("b", "10.0.0.2", "gw#1"),
                pod("c", "10.0.0.3", "gw#2")), Map.of(0, ex("10.0.0.1", null), 1, ex("10.0.0.2", null),
                2, ex("10.0.0.3", null)));
        assertEquals(Map.of(0, "a", 1, "b"), names(b));
        assertEquals(Set.of(2), b.retired());
        assertEquals("c", b.unbound().get(0).name());
        assertTrue(b.unbound().get(0).reason().contains("scale-down"));
    }

    @Test
    void scaleDownAfterThePodIsGoneRetiresItsSlot() {
        SlotBinding b = SlotBinder.bind("gw", 2, List.of(pod("a", "10.0.0.1", "gw#0"), pod("b", "10.0.0.2", "gw#1")),
                Map.of(0, ex("10.0.0.1", null), 1, ex("10.0.0.2", null), 2, ex("10.0.0.3", null)));
        assertEquals(Set.of(2), b.retired());
        assertTrue(b.held().isEmpty());
    }

    @Test
    void surgePodWaitsDuringARollingUpdate() {
        SlotBinding b = SlotBinder.bind("gw", 1, List.of(pod("old", "10.0.0.1", "gw#0"), pod("new", "10.0.0.2", null)),
                Map.of(0, ex("10.0.0.1", "203.0.113.1")));
        assertEquals(Map.of(0, "old"), names(b));
        assertEquals("new", b.unbound().get(0).name());
        // the old pod is gone: the new one takes slot 0 (and its public IP)
        SlotBinding after = SlotBinder.bind("gw", 1, List.of(pod("new2", "10.0.0.2", null)),
                Map.of(0, ex("10.0.0.1", "203.0.113.1")));
        assertEquals(Map.of(0, "new2"), names(after));
    }
}
