package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * {@code azurerm_public_ip} (hashicorp/azurerm): a Standard, Static public IP address.
 * Arguments: {@code name}, {@code resource_group_name}, {@code location}, {@code allocation_method}
 * ({@code "Static"}), {@code sku} ({@code "Standard"}), {@code zones}, {@code tags}; attribute {@code ip_address}.
 */
public final class AzurermPublicIp extends TypedResource {
    public static final String TYPE = "azurerm_public_ip";

    private AzurermPublicIp(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    /** The reserved address: {@code ${azurerm_public_ip.<name>.ip_address}}. */
    public String ipAddress() {
        return ref("ip_address");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds an {@link AzurermPublicIp}; SKU Standard and allocation Static are fixed (what NICs need). */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private String name;
        private String resourceGroupName;
        private String location;
        private List<String> zones = List.of();
        private final Map<String, String> tags = new TreeMap<>();

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        /** The Azure resource name (1-80 characters). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A literal or a Terraform expression such as {@code ${var.x}}. */
        public Builder resourceGroupName(String resourceGroupName) {
            this.resourceGroupName = resourceGroupName;
            return this;
        }

        /** The Azure region, e.g. {@code westeurope}; a literal or an expression. */
        public Builder location(String location) {
            this.location = location;
            return this;
        }

        /** Availability zones, e.g. {@code ["1","2","3"]} (zone-redundant); empty: no zone argument. */
        public Builder zones(List<String> zones) {
            this.zones = List.copyOf(zones);
            return this;
        }

        public Builder tags(Map<String, String> tags) {
            this.tags.putAll(tags);
            return this;
        }

        public AzurermPublicIp build() {
            AzurermPublicIp r = new AzurermPublicIp(scope, id, provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            r.set("resource_group_name", Objects.requireNonNull(resourceGroupName, "resourceGroupName"));
            r.set("location", Objects.requireNonNull(location, "location"));
            r.set("allocation_method", "Static");
            r.set("sku", "Standard");
            r.set("zones", zones);
            r.set("tags", new TreeMap<>(tags));
            return r;
        }
    }
}
