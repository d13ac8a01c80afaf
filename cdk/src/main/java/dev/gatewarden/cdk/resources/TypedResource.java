package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.TerraformResource;
import com.hashicorp.cdktf.TerraformResourceConfig;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import software.constructs.Construct;

/**
 * The base of our typed resources: a plain {@link TerraformResource} of a given type whose arguments are written
 * under the provider's own argument names. No prebuilt provider binding is involved; the result is ordinary
 * Terraform JSON.
 *
 * <p>Arguments go through {@code addOverride}, which writes them verbatim. (Returning them from
 * {@code synthesizeAttributes} would pass them through cdktf's key snake-casing, which spares only {@code tags}:
 * GCP {@code labels} such as {@code gatewarden-owner} would come out as {@code gatewarden_owner}.)
 */
abstract class TypedResource extends TerraformResource {

    TypedResource(Construct scope, String id, String type, TerraformProvider provider, String logicalId) {
        super(scope, id, TerraformResourceConfig.builder().terraformResourceType(type).provider(provider).build());
        if (logicalId != null) {
            overrideLogicalId(logicalId);
        }
    }

    /** Writes an argument; null (and empty collections/maps) leave it out, so the provider's default applies. */
    final void set(String argument, Object value) {
        if (value == null || value instanceof Collection<?> c && c.isEmpty() || value instanceof Map<?, ?> m && m.isEmpty()) {
            return;
        }
        addOverride(Objects.requireNonNull(argument, "argument"), value);
    }

    /**
     * What every resource builder takes: the scope and construct id, the (aliased) provider, and optionally the
     * resource name in the JSON ({@code <type>.<logicalId>}; default: cdktf's generated id).
     */
    abstract static class ResourceBuilder<B extends ResourceBuilder<B>> {
        final Construct scope;
        final String id;
        TerraformProvider provider;
        String logicalId;

        ResourceBuilder(Construct scope, String id) {
            this.scope = scope;
            this.id = id;
        }

        @SuppressWarnings("unchecked")
        final B self() {
            return (B) this;
        }

        /** The (aliased) provider of the account, region or firewall. */
        public B provider(TerraformProvider provider) {
            this.provider = provider;
            return self();
        }

        /** The resource name in the JSON ({@code <type>.<logicalId>}); default: cdktf's generated id. */
        public B logicalId(String logicalId) {
            this.logicalId = logicalId;
            return self();
        }
    }

    /** {@code ${<type>.<name>.<attribute>}}, as a token Terraform resolves (and orders by). */
    final String ref(String attribute) {
        return getStringAttribute(attribute);
    }
}
