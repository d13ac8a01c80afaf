package dev.gatewarden.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.spi.SettingSpec;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;

/**
 * The JSON Schema (draft 2020-12) of the config file, for editors ({@code gatewarden schema} prints it; point
 * yaml-language-server at it with {@code # yaml-language-server: $schema=<file>}). Plugin settings come from the
 * {@link PluginCatalog}: the {@code provider}/{@code type} field selects, through {@code if}/{@code then}, a closed
 * schema ({@code additionalProperties: false}) with that plugin's settings.
 *
 * <p>The schema helps while typing; {@link ConfigLoader} remains the authority (it also checks references between
 * entries, rendered name lengths and secrets).
 */
public final class ConfigSchema {
    public static final String DRAFT = "https://json-schema.org/draft/2020-12/schema";
    public static final String ID = "https://gatewarden.dev/schemas/config.json";
    static final String NAME_PATTERN = "^[a-z]([a-z0-9-]{0,61}[a-z0-9])?$";
    static final String REFERENCE_PATTERN = "^\\$\\{(env|file):[^}]+\\}$";
    static final String DURATION_PATTERN = "^([0-9]+(ms|s|m|h|d)|[Pp][0-9A-Za-z.]+)$";
    static final String PROVIDER_ID_PATTERN = "^(aws://|azure://|gce://|i-[0-9a-f]+$)";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ConfigSchema() {
    }

    /** The schema as pretty-printed JSON. */
    public static String generate(PluginCatalog catalog) {
        try {
            return JSON.writeValueAsString(tree(catalog));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print the config schema", e);
        }
    }

    /** The schema as a tree. */
    public static ObjectNode tree(PluginCatalog catalog) {
        ObjectNode root = F.objectNode();
        root.put("$schema", DRAFT);
        root.put("$id", ID);
        root.put("title", "Gatewarden configuration");
        root.put("description", "Fixed cloud egress IPs for Kubernetes gateways, published to on-prem firewalls.");
        root.put("type", "object");
        root.put("additionalProperties", false);
        root.set("required", strings(List.of("owner")));
        ObjectNode props = root.putObject("properties");
        props.set("owner", describe(anyOf(ref("name"), ref("reference")),
                "Stamped on everything Gatewarden creates (tags, labels, firewall object names), e.g. the cluster "
                        + "name. " + Ownership.nameRule()));
        props.set("auditLog", describe(type("string"), "File the audit log (JSON lines) is appended to."));
        props.set("policy", policy());
        props.set("clouds", describe(array(ref("cloud")), "Cloud accounts that hold the gateways' addresses."));
        props.set("firewalls", describe(array(ref("firewall")), "Firewalls the addresses are published to."));
        props.set("gateways", describe(array(ref("gateway")), "Egress gateways and their fixed addresses."));

        ObjectNode defs = root.putObject("$defs");
        defs.set("name", name());
        defs.set("reference", describe(pattern(REFERENCE_PATTERN),
                "A reference resolved at load: ${env:NAME} (environment variable) or ${file:/path} (file content, "
                        + "trailing newline dropped)."));
        ObjectNode ip = F.objectNode();
        ip.put("type", "string");
        ip.set("anyOf", F.arrayNode().add(format("ipv4")).add(format("ipv6")));
        defs.set("ip", describe(ip, "An IPv4 or IPv6 address literal (no host names)."));
        defs.set("cloud", discriminated("provider", catalog.cloudIds(), "name",
                "A cloud account; 'provider' selects the provider plugin and its settings."));
        for (String id : catalog.cloudIds()) {
            defs.set(variantName("cloud", id), variant(List.of(namedRef("Name of this cloud account."),
                            constant("provider", id, catalog.cloudDescription(id))),
                    catalog.cloudSettings(id).orElse(List.of())));
        }
        defs.set("firewall", discriminated("type", catalog.firewallTypes(), "name",
                "A firewall; 'type' selects the adapter plugin and its settings."));
        for (String type : catalog.firewallTypes()) {
            defs.set(variantName("firewall", type), variant(List.of(namedRef("Name of this firewall."),
                            constant("type", type, catalog.firewallDescription(type)), naming(), retire()),
                    catalog.firewallSettings(type).orElse(List.of())));
        }
        defs.set("gateway", gateway());
        defs.set("binding", binding());
        return root;
    }

