package dev.gatewarden.kubernetes;

import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A running, ready gateway pod on a node with a usable provider ID: it can hold a slot.
 *
 * @param uid          the pod's uid (a replacement pod has a new one)
 * @param ip           the pod IP (becomes the slot's private IP)
 * @param nodeName     the Kubernetes node name
 * @param node         the cloud node parsed from the node's {@code spec.providerID}
 * @param created      the pod's creation time (older pods win ties)
 * @param recordedSlot the slot recorded on the pod by an earlier round ({@code gatewarden.dev/slot}), null if none
 *                     or not parsable
 * @param elasticIps   Calico Enterprise AWS-native: the Elastic IPs the pod may use
 *                     ({@code cni.projectcalico.org/awsElasticIPs}); empty otherwise
 */
public record GatewayPod(String namespace, String name, String uid, String ip, String nodeName, NodeRef node,
                         Instant created, SlotId recordedSlot, List<String> elasticIps) {
    public GatewayPod {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(ip, "ip");
        Objects.requireNonNull(node, "node");
        created = created == null ? Instant.EPOCH : created;
        elasticIps = List.copyOf(elasticIps == null ? List.of() : elasticIps);
    }

    /** {@code namespace/name}. */
    public String ref() {
        return namespace + "/" + name;
    }
}
