package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import software.constructs.Construct;

/**
 * {@code panos_address_group} (PaloAltoNetworks/panos 1.x, firewall and Panorama): a static address group.
 * Arguments: {@code name}, {@code vsys} or {@code device_group}, {@code static_addresses}, {@code description},
 * {@code tags}.
 */
public final class PanosAddressGroup extends TypedResource {
    public static final String TYPE = "panos_address_group";

    private PanosAddressGroup(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a static {@link PanosAddressGroup}. */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private String name;
        private PanosLocation location;
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

        public Builder location(PanosLocation location) {
            this.location = location;
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
            PanosAddressGroup r = new PanosAddressGroup(scope, id, provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            Objects.requireNonNull(location, "location").applyTo(r);
            r.set("static_addresses", List.copyOf(members));
            r.set("description", description);
            r.set("tags", List.copyOf(tags));
            return r;
        }
    }
}
