package dev.gatewarden.plan;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.SlotId;
import java.util.Objects;

/** A change to a firewall, batched per firewall by the executor and committed once. */
public sealed interface FirewallChange extends Change {

    String firewall();

    @Override
    default String target() {
        return firewall();
    }

    /**
     * Make sure an address object exists (named, marked as ours) and is a member of the group.
     *
     * @param address     the IP, or the one this run allocates for the slot
     * @param objectName  the object's name; null while the IP comes from this run's allocation (the executor renders
     *                    it from the IP when it resolves the change)
     */
    @JsonPropertyOrder({"firewall", "group", "gateway", "kind", "ip", "objectName"})
    record Publish(String firewall, String group, String gateway, SlotId slot, AddressKind kind,
                   @JsonIgnore AddressRef address, String objectName) implements FirewallChange {
        public Publish {
            Objects.requireNonNull(firewall, "firewall");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(address, "address");
            if (!address.known() && objectName != null) {
                throw new IllegalArgumentException("publish of " + slot + ": an object name needs a known IP");
            }
        }

        /** The JSON form: a null IP (and object name) stands for the address this run allocates for the slot. */
        @JsonCreator
        public static Publish fromJson(@JsonProperty("firewall") String firewall, @JsonProperty("group") String group,
                                       @JsonProperty("gateway") String gateway, @JsonProperty("slot") SlotId slot,
                                       @JsonProperty("kind") AddressKind kind, @JsonProperty("ip") String ip,
                                       @JsonProperty("objectName") String objectName) {
            return new Publish(firewall, group, gateway, slot, kind, AddressRef.of(ip, null, slot, kind), objectName);
        }

        /** Publish the known {@code ip} as {@code objectName}. */
        public static Publish of(String firewall, String group, String gateway, SlotId slot, AddressKind kind,
                                 String ip, String objectName) {
            return new Publish(firewall, group, gateway, slot, kind, new AddressRef.Known(ip, null), objectName);
        }

        /** This change with its IP resolved and the object name rendered from it. */
        public Publish resolved(String newIp, String newObjectName) {
            return new Publish(firewall, group, gateway, slot, kind, new AddressRef.Known(newIp, null), newObjectName);
        }

        /** The IP (null only in a plan, while it comes from this run's allocation). */
        @JsonProperty("ip")
        public String ip() {
            return address.ip();
        }

        @Override
        public Phase phase() {
            return Phase.PUBLISH;
        }

        @Override
        public String action() {
            return "publish";
        }

        @Override
        public String summary() {
            return "publish " + kind.label() + " " + (ip() == null ? "address" : ip()) + " of " + slot + " in group "
                    + group + (objectName == null ? "" : " as " + objectName);
        }
    }

    /**
     * Remove an owned address object from a group ({@code group} null: it is in no group) and, when
     * {@code deleteObject}, delete the object.
     */
    record Withdraw(String firewall, String group, String gateway, SlotId slot, String ip, String objectName,
                    boolean deleteObject) implements FirewallChange {
        public Withdraw {
            Objects.requireNonNull(firewall, "firewall");
            Objects.requireNonNull(objectName, "objectName");
        }

        @Override
        public Phase phase() {
            return Phase.WITHDRAW;
        }

        @Override
        public String action() {
            return "withdraw";
        }

        @Override
        public String summary() {
            return "withdraw " + (ip == null ? objectName : ip) + (slot == null ? "" : " of " + slot)
                    + (group == null ? "" : " from group " + group) + (deleteObject ? " and delete " + objectName : "");
        }
    }
}
