package dev.gatewarden.cdk;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.TerraformResource;
import dev.gatewarden.cdk.resources.AwsEip;
import dev.gatewarden.cdk.resources.AzurermPublicIp;
import dev.gatewarden.cdk.resources.GoogleComputeAddress;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.Ownership;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.constructs.Construct;

/**
 * One gateway's reserved public IPs on its cloud, one per slot ({@code <gateway>#0 … #n-1}): {@code aws_eip},
 * {@code azurerm_public_ip} (Standard, Static) or {@code google_compute_address} (EXTERNAL). Each carries the
 * engine's ownership tags/labels ({@code gatewarden-owner}, {@code gatewarden-gateway}, {@code gatewarden-slot})
 * plus {@code gatewarden-lifecycle=external}: the reconcile job finds them by these tags, attaches and moves them
 * between the gateway's nodes, and never releases or re-creates them.
 *
 * <pre>{@code
 * GatewayAddresses eips = GatewayAddresses.builder(stack, "payments")
 *         .owner("prod-eu-1").gateway("payments").addresses(2)
 *         .placement(new GatewayAddresses.Aws()).provider(awsProvider)
 *         .build();
 * eips.reserved().get(0).ip(); // ${aws_eip.gw_payments_0.public_ip}
 * }</pre>
 */
public final class GatewayAddresses extends Construct {

    /** Where the addresses are reserved. */
    public sealed interface Placement permits Aws, Azure, Gcp {
    }

    /** An AWS account and region (the provider's): Elastic IPs in the VPC domain. */
    public record Aws() implements Placement {
    }

    /**
     * Azure public IPs.
     *
     * @param resourceGroupName a literal or a Terraform expression ({@code ${var.…}})
     * @param location          the region, e.g. {@code westeurope}; a literal or an expression
     * @param zones             availability zones; empty: none given
     */
    public record Azure(String resourceGroupName, String location, List<String> zones) implements Placement {
        public Azure {
            Objects.requireNonNull(resourceGroupName, "resourceGroupName");
            Objects.requireNonNull(location, "location");
            zones = zones == null ? List.of() : List.copyOf(zones);
        }
    }

    /**
     * GCP regional external addresses.
     *
     * @param project     null: the provider's project
     * @param region      null: the provider's region
     * @param networkTier null: the provider's default
     */
    public record Gcp(String project, String region, String networkTier) implements Placement {
    }

    /**
     * One reserved address.
     *
     * @param ip       a reference to the reserved IP ({@code ${aws_eip.x.public_ip}}, {@code ${azurerm_public_ip.x.ip_address}},
     *                 {@code ${google_compute_address.x.address}}): use it in other resources so Terraform orders them
     * @param resource the Terraform resource
     */
    public record Reserved(SlotId slot, String ip, TerraformResource resource) {
    }

    private final List<Reserved> reserved;

    private GatewayAddresses(Builder b) {
        super(b.scope, b.id);
        List<Reserved> out = new ArrayList<>();
        for (int i = 0; i < b.addresses; i++) {
            SlotId slot = new SlotId(b.gateway, i);
            Map<String, String> tags = tags(b.owner, slot);
            String logicalId = TerraformNames.identifier("gw", b.gateway, Integer.toString(i));
            String name = TerraformNames.cloudName(63, "gw", b.owner, b.gateway, Integer.toString(i));
            String construct = "slot-" + i;
            if (b.placement instanceof Aws) {
                Map<String, String> awsTags = new LinkedHashMap<>(tags);
                awsTags.put("Name", name);
                AwsEip eip = AwsEip.builder(this, construct).provider(b.provider).logicalId(logicalId)
                        .tags(awsTags).build();
                out.add(new Reserved(slot, eip.publicIp(), eip));
            } else if (b.placement instanceof Azure z) {
                AzurermPublicIp ip = AzurermPublicIp.builder(this, construct).provider(b.provider)
                        .logicalId(logicalId).name(name).resourceGroupName(z.resourceGroupName())
                        .location(z.location()).zones(z.zones()).tags(tags).build();
                out.add(new Reserved(slot, ip.ipAddress(), ip));
            } else {
                Gcp g = (Gcp) b.placement;
                GoogleComputeAddress ip = GoogleComputeAddress.builder(this, construct).provider(b.provider)
                        .logicalId(logicalId).name(name).project(g.project()).region(g.region())
                        .networkTier(g.networkTier()).labels(tags).build();
                out.add(new Reserved(slot, ip.address(), ip));
            }
        }
        this.reserved = List.copyOf(out);
    }

    /** The ownership tags/labels of one slot's reservation (valid as AWS/Azure tags and GCP labels alike). */
    public static Map<String, String> tags(String owner, SlotId slot) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put(Ownership.OWNER, owner);
        tags.put(Ownership.GATEWAY, slot.gateway());
        tags.put(Ownership.SLOT, Integer.toString(slot.index()));
        tags.put(Ownership.LIFECYCLE, Ownership.LIFECYCLE_EXTERNAL);
        return tags;
    }

    /** The reservations, in slot order. */
    public List<Reserved> reserved() {
        return reserved;
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds {@link GatewayAddresses}; owner, gateway, placement and provider are required. */
    public static final class Builder {
        private final Construct scope;
        private final String id;
        private String owner;
        private String gateway;
        private int addresses;
        private Placement placement;
        private TerraformProvider provider;

        private Builder(Construct scope, String id) {
            this.scope = Objects.requireNonNull(scope, "scope");
            this.id = Objects.requireNonNull(id, "id");
        }

        /** The owner id of the config ({@code owner:}), stamped as {@code gatewarden-owner}. */
        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        /** The gateway name, stamped as {@code gatewarden-gateway}. */
        public Builder gateway(String gateway) {
            this.gateway = gateway;
            return this;
        }

        /** How many slots (one reservation each). */
        public Builder addresses(int addresses) {
            this.addresses = addresses;
            return this;
        }

        public Builder placement(Placement placement) {
            this.placement = placement;
            return this;
        }

        /** The provider block of the gateway's cloud account (its kind must match the placement). */
        public Builder provider(TerraformProvider provider) {
            this.provider = provider;
            return this;
        }

        public GatewayAddresses build() {
            if (!Ownership.isValidName(owner)) {
                throw new IllegalArgumentException("owner '" + owner + "': " + Ownership.nameRule());
            }
            if (!Ownership.isValidName(gateway)) {
                throw new IllegalArgumentException("gateway '" + gateway + "': " + Ownership.nameRule());
            }
            if (addresses < 0) {
                throw new IllegalArgumentException("addresses must be >= 0, got " + addresses);
            }
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(provider, "provider");
            return new GatewayAddresses(this);
        }
    }
}
