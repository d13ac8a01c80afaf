package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.Objects;
import software.constructs.Construct;

/**
 * {@code fortios_firewall_address} (fortinetdev/fortios): an IPv4 address object of type {@code ipmask}.
 * Arguments: {@code name}, {@code type} ({@code "ipmask"}), {@code subnet} ({@code "<ip>/32"}), {@code comment},
 * {@code vdomparam}; attribute {@code name}.
 */
public final class FortiosFirewallAddress extends TypedResource {
    public static final String TYPE = "fortios_firewall_address";

    private FortiosFirewallAddress(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    /** {@code ${fortios_firewall_address.<name>.name}}: a group listing it is ordered after it. */
    public String objectName() {
        return ref("name");
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link FortiosFirewallAddress} for one host address. */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private String name;
        private String ip;
        private String comment;
        private String vdom;

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        /** The object name (at most 79 characters); may contain a Terraform expression. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** The host address (or a reference to a reservation's IP attribute); written as {@code subnet = "<ip>/32"}. */
        public Builder ip(String ip) {
            this.ip = ip;
            return this;
        }

        /** A comment (at most 255 characters). */
        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        /** The VDOM ({@code vdomparam}); null: the provider's. */
        public Builder vdom(String vdom) {
            this.vdom = vdom;
            return this;
        }

        public FortiosFirewallAddress build() {
            FortiosFirewallAddress r = new FortiosFirewallAddress(scope, id, provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            r.set("type", "ipmask");
            r.set("subnet", Objects.requireNonNull(ip, "ip") + "/32");
            r.set("comment", comment);
            r.set("vdomparam", vdom);
            return r;
        }
    }
}
