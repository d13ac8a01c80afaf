package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.constructs.Construct;

/**
 * One PAN-OS address object of type ip-netmask, on a firewall or Panorama.
 * <ul>
 *   <li>panos 2.x {@code panos_address}: {@code location}, {@code name}, {@code ip_netmask} ({@code "<ip>/32"}),
 *       {@code description}, {@code tags} (docs/resources/address.md);</li>
 *   <li>panos 1.x {@code panos_address_object}: {@code name}, {@code vsys} or {@code device_group}, {@code type}
 *       ({@code "ip-netmask"}), {@code value}, {@code description}, {@code tags}
 *       (docs/resources/address_object.md at v1.11.1).</li>
 * </ul>
 * Attribute {@code name} in both.
 */
public final class PanosAddressObject extends TypedResource {
    /** The 2.x resource type. */
    public static final String TYPE = "panos_address";
    /** The 1.x resource type (firewall and Panorama alike). */
    public static final String TYPE_V1 = "panos_address_object";

    private PanosAddressObject(Construct scope, String id, String type, TerraformProvider provider, String logicalId) {
        super(scope, id, type, provider, logicalId);
    }

    /** The resource type for a provider major. */
    public static String type(PanosVersion version) {
        return version == PanosVersion.V1 ? TYPE_V1 : TYPE;
    }

    /** {@code ${panos_address_object.<name>.name}}: a group listing it is ordered after it. */
    public String objectName() {
        return ref("name");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link PanosAddressObject} of type {@code ip-netmask}. */
    public static final class Builder extends PanosResourceBuilder<Builder> {
        private String name;
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
            PanosAddressObject r = new PanosAddressObject(scope, id, type(version), provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            Objects.requireNonNull(location, "location").applyTo(r, version);
            Objects.requireNonNull(value, "value");
            if (version == PanosVersion.V1) {
                r.set("type", "ip-netmask");
                r.set("value", value);
            } else {
                r.set("ip_netmask", value + "/32");
            }
            r.set("description", description);
            r.set("tags", List.copyOf(tags));
            return r;
        }
    }
}
