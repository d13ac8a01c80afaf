package dev.gatewarden.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.SlotId;
import java.util.List;
import java.util.Objects;

/** A change to a cloud account, executed by its {@code CloudProvider}. */
public sealed interface CloudChange extends Change {

    /** The cloud account name. */
    String cloud();

    @Override
    default String target() {
        return cloud();
    }

    /** Phase 1 or 3 changes that produce an address: allocate or assign. */
    sealed interface Allocation extends CloudChange permits AllocatePublic, AssignPrivate {
    }

    /** Phase 3 changes that put an address on a node. */
    sealed interface Attachment extends CloudChange permits AttachPublic, MovePrivate {
    }

    /** Phase 7 changes that give an address back. */
    sealed interface Release extends CloudChange permits ReleasePublic, UnassignPrivate {
    }

    /** Allocate a public IP for a slot, tagged with owner, gateway and slot at creation. */
    record AllocatePublic(String cloud, SlotId slot) implements Allocation {
        public AllocatePublic {
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(slot, "slot");
        }

        @Override
        public Phase phase() {
            return Phase.ALLOCATE;
        }

        @Override
        public String action() {
            return "allocate-public";
        }

        @Override
        public String summary() {
            return "allocate a public IP for " + slot;
        }
    }

    /**
     * Assign a secondary private IP to the node's chosen interface and record the slot's ownership.
     *
     * @param interfaceId the observed interface the planner matched to {@code nic} (the provider uses it as is); null
     *                    only in a change made outside the planner
     * @param requestedIp the exact IP, or null to let the cloud choose
     */
    record AssignPrivate(String cloud, SlotId slot, NodeRef node, InterfaceSelector nic, String interfaceId,
                         String requestedIp) implements Allocation {
        public AssignPrivate {
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(node, "node");
            nic = nic == null ? InterfaceSelector.PRIMARY : nic;
        }

        /** A change made outside the planner (no interface chosen: the provider selects one by {@code nic}). */
        public AssignPrivate(String cloud, SlotId slot, NodeRef node, InterfaceSelector nic, String requestedIp) {
            this(cloud, slot, node, nic, null, requestedIp);
        }

        @Override
        public Phase phase() {
            return Phase.ALLOCATE;
        }

        @Override
        public String action() {
            return "assign-private";
        }

        @Override
        public String summary() {
            return "assign private IP " + (requestedIp == null ? "(cloud chooses)" : requestedIp) + " for " + slot
                    + " on " + node.instance() + " (" + nic + ")";
        }
    }

    /**
     * Associate the slot's public IP with the slot's private IP on the node (moving it from wherever it was).
     *
     * @param publicAddress  the public IP and its provider handle (allocation id), or the one this run allocates
     * @param privateAddress the private IP, or the one this run assigns
     * @param interfaceId    the interface the planner matched to {@code nic}, which holds (or receives) the private IP;
     *                       null only in a change made outside the planner
     * @param fromNode       where it is associated now (null: unassociated)
     * @param requires       firewalls that must have confirmed the address before it is attached (strict policy)
     */
    @JsonPropertyOrder({"cloud", "publicIp", "ref", "node", "nic", "interfaceId", "privateIp", "fromNode", "requires"})
    record AttachPublic(String cloud, SlotId slot, @JsonIgnore AddressRef publicAddress, NodeRef node,
                        InterfaceSelector nic, String interfaceId, @JsonIgnore AddressRef privateAddress,
                        NodeRef fromNode, List<String> requires) implements Attachment {
        public AttachPublic {
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(publicAddress, "publicAddress");
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(privateAddress, "privateAddress");
            nic = nic == null ? InterfaceSelector.PRIMARY : nic;
            requires = requires == null ? List.of() : List.copyOf(requires);
        }

        /** The JSON form: a null IP (and ref) stands for the address this run allocates for the slot. */
        @JsonCreator
        public AttachPublic(@JsonProperty("cloud") String cloud, @JsonProperty("slot") SlotId slot,
                            @JsonProperty("publicIp") String publicIp, @JsonProperty("ref") String ref,
                            @JsonProperty("node") NodeRef node, @JsonProperty("nic") InterfaceSelector nic,
                            @JsonProperty("interfaceId") String interfaceId,
                            @JsonProperty("privateIp") String privateIp, @JsonProperty("fromNode") NodeRef fromNode,
                            @JsonProperty("requires") List<String> requires) {
            this(cloud, slot, AddressRef.of(publicIp, ref, slot, AddressKind.PUBLIC), node, nic, interfaceId,
                    AddressRef.of(privateIp, null, slot, AddressKind.PRIVATE), fromNode, requires);
        }

        /** A change made outside the planner, with known addresses (the provider selects the interface). */
        public static AttachPublic known(String cloud, SlotId slot, String publicIp, String ref, NodeRef node,
                                         InterfaceSelector nic, String privateIp, NodeRef fromNode) {
            return new AttachPublic(cloud, slot, publicIp, ref, node, nic, null, privateIp, fromNode, List.of());
        }

        /** This change with its addresses resolved (the executor's step before handing it to the provider). */
        public AttachPublic resolved(AddressRef newPublic, AddressRef newPrivate) {
            return new AttachPublic(cloud, slot, newPublic, node, nic, interfaceId, newPrivate, fromNode, requires);
        }

        /** The public IP (null only in a plan, while it comes from this run's allocation). */
        @JsonProperty("publicIp")
        public String publicIp() {
            return publicAddress.ip();
        }

        /** The provider handle of the public IP (null in a plan while it comes from this run's allocation). */
        @JsonProperty("ref")
        public String ref() {
            return publicAddress.ref();
        }

        /** The private IP (null only in a plan, while it comes from this run's assignment). */
        @JsonProperty("privateIp")
        public String privateIp() {
            return privateAddress.ip();
        }

        @Override
        public Phase phase() {
            return Phase.ATTACH;
        }

        @Override
        public String action() {
            return "attach-public";
        }

        @Override
        public String summary() {
            return (fromNode == null ? "associate " : "move ") + (publicIp() == null ? "the new public IP" : publicIp())
                    + " of " + slot + (fromNode == null ? "" : " from " + fromNode.instance()) + " to "
                    + (privateIp() == null ? "its new private IP" : privateIp()) + " on " + node.instance();
        }
    }

