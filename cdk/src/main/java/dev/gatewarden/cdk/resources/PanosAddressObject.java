package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.constructs.Construct;

/**
 * {@code panos_address_object} (PaloAltoNetworks/panos 1.x, firewall and Panorama): one address.
 * Arguments: {@code name}, {@code vsys} or {@code device_group}, {@code type} ({@code "ip-netmask"}), {@code value},
 * {@code description}, {@code tags}; attribute {@code name}.
 */
public final class PanosAddressObject extends TypedResource {
    public static final String TYPE = "panos_address_object";

    private PanosAddressObject(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    /** {@code ${panos_address_object.<name>.name}}: a group listing it is ordered after it. */
    public String objectName() {
        return ref("name");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link PanosAddressObject} of type {@code ip-netmask}. */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private String name;
        private PanosLocation location;
        private String value;
        private String description;
        private final List<String> tags = new ArrayList<>();

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        /** The object name (at most 63 characters); may contain a Terraform expression. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder location(PanosLocation location) {
            this.location = location;
            return this;
        }

        /** The address, e.g. {@code 203.0.113.5} (a /32) or a reference to a reservation's IP attribute. */
        public Builder value(String value) {
            this.value = value;
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        /** Administrative tags (each must exist as a tag object: reference a {@link PanosAdministrativeTag}). */
        public Builder tag(String tag) {
            this.tags.add(tag);
            return this;
        }

        public PanosAddressObject build() {
            PanosAddressObject r = new PanosAddressObject(scope, id, provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            Objects.requireNonNull(location, "location").applyTo(r);
            r.set("type", "ip-netmask");
            r.set("value", Objects.requireNonNull(value, "value"));
            r.set("description", description);
            r.set("tags", List.copyOf(tags));
            return r;
        }
    }
}
