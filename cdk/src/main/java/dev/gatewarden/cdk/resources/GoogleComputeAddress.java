package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * {@code google_compute_address} (hashicorp/google): a regional static external IPv4 address.
 * Arguments: {@code name}, {@code address_type} ({@code "EXTERNAL"}), {@code region}, {@code project},
 * {@code network_tier}, {@code labels}; attribute {@code address}.
 */
public final class GoogleComputeAddress extends TypedResource {
    public static final String TYPE = "google_compute_address";

    private GoogleComputeAddress(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    /** The reserved address: {@code ${google_compute_address.<name>.address}}. */
    public String address() {
        return ref("address");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link GoogleComputeAddress}; the address type is always {@code EXTERNAL}. */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private String name;
        private String region;
        private String project;
        private String networkTier;
        private final Map<String, String> labels = new TreeMap<>();

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        /** The GCE name: lowercase letters, digits and '-', at most 63 characters, starting with a letter. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The region, e.g. {@code europe-west1}; null: the provider's region. */
        public Builder region(String region) {
            this.region = region;
            return this;
        }

        /** The project; null: the provider's project. */
        public Builder project(String project) {
            this.project = project;
            return this;
        }

        /** {@code PREMIUM} or {@code STANDARD}; null: the provider's default (PREMIUM). */
        public Builder networkTier(String networkTier) {
            this.networkTier = networkTier;
            return this;
        }

        /** Labels: keys and values lowercase letters, digits, '-' and '_' (the ownership keys qualify). */
        public Builder labels(Map<String, String> labels) {
            this.labels.putAll(labels);
            return this;
        }

        public GoogleComputeAddress build() {
            GoogleComputeAddress r = new GoogleComputeAddress(scope, id, provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            r.set("address_type", "EXTERNAL");
            r.set("region", region);
            r.set("project", project);
            r.set("network_tier", networkTier);
            r.set("labels", new TreeMap<>(labels));
            return r;
        }
    }
}
