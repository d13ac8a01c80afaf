package dev.gatewarden.cdk;

import com.hashicorp.cdktf.LocalBackend;
import com.hashicorp.cdktf.LocalBackendConfig;
import com.hashicorp.cdktf.TerraformOutput;
import com.hashicorp.cdktf.TerraformOutputConfig;
import com.hashicorp.cdktf.TerraformStack;
import com.hashicorp.cdktf.TerraformVariable;
import com.hashicorp.cdktf.TerraformVariableConfig;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.cdk.resources.PanosAdministrativeTag;
import dev.gatewarden.cdk.resources.PanosLocation;
import dev.gatewarden.cdk.resources.PanosVersion;
import dev.gatewarden.cdk.resources.ProviderBlock;
import dev.gatewarden.cdk.resources.ProviderKind;
import dev.gatewarden.config.CloudAccount;
import dev.gatewarden.config.FirewallTarget;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.spi.Settings;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import software.constructs.Construct;

/**
 * The Terraform side of a Gatewarden config: for each selected gateway, its reserved public IPs
 * ({@link GatewayAddresses}) and, for each of its public-address bindings, the firewall objects and group that
 * list them ({@link FirewallAddressGroup}); with aliased provider blocks (one per cloud account and firewall),
 * {@code required_providers} with pinned version ranges, an output per reserved address
 * ({@code gw_<gateway>_<slot>_ip}), and a local backend with a relative path. PAN-OS resources are rendered for
 * the panos provider 2.x by default, or 1.x ({@link Builder#panosVersion}).
 *
 * <p>Selected by default: the gateways with {@code reservation: external} (the engine attaches their addresses and
 * leaves their public bindings' firewall objects to Terraform). Private-address bindings stay the engine's: their
 * IPs are assigned at run time and are not rendered.
 *
 * <p>Credentials are never rendered. Firewall credentials become sensitive Terraform variables
 * ({@code <firewall>_api_key}, {@code <firewall>_password}, {@code <firewall>_token}); cloud credentials come from
 * the providers' usual sources (environment, profiles, workload identity). Settings read: aws {@code region},
 * {@code profile}; azure {@code subscriptionId}/{@code subscription}, {@code resourceGroup}, {@code location}/
 * {@code region} (else the node's resource group, else Terraform variables), {@code zones} (e.g. {@code 1,2,3}); gcp {@code project}, {@code region}
 * (else derived from the nodes); paloalto {@code url}, {@code location}, {@code vsys}, {@code deviceGroup},
 * {@code panorama}, {@code username}; fortinet {@code url}, {@code vdom}, {@code caBundle},
 * {@code insecureSkipTlsVerify}.
 */
public final class GatewardenStack extends TerraformStack {
    /** Prefix of the PAN-OS administrative tag on Terraform's objects (never the engine's owner tag prefix). */
    public static final String PANOS_TAG_PREFIX = "gatewarden-terraform-";

    /** Terraform versions the panos 2.x provider supports. */
    static final String PANOS_V2_TERRAFORM = ">= 1.8";

    private final GatewardenConfig config;
    private final PanosVersion panosVersion;
    private final Map<String, ProviderBlock> providers = new LinkedHashMap<>();
    private final Map<String, GatewayAddresses> gatewayAddresses = new LinkedHashMap<>();
    private final List<FirewallAddressGroup> firewallGroups = new ArrayList<>();
    private final Map<String, String> panosTags = new LinkedHashMap<>();
    private final Set<String> variables = new LinkedHashSet<>();
    private final List<String> notes = new ArrayList<>();

