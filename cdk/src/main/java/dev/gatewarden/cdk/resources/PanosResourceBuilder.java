package dev.gatewarden.cdk.resources;

import java.util.Objects;
import software.constructs.Construct;

/** What every PAN-OS resource builder takes besides the common ones: the provider major and the location. */
abstract class PanosResourceBuilder<B extends PanosResourceBuilder<B>> extends TypedResource.ResourceBuilder<B> {
    PanosVersion version = PanosVersion.V2;
    PanosLocation location;

    PanosResourceBuilder(Construct scope, String id) {
        super(scope, id);
    }

    /** The provider major to render for; default {@link PanosVersion#V2}. */
    public B version(PanosVersion version) {
        this.version = Objects.requireNonNull(version, "version");
        return self();
    }

    /** Where the object lives (a vsys or a device group). */
    public B location(PanosLocation location) {
        this.location = location;
        return self();
    }
}
