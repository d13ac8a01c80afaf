package dev.gatewarden.kubernetes;

import dev.gatewarden.model.SlotId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Binds a gateway's pods to stable slots (a pure function: no I/O).
 *
 * <p>The binding is recorded on each pod ({@code gatewarden.dev/slot}), and the cloud remembers each slot's
 * addresses (slot tags), so it survives a restart of Gatewarden. Rules, in order:
 * <ol>
 *   <li>A pod keeps the slot recorded on it (the oldest pod wins when two claim the same slot).</li>
 *   <li>When more pods claim slots than the gateway has ({@code target}), the highest slots are retired and their
 *       pods wait without a slot (scale-down retires the highest).</li>
 *   <li>A pod without a slot takes the slot whose address is its own IP (a pod that moved with a fixed IP, or a
 *       round interrupted before recording the binding), else the lowest slot whose pod is gone (a restart,
 *       reschedule or rolling update: the slot's public IP stays and follows the replacement), else the lowest
 *       free index (scale-up), while the gateway has room.</li>
 *   <li>Slots whose pod is gone are held (their addresses untouched) while the gateway has room, lowest first;
 *       the others are retired.</li>
 * </ol>
 */
public final class SlotBinder {

    /** The addresses a slot has in the cloud now (either may be null). */
    public record Existing(String privateIp, String publicIp) {
    }

    private SlotBinder() {
    }

    /**
     * @param pods     the gateway's eligible pods, oldest first
     * @param existing slot index → the slot's addresses in the cloud (empty for firewall-only gateways)
     */
    public static SlotBinding bind(String gateway, int target, List<GatewayPod> pods, Map<Integer, Existing> existing) {
        Objects.requireNonNull(gateway, "gateway");
        SortedMap<Integer, GatewayPod> bound = new TreeMap<>();
        List<GatewayPod> waiting = new ArrayList<>();
        List<SkippedPod> unbound = new ArrayList<>();
        // 1. recorded slots
        for (GatewayPod p : pods) {
            SlotId recorded = p.recordedSlot();
            if (recorded != null && recorded.gateway().equals(gateway) && !bound.containsKey(recorded.index())) {
                bound.put(recorded.index(), p);
            } else {
                waiting.add(p);
            }
        }
        // 2. too many claims: retire the highest
        while (bound.size() > target) {
            int highest = bound.lastKey();
            GatewayPod p = bound.remove(highest);
            unbound.add(skip(p, "scale-down: slot " + new SlotId(gateway, highest) + " is retired (the gateway has "
                    + target + " slot(s))"));
        }
        // 3. pods without a slot
        Set<Integer> vacant = new TreeSet<>(existing.keySet());
        vacant.removeAll(bound.keySet());
        List<GatewayPod> rest = new ArrayList<>();
        for (GatewayPod p : waiting) {
            Integer sameIp = vacant.stream().filter(i -> p.ip().equals(existing.get(i).privateIp())).findFirst()
                    .orElse(null);
            if (sameIp != null && bound.size() < target) {
                bound.put(sameIp, p);
                vacant.remove(sameIp);
            } else {
                rest.add(p);
            }
        }
        for (GatewayPod p : rest) {
            if (bound.size() >= target) {
                unbound.add(skip(p, "no free slot: the gateway has " + target + " slot(s), all held by other pods "
                        + "(e.g. a rolling update in progress)"));
                continue;
            }
            Integer index = vacant.isEmpty() ? null : ((TreeSet<Integer>) vacant).first();
            if (index == null) {
                Set<Integer> used = new HashSet<>(bound.keySet());
                used.addAll(existing.keySet());
                index = 0;
                while (used.contains(index)) {
                    index++;
                }
            }
            vacant.remove(index);
            bound.put(index, p);
        }
        // 4. slots whose pod is gone
        SortedMap<Integer, Existing> held = new TreeMap<>();
        Set<Integer> retired = new TreeSet<>();
        for (int i : vacant) {
            if (bound.size() + held.size() < target) {
                held.put(i, existing.get(i));
            } else {
                retired.add(i);
            }
        }
        return new SlotBinding(gateway, bound, held, retired, unbound);
    }

    private static SkippedPod skip(GatewayPod p, String why) {
        return new SkippedPod(p.namespace(), p.name(), p.nodeName(), p.ip(), why);
    }
}