    static String variantName(String kind, String id) {
        return kind + "-" + id.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    // ------------------------------------------------------------------ parts

    private static ObjectNode policy() {
        ObjectNode p = closedObject();
        ObjectNode props = p.putObject("properties");
        ObjectNode publish = enumOf(ConfigBinder.PUBLISH_POLICIES);
        publish.put("default", "strict");
        props.set("publish", describe(publish, "strict: attach an address only after every firewall accepted it; "
                + "best-effort: attach anyway and retry publishing next round."));
        ObjectNode fraction = type("number");
        fraction.put("minimum", 0);
        fraction.put("maximum", 1);
        fraction.put("default", GatewardenConfig.DEFAULT_MAX_DELETE_FRACTION);
        props.set("maxDeleteFraction", describe(fraction,
                "Deletion guard: the largest share of managed addresses one plan may retire without explicit permission."));
        return describe(p, "How changes are applied.");
    }

    private static ObjectNode name() {
        ObjectNode n = pattern(NAME_PATTERN);
        n.put("maxLength", 63);
        n.set("not", pattern("--"));
        return describe(n, Ownership.nameRule());
    }

    /** The common part of a clouds[]/firewalls[] entry; {@code if}/{@code then} picks the closed variant. */
    private static ObjectNode discriminated(String key, Set<String> ids, String nameKey, String description) {
        ObjectNode o = F.objectNode();
        o.put("type", "object");
        o.set("required", strings(List.of(nameKey, key)));
        ObjectNode props = o.putObject("properties");
        props.set(nameKey, ref("name"));
        ObjectNode disc = ids.isEmpty() ? type("string") : enumOf(new ArrayList<>(ids));
        props.set(key, describe(disc, ids.isEmpty() ? "No plugins were installed when this schema was generated."
                : "One of: " + String.join(", ", ids) + "."));
        ArrayNode all = F.arrayNode();
        String kind = key.equals("provider") ? "cloud" : "firewall";
        for (String id : ids) {
            ObjectNode cond = F.objectNode();
            ObjectNode ifs = cond.putObject("if");
            ifs.putObject("properties").set(key, F.objectNode().put("const", id));
            ifs.set("required", strings(List.of(key)));
            cond.set("then", ref(variantName(kind, id)));
            all.add(cond);
        }
        if (!all.isEmpty()) {
            o.set("allOf", all);
        }
        return describe(o, description);
    }

    private record Prop(String name, ObjectNode schema, boolean required) {
    }

    private static Prop namedRef(String description) {
        return new Prop("name", describe(ref("name"), description), true);
    }

    private static Prop constant(String key, String value, String description) {
        ObjectNode c = F.objectNode().put("const", value);
        return new Prop(key, description == null || description.isEmpty() ? c : describe(c, description), true);
    }

    private static Prop retire() {
        ObjectNode b = type("boolean");
        b.put("default", false);
        return new Prop("retire", describe(b, "Withdraw everything Gatewarden published to this firewall (no gateway may "
                + "publish to it); remove the entry once a plan shows nothing left there. Removing a firewall without "
                + "retiring it first holds back the release of every address it may still list."), false);
    }

    private static Prop naming() {
        ObjectNode n = closedObject();
        ObjectNode props = n.putObject("properties");
        ObjectNode object = type("string");
        object.put("default", NameTemplate.DEFAULT_OBJECT);
        object.put("pattern", ".*\\{ip\\}.*");
        props.set("object", describe(object, "Address object name template: {owner}, {gateway}, {ip}, {slot}; "
                + "must contain {ip}."));
        ObjectNode group = type("string");
        group.put("default", NameTemplate.DEFAULT_GROUP);
        props.set("group", describe(group, "Default group name template: {owner}, {gateway}."));
        return new Prop("naming", describe(n, "How Gatewarden names objects and default groups on this firewall."),
                false);
    }

    /** A closed schema of one plugin: core's keys plus the plugin's settings. */
    private static ObjectNode variant(List<Prop> core, List<SettingSpec> settings) {
        ObjectNode o = closedObject();
        ObjectNode props = o.putObject("properties");
        List<String> required = new ArrayList<>();
        for (Prop p : core) {
            props.set(p.name(), p.schema());
            if (p.required()) {
                required.add(p.name());
            }
        }
        for (SettingSpec s : settings) {
            props.set(s.name(), setting(s));
            if (s.required()) {
                required.add(s.name());
            }
        }
        o.set("required", strings(required));
        return o;
    }

    static ObjectNode setting(SettingSpec s) {
        ObjectNode n = switch (s.type()) {
            case STRING -> type("string");
            case INT -> anyOf(type("integer"), ref("reference"));
            case BOOLEAN -> anyOf(type("boolean"), ref("reference"));
            case ENUM -> anyOf(enumOf(s.allowed()), ref("reference"));
            case SECRET -> {
                ObjectNode r = ref("reference");
                r.put("writeOnly", true);
                yield r;
            }
            case DURATION -> anyOf(pattern(DURATION_PATTERN), ref("reference"));
        };
        String text = s.description();
        if (s.type() == SettingSpec.Type.SECRET) {
            text = (text.isEmpty() ? "" : text + ". ") + "A secret: only as ${env:NAME} or ${file:/path}, never inline.";
        } else if (s.type() == SettingSpec.Type.DURATION) {
            text = (text.isEmpty() ? "" : text + ". ") + "A duration: 30s, 5m, 1h, 250ms or ISO-8601 (PT30S).";
        }
        if (!text.isEmpty()) {
            n.put("description", text);
        }
        if (s.defaultValue() != null) {
            n.set("default", JSON.valueToTree(s.defaultValue()));
        }
        return n;
    }

    private static ObjectNode gateway() {
        ObjectNode g = closedObject();
        g.set("required", strings(List.of("name", "cloud", "addresses")));
        ObjectNode p = g.putObject("properties");
        p.set("name", describe(ref("name"), "Gateway name: part of tags and firewall object names."));
        p.set("cloud", describe(type("string"), "Name of the clouds[] entry holding the addresses."));
        ObjectNode addresses = type("integer");
        addresses.put("minimum", 0);
        p.set("addresses", describe(addresses, "Number of addresses (slots name#0, name#1, ...)."));
        ObjectNode pub = type("boolean");
        pub.put("default", false);
        p.set("public", describe(pub, "Whether each slot also gets a public (elastic) IP."));
        ObjectNode mode = enumOf(ConfigBinder.MODES);
        mode.put("default", "managed");
        p.set("mode", describe(mode, "managed: Gatewarden allocates and attaches; firewall-only: another system owns "
                + "the cloud side and Gatewarden only publishes the given addresses."));
        ObjectNode node = pattern(PROVIDER_ID_PATTERN);
        p.set("nodes", describe(array(node), "Nodes holding the slots, by Kubernetes spec.providerID "
                + "(aws:///<zone>/i-..., azure:///subscriptions/..., gce://<project>/<zone>/<name>); slot i on "
                + "nodes[i % n]."));
        ObjectNode blank = F.objectNode();
        blank.set("anyOf", F.arrayNode().add(ref("ip")).add(type("null")).add(F.objectNode().put("const", "")));
        p.set("privateIps", describe(array(blank), "Exact private IP per slot; empty entries: the cloud chooses."));
        p.set("publicIps", describe(array(ref("ip")), "firewall-only mode: the public IP per slot managed elsewhere."));
        ObjectNode nic = closedObject();
        nic.put("maxProperties", 1);
        nic.put("minProperties", 1);
        ObjectNode nicProps = nic.putObject("properties");
        ObjectNode device = type("integer");
        device.put("minimum", 0);
        nicProps.set("deviceIndex", describe(device, "The interface at this attachment index."));
        nicProps.set("subnet", describe(type("string"), "The interface in this subnet."));
        p.set("interface", describe(nic, "Which interface carries the addresses (default: the primary one)."));
        ObjectNode allowPrimary = type("boolean");
        allowPrimary.put("default", false);
        p.set("allowPrimaryIp", describe(allowPrimary, "Allow a public IP on a node's primary private IP."));
        ObjectNode reservation = enumOf(ConfigBinder.RESERVATIONS);
        reservation.put("default", "gatewarden");
        p.set("reservation", describe(reservation, "Who reserves the public IPs. external: Terraform does (gatewarden "
                + "synth renders them tagged gatewarden-lifecycle=external, with the firewall objects of the public "
                + "bindings); Gatewarden only attaches and moves them, never allocates or releases them."));
        p.set("publish", describe(array(ref("binding")), "Firewalls that list this gateway's addresses."));
        ObjectNode k8s = closedObject();
        k8s.set("required", strings(List.of("source")));
        ObjectNode kp = k8s.putObject("properties");
        kp.set("source", describe(enumOf(ConfigBinder.KUBERNETES_SOURCES),
                "calico: a Calico egress gateway by name; selector: the nodes of pods matching a label selector."));
        kp.set("namespace", type("string"));
        kp.set("name", type("string"));
        kp.set("selector", type("string"));
        p.set("kubernetes", describe(k8s, "Discover the nodes in the cluster instead of listing them."));
        return describe(g, "An egress gateway.");
    }

    private static ObjectNode binding() {
        ObjectNode b = closedObject();
        b.set("required", strings(List.of("firewall", "addresses")));
        ObjectNode p = b.putObject("properties");
        p.set("firewall", describe(type("string"), "Name of the firewalls[] entry."));
        p.set("group", describe(type("string"), "Address group; default: the firewall's naming.group template."));
        p.set("addresses", describe(enumOf(ConfigBinder.ADDRESS_KINDS), "Which addresses the group lists."));
        return describe(b, "One gateway published to one firewall group.");
    }

    // ------------------------------------------------------------------ small builders

    private static ObjectNode type(String type) {
        return F.objectNode().put("type", type);
    }

    private static ObjectNode closedObject() {
        ObjectNode o = type("object");
        o.put("additionalProperties", false);
        return o;
    }

    private static ObjectNode pattern(String regex) {
        return type("string").put("pattern", regex);
    }

    private static ObjectNode format(String format) {
        return F.objectNode().put("format", format);
    }

    private static ObjectNode ref(String def) {
        return F.objectNode().put("$ref", "#/$defs/" + def);
    }

    private static ObjectNode array(ObjectNode items) {
        ObjectNode a = type("array");
        a.set("items", items);
        return a;
    }

    private static ObjectNode anyOf(ObjectNode... options) {
        ObjectNode o = F.objectNode();
        ArrayNode a = o.putArray("anyOf");
        for (ObjectNode n : options) {
            a.add(n);
        }
        return o;
    }

    private static ObjectNode enumOf(Collection<String> values) {
        ObjectNode o = F.objectNode();
        o.set("enum", strings(values));
        return o;
    }

    private static ArrayNode strings(Collection<String> values) {
        ArrayNode a = F.arrayNode();
        values.forEach(a::add);
        return a;
    }

    private static ObjectNode describe(ObjectNode node, String description) {
        if (description != null && !description.isEmpty()) {
            node.put("description", description);
        }
        return node;
    }
}
