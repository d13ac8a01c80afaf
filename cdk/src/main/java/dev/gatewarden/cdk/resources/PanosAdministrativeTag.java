package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.Objects;
import software.constructs.Construct;

/**
 * {@code panos_administrative_tag} (PaloAltoNetworks/panos 1.x): a tag object that address objects and groups
 * can carry. Arguments: {@code name}, {@code vsys} or {@code device_group}, {@code comment}; attribute {@code name}.
 */
public final class PanosAdministrativeTag extends TypedResource {
    public static final String TYPE = "panos_administrative_tag";

    private PanosAdministrativeTag(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    /** {@code ${panos_administrative_tag.<name>.name}}: referencing it orders the tag before its users. */
    public String tagName() {
        return ref("name");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link PanosAdministrativeTag}. */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private String name;
        private PanosLocation location;
        private String comment;

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        /** The tag name (at most 127 characters). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder location(PanosLocation location) {
            this.location = location;
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public PanosAdministrativeTag build() {
            PanosAdministrativeTag r = new PanosAdministrativeTag(scope, id, provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            Objects.requireNonNull(location, "location").applyTo(r);
            r.set("comment", comment);
            return r;
        }
    }
}
