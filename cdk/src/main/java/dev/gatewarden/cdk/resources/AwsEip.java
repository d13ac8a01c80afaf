package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.Map;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * {@code aws_eip} (hashicorp/aws): an Elastic IP reserved in a VPC, tagged at creation.
 * Arguments: {@code domain} ({@code "vpc"}), {@code tags}; attribute {@code public_ip}.
 */
public final class AwsEip extends TypedResource {
    public static final String TYPE = "aws_eip";

    private AwsEip(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    /** The reserved address: {@code ${aws_eip.<name>.public_ip}}. */
    public String publicIp() {
        return ref("public_ip");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds an {@link AwsEip}; {@code domain} is always {@code vpc}. */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private final Map<String, String> tags = new TreeMap<>();

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        /** Tags set in the create call (TagSpecifications), so the address is never untagged. */
        public Builder tags(Map<String, String> tags) {
            this.tags.putAll(tags);
            return this;
        }

        public AwsEip build() {
            AwsEip r = new AwsEip(scope, id, provider, logicalId);
            r.set("domain", "vpc");
            r.set("tags", new TreeMap<>(tags));
            return r;
        }
    }
}
