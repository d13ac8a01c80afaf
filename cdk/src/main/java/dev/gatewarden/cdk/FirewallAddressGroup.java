package dev.gatewarden.cdk;

import com.hashicorp.cdktf.TerraformProvider;
import dev.gatewarden.cdk.resources.FortiosFirewallAddress;
import dev.gatewarden.cdk.resources.FortiosFirewallAddrgrp;
import dev.gatewarden.cdk.resources.PanosAddressGroup;
import dev.gatewarden.cdk.resources.PanosAddressObject;
import dev.gatewarden.cdk.resources.PanosLocation;
import dev.gatewarden.cdk.resources.PanosVersion;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.ownership.Ownership;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.constructs.Construct;

/**
 * One firewall binding of one gateway: an address object per reservation and a group listing them, on PAN-OS
 * ({@link PanosAddressObject} + {@link PanosAddressGroup}, in the types of the chosen provider major) or FortiOS ({@code fortios_firewall_address} +
 * {@code fortios_firewall_addrgrp}). Each object's value references its reservation's IP attribute, so Terraform
 * creates the address first and the objects follow it; the group references the objects' names.
 *
 * <p>Object names follow the firewall's naming template (default {@code gw-<owner>-<gateway>-<ip>}), with the IP
 * as a Terraform reference. These objects carry no Gatewarden ownership mark (no {@code gatewarden-owner-…} tag,
 * no {@code gatewarden owner=} comment): they are Terraform's, and the reconcile job never changes them. On PAN-OS
 * they carry an administrative tag of their own (see {@link Builder#panosTag}) and a description saying so.
 */
public final class FirewallAddressGroup extends Construct {

    /** The firewall kind and where its objects live. */
    public sealed interface Target permits PanOs, FortiOs {
    }

    /** PAN-OS firewall (vsys) or Panorama (device group), rendered for a panos provider major. */
    public record PanOs(PanosLocation location, PanosVersion version) implements Target {
        public PanOs {
            Objects.requireNonNull(location, "location");
            Objects.requireNonNull(version, "version");
        }

        /** For the default provider major, {@link PanosVersion#V2}. */
        public PanOs(PanosLocation location) {
            this(location, PanosVersion.V2);
        }
    }

    /** FortiOS; {@code vdom} null: the provider's VDOM. */
    public record FortiOs(String vdom) implements Target {
    }

    private final List<String> objectNames;

    private FirewallAddressGroup(Builder b) {
        super(b.scope, b.id);
        String prefix = TerraformNames.identifier(b.firewall, b.gateway);
        List<String> names = new ArrayList<>();
        if (b.target instanceof PanOs p) {
            PanosAddressGroup.Builder group = PanosAddressGroup.builder(this, "group").provider(b.provider)
                    .logicalId(prefix).name(b.group).location(p.location()).version(p.version())
                    .description(groupText(b));
            for (GatewayAddresses.Reserved r : b.addresses) {
                PanosAddressObject.Builder o = PanosAddressObject.builder(this, "object-" + r.slot().index())
                        .provider(b.provider).logicalId(prefix + "_" + r.slot().index())
                        .name(b.naming.objectName(b.owner, b.gateway, r.ip(), r.slot().index()))
                        .location(p.location()).version(p.version()).value(r.ip())
                        .description(objectText(b, r));
                if (b.panosTag != null) {
                    o.tag(b.panosTag);
                }
                PanosAddressObject object = o.build();
                names.add(object.objectName());
                group.member(object.objectName());
            }
            if (b.panosTag != null) {
                group.tag(b.panosTag);
            }
            group.build();
        } else {
            FortiOs f = (FortiOs) b.target;
            FortiosFirewallAddrgrp.Builder group = FortiosFirewallAddrgrp.builder(this, "group").provider(b.provider)
                    .logicalId(prefix).name(b.group).vdom(f.vdom()).comment(groupText(b));
            for (GatewayAddresses.Reserved r : b.addresses) {
                FortiosFirewallAddress object = FortiosFirewallAddress.builder(this, "object-" + r.slot().index())
                        .provider(b.provider).logicalId(prefix + "_" + r.slot().index())
                        .name(b.naming.objectName(b.owner, b.gateway, r.ip(), r.slot().index()))
                        .ip(r.ip()).vdom(f.vdom()).comment(objectText(b, r)).build();
                names.add(object.objectName());
                group.member(object.objectName());
            }
            group.build();
        }
        this.objectNames = List.copyOf(names);
    }

    // Deliberately not the engine's ownership marks (a FortiOS comment "gatewarden owner=…" or a PAN-OS tag
    // "gatewarden-owner-…" would make the reconcile job treat these objects as its own).
    private static String objectText(Builder b, GatewayAddresses.Reserved r) {
        return "Managed by Terraform (gatewarden synth): reserved egress IP of " + Ownership.OWNER + "=" + b.owner + " "
                + Ownership.GATEWAY + "=" + b.gateway + " " + Ownership.SLOT + "=" + r.slot().index();
    }

    private static String groupText(Builder b) {
        return "Managed by Terraform (gatewarden synth): egress IPs of " + Ownership.OWNER + "=" + b.owner + " "
                + Ownership.GATEWAY + "=" + b.gateway;
    }

    /** The address objects' names, as references (one per reservation, in slot order). */
    public List<String> objectNames() {
        return objectNames;
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link FirewallAddressGroup}; every setter but {@code naming} and {@code panosTag} is required. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private String owner;
        private String gateway;
        private String firewall;
        private String group;
        private Target target;
        private TerraformProvider provider;
        private NameTemplate naming = NameTemplate.DEFAULT;
        private String panosTag;
        private List<GatewayAddresses.Reserved> addresses = List.of();

        private Builder(Construct scope, String id) {
            this.scope = Objects.requireNonNull(scope, "scope");
            this.id = Objects.requireNonNull(id, "id");
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder gateway(String gateway) {
            this.gateway = gateway;
            return this;
        }

        /** The firewall's name in the config: part of the Terraform resource names. */
        public Builder firewall(String firewall) {
            this.firewall = firewall;
            return this;
        }

        /** The group's name on the firewall. */
        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder target(Target target) {
            this.target = target;
            return this;
        }

        /** The firewall's provider block (panos or fortios, matching the target). */
        public Builder provider(TerraformProvider provider) {
            this.provider = provider;
            return this;
        }

        /** How objects are named; default {@link NameTemplate#DEFAULT}. */
        public Builder naming(NameTemplate naming) {
            this.naming = Objects.requireNonNull(naming, "naming");
            return this;
        }

        /** PAN-OS only: an administrative tag (a reference to its name) to put on the objects and the group. */
        public Builder panosTag(String panosTag) {
            this.panosTag = panosTag;
            return this;
        }

        /** The reservations to list (typically {@link GatewayAddresses#reserved()}). */
        public Builder addresses(List<GatewayAddresses.Reserved> addresses) {
            this.addresses = List.copyOf(addresses);
            return this;
        }

        public FirewallAddressGroup build() {
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(gateway, "gateway");
            Objects.requireNonNull(firewall, "firewall");
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(provider, "provider");
            if (addresses.isEmpty()) {
                throw new IllegalArgumentException("firewall " + firewall + ", group " + group
                        + ": no reservations to list (a group needs at least one member)");
            }
            if (panosTag != null && !(target instanceof PanOs)) {
                throw new IllegalArgumentException("panosTag is for PAN-OS targets only");
            }
            return new FirewallAddressGroup(this);
        }
    }
}
