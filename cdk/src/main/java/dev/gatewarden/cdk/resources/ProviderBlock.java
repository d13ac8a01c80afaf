package dev.gatewarden.cdk.resources;

import com.hashicorp.cdktf.TerraformProvider;
import com.hashicorp.cdktf.TerraformProviderConfig;
import com.hashicorp.cdktf.TerraformProviderGeneratorMetadata;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * A provider block of one of the {@link ProviderKind}s, aliased (one per cloud account or firewall), with its
 * entry in {@code required_providers}. Only non-secret arguments belong here: credentials come from Terraform
 * variables ({@code ${var.…}}, declared sensitive) or the provider's environment variables, never literals.
 */
public final class ProviderBlock extends TerraformProvider {
    private final ProviderKind kind;
    private String alias;

    private ProviderBlock(Construct scope, String id, ProviderKind kind) {
        super(scope, id, TerraformProviderConfig.builder()
                .terraformResourceType(kind.type())
                .terraformProviderSource(kind.source())
                .terraformGeneratorMetadata(TerraformProviderGeneratorMetadata.builder()
                        .providerName(kind.type())
                        .providerVersionConstraint(kind.versionConstraint())
                        .build())
                .build());
        this.kind = kind;
    }

    public ProviderKind kind() {
        return kind;
    }

    // cdktf's base class leaves the alias to its subclasses (generated bindings override it; so do we)
    @Override
    public String getAlias() {
        return alias;
    }

    @Override
    public void setAlias(String alias) {
        this.alias = alias;
    }

    /**
     * A provider block.
     *
     * @param alias     the alias resources use ({@code provider = "<type>.<alias>"}); null: the default provider
     * @param arguments non-secret arguments under the provider's own names; null values are left out
     */
    public static ProviderBlock create(Construct scope, String id, ProviderKind kind, String alias,
                                       Map<String, ?> arguments) {
        ProviderBlock p = new ProviderBlock(scope, id, Objects.requireNonNull(kind, "kind"));
        if (alias != null) {
            p.setAlias(alias);
        }
        new TreeMap<>(arguments).forEach((k, v) -> {
            if (v != null) {
                p.addOverride(k, v);
            }
        });
        return p;
    }
}