    private GatewardenStack(Construct scope, String name, GatewardenConfig config, List<Gateway> selected,
                            PanosVersion panosVersion) {
        super(scope, name);
        this.config = config;
        this.panosVersion = panosVersion;
        new LocalBackend(this, LocalBackendConfig.builder().path("terraform." + name + ".tfstate").build());
        for (Gateway g : selected) {
            CloudAccount cloud = config.cloud(g.cloud()).orElseThrow(() -> new ConfigException(
                    "gateway " + g.name() + ": no cloud named '" + g.cloud() + "' in the config"));
            ProviderBlock provider = providers.computeIfAbsent("cloud:" + cloud.name(), k -> cloudProvider(cloud));
            GatewayAddresses addresses = GatewayAddresses.builder(this, "gateway-" + g.name())
                    .owner(config.owner()).gateway(g.name()).addresses(g.addresses())
                    .placement(placement(cloud, g)).provider(provider).build();
            gatewayAddresses.put(g.name(), addresses);
            for (GatewayAddresses.Reserved r : addresses.reserved()) {
                output(g, r);
            }
            if (!g.externalReservation()) {
                notes.add("gateway " + g.name() + " is not marked 'reservation: external': set it before terraform "
                        + "apply, or Gatewarden allocates addresses of its own for it too");
            }
            for (FirewallBinding b : g.publish()) {
                if (b.addresses() != AddressKind.PUBLIC) {
                    notes.add("gateway " + g.name() + ": the private-address binding to " + b.firewall()
                            + " stays with the reconcile job (private IPs are assigned at run time)");
                    continue;
                }
                if (g.addresses() == 0) {
                    continue;
                }
                firewallGroups.add(firewallGroup(g, b, addresses));
            }
        }
    }

    /** {@code output "gw_<gateway>_<slot>_ip"}: the reserved address, for other stacks and for review. */
    private void output(Gateway g, GatewayAddresses.Reserved r) {
        String id = TerraformNames.identifier("gw", g.name(), Integer.toString(r.slot().index()), "ip");
        TerraformOutput out = new TerraformOutput(this, "output-" + id, TerraformOutputConfig.builder()
                .value(r.ip())
                .description("reserved public IP of " + r.slot() + " (" + r.resource().getTerraformResourceType()
                        + "." + r.resource().getFriendlyUniqueId() + ")")
                .build());
        out.overrideLogicalId(id);
    }

    // ---------------------------------------------------------------- clouds

    private ProviderBlock cloudProvider(CloudAccount a) {
        Settings s = a.settings();
        String alias = TerraformNames.identifier(a.name());
        String id = "provider-" + a.name();
        Map<String, Object> args = new TreeMap<>();
        switch (a.provider()) {
            case "aws" -> {
                args.put("region", s.string("region").orElseThrow(() -> new ConfigException(
                        "clouds[" + a.name() + "]: region is required to render aws_eip resources")));
                args.put("profile", s.string("profile").orElse(null));
                return ProviderBlock.create(this, id, ProviderKind.AWS, alias, args);
            }
            case "azure" -> {
                args.put("features", Map.of());
                args.put("subscription_id", first(s, "subscriptionId", "subscription").orElse(null));
                return ProviderBlock.create(this, id, ProviderKind.AZURERM, alias, args);
            }
            case "gcp" -> {
                args.put("project", s.string("project").orElse(null));
                args.put("region", s.string("region").orElse(null));
                return ProviderBlock.create(this, id, ProviderKind.GOOGLE, alias, args);
            }
            default -> throw new ConfigException("clouds[" + a.name() + "]: provider '" + a.provider()
                    + "' has no Terraform rendering (aws, azure and gcp have); leave its gateways out of synth");
        }
    }

    private GatewayAddresses.Placement placement(CloudAccount a, Gateway g) {
        Settings s = a.settings();
        Optional<NodeRef> node = g.nodes().stream().findFirst();
        switch (a.provider()) {
            case "aws":
                return new GatewayAddresses.Aws();
            case "azure": {
                String rg = s.string("resourceGroup").or(() -> node.map(NodeRef::resourceGroup))
                        .orElseGet(() -> variable(a.name() + "_resource_group", false,
                                "Azure resource group for the public IPs of cloud " + a.name()));
                String location = first(s, "location", "region").orElseGet(() -> variable(a.name() + "_location",
                        false, "Azure region (e.g. westeurope) of cloud " + a.name()));
                return new GatewayAddresses.Azure(rg, location, zones(a));
            }
            default: {
                String project = s.string("project").isPresent() ? null : node.map(NodeRef::project).orElse(null);
                String region = s.string("region").isPresent() ? null
                        : node.map(NodeRef::zone).map(GatewardenStack::regionOfZone).orElse(null);
                return new GatewayAddresses.Gcp(project, region, null);
            }
        }
    }

    /** The azure {@code zones} setting, e.g. {@code "1,2,3"} (zone-redundant) or {@code "2"}; absent: none. */
    private static List<String> zones(CloudAccount a) {
        Optional<String> text = a.settings().string("zones");
        if (text.isEmpty() || text.get().isBlank()) {
            return List.of();
        }
        List<String> zones = new ArrayList<>();
        for (String z : text.get().split(",")) {
            String zone = z.trim();
            if (!zone.matches("[1-9]")) {
                throw new ConfigException("clouds[" + a.name() + "]: zones '" + text.get() + "': list availability "
                        + "zone numbers separated by commas, e.g. 1,2,3");
            }
            if (!zones.contains(zone)) {
                zones.add(zone);
            }
        }
        return zones;
    }

