package dev.gatewarden.plan;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import dev.gatewarden.model.SlotId;

/**
 * One typed step of a plan. Cloud changes go to a {@code CloudProvider}, firewall changes to a
 * {@code FirewallAdapter}. An address only known once an earlier phase ran (an IP the cloud chooses) is an
 * {@link AddressRef.FromAllocation} in the plan, resolved by the executor from the run's ledger before the change
 * reaches a provider or an adapter.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "action")
@JsonSubTypes({
        @JsonSubTypes.Type(value = CloudChange.AllocatePublic.class, name = "allocate-public"),
        @JsonSubTypes.Type(value = CloudChange.AssignPrivate.class, name = "assign-private"),
        @JsonSubTypes.Type(value = CloudChange.AttachPublic.class, name = "attach-public"),
        @JsonSubTypes.Type(value = CloudChange.MovePrivate.class, name = "move-private"),
        @JsonSubTypes.Type(value = CloudChange.DetachPublic.class, name = "detach-public"),
        @JsonSubTypes.Type(value = CloudChange.ReleasePublic.class, name = "release-public"),
        @JsonSubTypes.Type(value = CloudChange.UnassignPrivate.class, name = "unassign-private"),
        @JsonSubTypes.Type(value = FirewallChange.Publish.class, name = "publish"),
        @JsonSubTypes.Type(value = FirewallChange.Withdraw.class, name = "withdraw"),
})
@JsonIgnoreProperties(value = {"phase", "target", "summary"}, allowGetters = true)
public sealed interface Change permits CloudChange, FirewallChange {

    @JsonProperty("phase")
    Phase phase();

    /** The cloud account or firewall name the change goes to. */
    @JsonProperty("target")
    String target();

    /** The slot concerned (null for a stray firewall object that belongs to no slot). */
    SlotId slot();

    /** The action id, e.g. {@code allocate-public}, as in JSON output and the audit log. */
    String action();

    /** One line for humans. */
    @JsonProperty("summary")
    String summary();
}
