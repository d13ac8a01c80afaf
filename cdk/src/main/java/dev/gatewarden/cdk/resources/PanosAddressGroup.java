package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.constructs.Construct;

/**
 * A static PAN-OS address group, on a firewall or Panorama.
 * <ul>
 *   <li>panos 2.x {@code panos_address_group}: {@code location}, {@code name}, {@code static}, {@code description},
 *       {@code tag} (docs/resources/address_group.md);</li>
 *   <li>panos 1.x firewall {@code panos_address_group}: {@code name}, {@code vsys}, {@code static_addresses},
 *       {@code description}, {@code tags} (docs/resources/address_group.md at v1.11.1);</li>
 *   <li>panos 1.x Panorama {@code panos_panorama_address_group}: the same with {@code device_group} instead of
 *       {@code vsys} (docs/resources/panorama_address_group.md at v1.11.1).</li>
 * </ul>
 */
public final class PanosAddressGroup extends TypedResource {
    /** The type in 2.x, and for a firewall in 1.x. */
    public static final String TYPE = "panos_address_group";
    /** The 1.x type for Panorama. */
    public static final String TYPE_V1_PANORAMA = "panos_panorama_address_group";

    private PanosAddressGroup(Construct scope, String id, String type, TerraformProvider provider, String logicalId) {
        super(scope, id, type, provider, logicalId);
    }

    /** The resource type for a provider major and location. */
    public static String type(PanosVersion version, PanosLocation location) {
        return version == PanosVersion.V1 && location.panorama() ? TYPE_V1_PANORAMA : TYPE;
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a static {@link PanosAddressGroup}. */
    public static final class Builder extends PanosResourceBuilder<Builder> {
        private String name;
        private final List<String> members = new ArrayList<>();
        private String description;
        private final List<String> tags = new ArrayList<>();

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A member: reference the object's name ({@link PanosAddressObject#objectName()}) so it is created first. */
        public Builder member(String objectName) {
            this.members.add(objectName);
            return this;
        }

        public Builder description(String description) {
            this.description = description;
            return this;
        }

        public Builder tag(String tag) {
            this.tags.add(tag);
            return this;
        }

        public PanosAddressGroup build() {
            if (members.isEmpty()) {
                throw new IllegalStateException("PAN-OS static address group " + name + " needs at least one member");
            }
            Objects.requireNonNull(location, "location");
            PanosAddressGroup r = new PanosAddressGroup(scope, id, type(version, location), provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            location.applyTo(r, version);
            boolean v1 = version == PanosVersion.V1;
            r.set(v1 ? "static_addresses" : "static", List.copyOf(members));
            r.set("description", description);
            r.set(v1 ? "tags" : "tag", List.copyOf(tags));
            return r;
        }
    }
}