    private static String regionOfZone(String zone) {
        int dash = zone.lastIndexOf('-');
        return dash > 0 ? zone.substring(0, dash) : zone;
    }

    // ---------------------------------------------------------------- firewalls

    private FirewallAddressGroup firewallGroup(Gateway g, FirewallBinding b, GatewayAddresses addresses) {
        FirewallTarget fw = config.firewall(b.firewall()).orElseThrow(() -> new ConfigException(
                "gateway " + g.name() + ": no firewall named '" + b.firewall() + "' in the config"));
        ProviderBlock provider = providers.computeIfAbsent("firewall:" + fw.name(), k -> firewallProvider(fw));
        String group = b.group() != null ? b.group() : fw.naming().groupName(config.owner(), g.name());
        FirewallAddressGroup.Builder builder = FirewallAddressGroup.builder(this, "binding-" + g.name() + "-" + fw.name())
                .owner(config.owner()).gateway(g.name()).firewall(fw.name()).group(group).naming(fw.naming())
                .provider(provider).addresses(addresses.reserved());
        if (fw.type().equals("paloalto")) {
            PanosLocation location = panosLocation(fw);
            String tag = panosTags.computeIfAbsent(fw.name(), k -> PanosAdministrativeTag
                    .builder(this, "panos-tag-" + fw.name()).provider(provider).version(panosVersion)
                    .logicalId(TerraformNames.identifier(fw.name(), "gatewarden"))
                    .name(PANOS_TAG_PREFIX + config.owner()).location(location)
                    .comment("Objects managed by Terraform (gatewarden synth) for owner " + config.owner()
                            + "; the Gatewarden reconcile job leaves them alone")
                    .build().tagName());
            builder.target(new FirewallAddressGroup.PanOs(location, panosVersion)).panosTag(tag);
        } else {
            builder.target(new FirewallAddressGroup.FortiOs(fw.settings().string("vdom", "root")));
        }
        return builder.build();
    }

