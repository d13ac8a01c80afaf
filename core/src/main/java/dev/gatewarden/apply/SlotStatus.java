package dev.gatewarden.apply;

import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import java.util.List;
import java.util.Objects;

/**
 * The state of one slot after the attach phase of a run, for writing status back (e.g. to Kubernetes).
 *
 * @param node        the node its address is on, as far as known
 * @param privateIp   its private IP, as far as known
 * @param publicIp    its public IP, as far as known
 * @param confirmedBy firewalls that published its address in this run
 * @param ready       every change of the slot so far succeeded
 * @param message     the first failure or skip reason, null when ready
 */
public record SlotStatus(SlotId slot, String cloud, NodeRef node, String privateIp, String publicIp,
                         List<String> confirmedBy, boolean ready, String message) {
    public SlotStatus {
        Objects.requireNonNull(slot, "slot");
        confirmedBy = List.copyOf(confirmedBy);
    }
}
