package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.Objects;
import software.constructs.Construct;

/**
 * A PAN-OS administrative tag object that address objects and groups can carry.
 * <ul>
 *   <li>panos 2.x {@code panos_administrative_tag}: {@code location}, {@code name}, {@code comments}
 *       (docs/resources/administrative_tag.md);</li>
 *   <li>panos 1.x firewall {@code panos_administrative_tag}: {@code name}, {@code vsys}, {@code comment}
 *       (docs/resources/administrative_tag.md at v1.11.1);</li>
 *   <li>panos 1.x Panorama {@code panos_panorama_administrative_tag}: {@code name}, {@code device_group},
 *       {@code comment} (docs/resources/panorama_administrative_tag.md at v1.11.1).</li>
 * </ul>
 * Attribute {@code name} in all.
 */
public final class PanosAdministrativeTag extends TypedResource {
    /** The type in 2.x, and for a firewall in 1.x. */
    public static final String TYPE = "panos_administrative_tag";
    /** The 1.x type for Panorama. */
    public static final String TYPE_V1_PANORAMA = "panos_panorama_administrative_tag";

    private PanosAdministrativeTag(Construct scope, String id, String type, TerraformProvider provider,
                                   String logicalId) {
        super(scope, id, type, provider, logicalId);
    }

    /** The resource type for a provider major and location. */
    public static String type(PanosVersion version, PanosLocation location) {
        return version == PanosVersion.V1 && location.panorama() ? TYPE_V1_PANORAMA : TYPE;
    }

    /** {@code ${panos_administrative_tag.<name>.name}}: referencing it orders the tag before its users. */
    public String tagName() {
        return ref("name");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link PanosAdministrativeTag}. */
    public static final class Builder extends PanosResourceBuilder<Builder> {
        private String name;
        private String comment;

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        /** The tag name (at most 127 characters). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public PanosAdministrativeTag build() {
            Objects.requireNonNull(location, "location");
            PanosAdministrativeTag r = new PanosAdministrativeTag(scope, id, type(version, location), provider,
                    logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            location.applyTo(r, version);
            r.set(version == PanosVersion.V1 ? "comment" : "comments", comment);
            return r;
        }
    }
}
