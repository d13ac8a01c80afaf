package dev.gatewarden.plan;

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
     * @param ip          null when the address is allocated earlier in the same run
     * @param objectName  null when {@code ip} is null (the name is derived from the IP)
     */
    record Publish(String firewall, String group, String gateway, SlotId slot, AddressKind kind, String ip,
                   String objectName) implements FirewallChange {
        public Publish {
            Objects.requireNonNull(firewall, "firewall");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(kind, "kind");
        }

        public Publish resolved(String newIp, String newObjectName) {
            return new Publish(firewall, group, gateway, slot, kind, newIp, newObjectName);
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
            return "publish " + kind.label() + " " + (ip == null ? "address" : ip) + " of " + slot + " in group "
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
