package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.constructs.Construct;

/**
 * {@code fortios_firewall_addrgrp} (fortinetdev/fortios): an IPv4 address group.
 * Arguments: {@code name}, {@code member} blocks ({@code name}), {@code comment}, {@code vdomparam}.
 */
public final class FortiosFirewallAddrgrp extends TypedResource {
    public static final String TYPE = "fortios_firewall_addrgrp";

    private FortiosFirewallAddrgrp(Construct scope, String id, TerraformProvider provider, String logicalId) {
        super(scope, id, TYPE, provider, logicalId);
    }

    public static Builder builder(Construct scope, String id) {
        return new Builder(scope, id);
    }

    /** Builds a {@link FortiosFirewallAddrgrp}. */
    public static final class Builder extends TypedResource.ResourceBuilder<Builder> {
        private String name;
        private final List<String> members = new ArrayList<>();
        private String comment;
        private String vdom;

        private Builder(Construct scope, String id) {
            super(scope, id);
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** A member: reference the object's name ({@link FortiosFirewallAddress#objectName()}). */
        public Builder member(String objectName) {
            this.members.add(objectName);
            return this;
        }

        public Builder comment(String comment) {
            this.comment = comment;
            return this;
        }

        public Builder vdom(String vdom) {
            this.vdom = vdom;
            return this;
        }

        public FortiosFirewallAddrgrp build() {
            if (members.isEmpty()) {
                throw new IllegalStateException("FortiOS address group " + name + " needs at least one member");
            }
            FortiosFirewallAddrgrp r = new FortiosFirewallAddrgrp(scope, id, provider, logicalId);
            r.set("name", Objects.requireNonNull(name, "name"));
            r.set("member", members.stream().map(m -> Map.of("name", m)).toList());
            r.set("comment", comment);
            r.set("vdomparam", vdom);
            return r;
        }
    }
}