    /**
     * Move a slot's secondary private IP from one node to another (one call, with reassignment allowed).
     *
     * @param interfaceId the target interface the planner matched to {@code nic}; null only outside the planner
     */
    record MovePrivate(String cloud, SlotId slot, String ip, NodeRef fromNode, NodeRef node, InterfaceSelector nic,
                       String interfaceId, List<String> requires) implements Attachment {
        public MovePrivate {
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(slot, "slot");
            Objects.requireNonNull(ip, "ip");
            Objects.requireNonNull(node, "node");
            nic = nic == null ? InterfaceSelector.PRIMARY : nic;
            requires = requires == null ? List.of() : List.copyOf(requires);
        }

        /** A change made outside the planner (no interface chosen: the provider selects one by {@code nic}). */
        public MovePrivate(String cloud, SlotId slot, String ip, NodeRef fromNode, NodeRef node, InterfaceSelector nic,
                           List<String> requires) {
            this(cloud, slot, ip, fromNode, node, nic, null, requires);
        }

        @Override
        public Phase phase() {
            return Phase.ATTACH;
        }

        @Override
        public String action() {
            return "move-private";
        }

        @Override
        public String summary() {
            return "move private IP " + ip + " of " + slot + (fromNode == null ? "" : " from " + fromNode.instance())
                    + " to " + node.instance();
        }
    }

    /** Disassociate a retired public IP from its node. */
    record DetachPublic(String cloud, SlotId slot, String publicIp, String ref, NodeRef node, String privateIp)
            implements CloudChange {
        public DetachPublic {
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(publicIp, "publicIp");
        }

        @Override
        public Phase phase() {
            return Phase.DETACH;
        }

        @Override
        public String action() {
            return "detach-public";
        }

        @Override
        public String summary() {
            return "disassociate public IP " + publicIp + (slot == null ? "" : " of " + slot)
                    + (node == null ? "" : " from " + node.instance());
        }
    }

    /** Release a retired public IP back to the cloud. */
    record ReleasePublic(String cloud, SlotId slot, String publicIp, String ref) implements Release {
        public ReleasePublic {
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(publicIp, "publicIp");
        }

        @Override
        public Phase phase() {
            return Phase.RELEASE;
        }

        @Override
        public String action() {
            return "release-public";
        }

        @Override
        public String summary() {
            return "release public IP " + publicIp + (slot == null ? "" : " of " + slot);
        }
    }

    /** Unassign a retired secondary private IP from its node (and drop its ownership record). */
    record UnassignPrivate(String cloud, SlotId slot, NodeRef node, String ip) implements Release {
        public UnassignPrivate {
            Objects.requireNonNull(cloud, "cloud");
            Objects.requireNonNull(ip, "ip");
        }

        @Override
        public Phase phase() {
            return Phase.RELEASE;
        }

        @Override
        public String action() {
            return "unassign-private";
        }

        @Override
        public String summary() {
            return "unassign private IP " + ip + (slot == null ? "" : " of " + slot)
                    + (node == null ? "" : " from " + node.instance());
        }
    }
}
