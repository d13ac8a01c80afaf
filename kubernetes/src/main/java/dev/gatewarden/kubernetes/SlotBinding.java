package dev.gatewarden.kubernetes;

import dev.gatewarden.model.SlotId;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which pod holds which slot of one gateway this round.
 *
 * @param bound   slot index → the pod holding it
 * @param held    slot index → the addresses of a slot whose pod is gone (a restart or reschedule in progress): kept
 *                as they are, so the replacement pod gets the same public IP
 * @param retired indices of existing slots beyond the target: their addresses are retired
 * @param unbound ready pods that got no slot (more pods than slots, e.g. during a rolling update), with the reason
 */
public record SlotBinding(String gateway, SortedMap<Integer, GatewayPod> bound,
                          SortedMap<Integer, SlotBinder.Existing> held, Set<Integer> retired,
                          List<SkippedPod> unbound) {
    public SlotBinding {
        Objects.requireNonNull(gateway, "gateway");
        bound = Collections.unmodifiableSortedMap(new TreeMap<>(bound));
        held = Collections.unmodifiableSortedMap(new TreeMap<>(held));
        retired = Collections.unmodifiableSet(new TreeSet<>(retired));
        unbound = List.copyOf(unbound);
    }

    /** The slot a pod holds, if any. */
    public SlotId slotOf(GatewayPod pod) {
        for (Map.Entry<Integer, GatewayPod> e : bound.entrySet()) {
            if (e.getValue().uid() != null ? e.getValue().uid().equals(pod.uid()) : e.getValue().ref().equals(pod.ref())) {
                return new SlotId(gateway, e.getKey());
            }
        }
        return null;
    }
}