    private ProviderBlock firewallProvider(FirewallTarget fw) {
        Settings s = fw.settings();
        URI url = url(fw);
        String alias = TerraformNames.identifier(fw.name());
        String id = "provider-" + fw.name();
        Map<String, Object> args = new TreeMap<>();
        switch (fw.type()) {
            case "paloalto" -> {
                args.put("hostname", url.getHost());
                args.put("protocol", "https".equalsIgnoreCase(url.getScheme()) || url.getScheme() == null ? "https" : "http");
                args.put("port", url.getPort() > 0 ? url.getPort() : null);
                Optional<String> username = s.string("username");
                if (username.isPresent() && !s.has("apiKey")) {
                    args.put("username", username.get());
                    args.put("password", variable(fw.name() + "_password", true,
                            "password of " + username.get() + " on PAN-OS " + fw.name()));
                } else {
                    args.put("api_key", variable(fw.name() + "_api_key", true, "XML API key of PAN-OS " + fw.name()));
                }
                if (panosVersion == PanosVersion.V2) {
                    addOverride("terraform.required_version", PANOS_V2_TERRAFORM);
                }
                return ProviderBlock.create(this, id, panosVersion.provider(), alias, args);
            }
            case "fortinet" -> {
                args.put("hostname", url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : ""));
                args.put("token", variable(fw.name() + "_token", true, "REST API token of FortiGate " + fw.name()));
                args.put("cabundlefile", s.string("caBundle").orElse(null));
                args.put("insecure", s.bool("insecureSkipTlsVerify", false));
                return ProviderBlock.create(this, id, ProviderKind.FORTIOS, alias, args);
            }
            default -> throw new ConfigException("firewalls[" + fw.name() + "]: type '" + fw.type()
                    + "' has no Terraform rendering (paloalto and fortinet have); leave its bindings out of synth");
        }
    }

    private static URI url(FirewallTarget fw) {
        String text = fw.settings().string("url").orElseThrow(() -> new ConfigException(
                "firewalls[" + fw.name() + "]: url is required to render its provider block"));
        try {
            URI u = URI.create(text.contains("://") ? text : "https://" + text);
            if (u.getHost() == null) {
                throw new IllegalArgumentException("no host");
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw new ConfigException("firewalls[" + fw.name() + "]: url '" + text + "' is not a URL with a host", e);
        }
    }

    private static PanosLocation panosLocation(FirewallTarget fw) {
        Settings s = fw.settings();
        String location = s.string("location", "vsys");
        boolean panorama = s.bool("panorama", location.equals("device-group"));
        switch (location) {
            case "device-group":
                return PanosLocation.deviceGroup(s.string("deviceGroup").orElseThrow(() -> new ConfigException(
                        "firewalls[" + fw.name() + "]: location device-group needs deviceGroup")));
            case "shared":
                return panorama ? PanosLocation.deviceGroup("shared") : PanosLocation.vsys("shared");
            default:
                return PanosLocation.vsys(s.string("vsys", "vsys1"));
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Declares a string variable (once) and returns its reference, {@code ${var.<name>}}. */
    private String variable(String name, boolean sensitive, String description) {
        String id = TerraformNames.identifier(name);
        TerraformVariable v = (TerraformVariable) getNode().tryFindChild("var-" + id);
        if (v == null) {
            v = new TerraformVariable(this, "var-" + id, TerraformVariableConfig.builder().type("string")
                    .sensitive(sensitive).description(description).build());
            v.overrideLogicalId(id);
            variables.add(id);
        }
        return v.getStringValue();
    }

    private static Optional<String> first(Settings s, String... keys) {
        for (String k : keys) {
            Optional<String> v = s.string(k);
            if (v.isPresent()) {
                return v;
            }
        }
        return Optional.empty();
    }

    /** The reservations per gateway name. */
    public Map<String, GatewayAddresses> gatewayAddresses() {
        return java.util.Collections.unmodifiableMap(gatewayAddresses);
    }

    public List<FirewallAddressGroup> firewallGroups() {
        return List.copyOf(firewallGroups);
    }

    /** The Terraform variables the stack declares (credentials, and placement values the config lacks). */
    public Set<String> variables() {
        return java.util.Collections.unmodifiableSet(variables);
    }

    /** Things the user should know about the rendering (gateways not marked external, private bindings left out). */
    public List<String> notes() {
        return List.copyOf(notes);
    }

    public static Builder builder(Construct scope, String name) {
        return new Builder(scope, name);
    }

    /** Builds a {@link GatewardenStack} from a loaded config. */
    public static final class Builder {
        private final Construct scope;
        private final String name;
        private GatewardenConfig config;
        private List<String> gateways;
        private PanosVersion panosVersion = PanosVersion.V2;

        private Builder(Construct scope, String name) {
            this.scope = Objects.requireNonNull(scope, "scope");
            this.name = Objects.requireNonNull(name, "name");
        }

        /** The config, loaded and validated with {@link dev.gatewarden.config.ConfigLoader}. */
        public Builder config(GatewardenConfig config) {
            this.config = config;
            return this;
        }

        /**
         * The gateways to render, by name; default (null): those with {@code reservation: external}. A selected
         * gateway must be managed and have {@code public: true}.
         */
        public Builder gateways(Collection<String> gateways) {
            this.gateways = gateways == null ? null : List.copyOf(gateways);
            return this;
        }

        /** The panos provider major the PAN-OS resources are rendered for; default {@link PanosVersion#V2}. */
        public Builder panosVersion(PanosVersion panosVersion) {
            this.panosVersion = Objects.requireNonNull(panosVersion, "panosVersion");
            return this;
        }

        public GatewardenStack build() {
            Objects.requireNonNull(config, "config");
            List<Gateway> selected = new ArrayList<>();
            if (gateways == null) {
                config.gateways().stream().filter(Gateway::externalReservation).forEach(selected::add);
            } else {
                for (String n : new LinkedHashSet<>(gateways)) {
                    Gateway g = config.gateway(n).orElseThrow(() -> new ConfigException("no gateway named '" + n
                            + "' in the config; choose among " + config.gateways().stream().map(Gateway::name).toList()));
                    if (g.mode() != GatewayMode.MANAGED || !g.publicIps()) {
                        throw new ConfigException("gateway " + n + " has no public IPs to reserve (it needs mode: "
                                + "managed and public: true)");
                    }
                    selected.add(g);
                }
            }
            return new GatewardenStack(scope, name, config, selected, panosVersion);
        }
    }
}
