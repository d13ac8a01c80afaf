package dev.gatewarden.config;

import dev.gatewarden.config.SecretResolver.Reference;
import dev.gatewarden.config.SecretResolver.UnresolvedReferenceException;
import dev.gatewarden.config.YamlNode.Mapping;
import dev.gatewarden.config.YamlNode.Scalar;
import dev.gatewarden.config.YamlNode.Sequence;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.Reservation;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a {@link YamlNode} tree into a {@link GatewardenConfig}, recording every problem with its location. */
final class ConfigBinder {
    static final List<String> TOP_KEYS = List.of("owner", "auditLog", "policy", "clouds", "firewalls", "gateways");
    static final List<String> POLICY_KEYS = List.of("publish", "maxDeleteFraction");
    static final List<String> NAMING_KEYS = List.of("object", "group");
    static final List<String> GATEWAY_KEYS = List.of("name", "cloud", "addresses", "public", "mode", "nodes",
            "privateIps", "publicIps", "interface", "allowPrimaryIp", "publish", "kubernetes", "reservation");
    static final List<String> BINDING_KEYS = List.of("firewall", "group", "addresses");
    static final List<String> INTERFACE_KEYS = List.of("deviceIndex", "subnet");
    static final List<String> KUBERNETES_KEYS = List.of("source", "namespace", "name", "selector");
    static final List<String> MODES = List.of("managed", "firewall-only");
    static final List<String> RESERVATIONS = List.of("gatewarden", "external");
    static final List<String> PUBLISH_POLICIES = List.of("strict", "best-effort");
    static final List<String> ADDRESS_KINDS = List.of("private", "public");
    static final List<String> KUBERNETES_SOURCES = List.of("calico", "selector");

    private static final Pattern SIMPLE_DURATION = Pattern.compile("^(\\d+)(ms|s|m|h|d)$");

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConfigBinder.class);

    private final Problems problems;
    private final PluginCatalog catalog;
    private final SecretResolver resolver;
    /** Names of entries that exist but have problems: references to them are not reported again. */
    private final Set<String> brokenClouds = new java.util.HashSet<>();
    private final Set<String> brokenFirewalls = new java.util.HashSet<>();

    ConfigBinder(Problems problems, PluginCatalog catalog, SecretResolver resolver) {
        this.problems = problems;
        this.catalog = catalog;
        this.resolver = resolver;
    }

    private record Parsed<T>(T value, Mapping node, String path) {
    }

    /** The config, or null when there were problems (all recorded). */
    GatewardenConfig bind(YamlNode root) {
        Mapping top = mapping(root, "", "starting with 'owner: <name>'");
        if (top == null) {
            return null;
        }
        checkKeys(top, "", TOP_KEYS);

        String owner = resolvedString(top, "owner", "", true, "set 'owner: <name>', e.g. the cluster name");
        if (owner != null && !Ownership.isValidName(owner)) {
            problems.add(top.get("owner"), "owner", "'" + owner + "' is not a valid owner name: " + Ownership.nameRule());
            owner = null;
        }

        Path auditLog = null;
        String audit = resolvedString(top, "auditLog", "", false, "");
        if (audit != null) {
            try {
                auditLog = Path.of(audit);
            } catch (InvalidPathException e) {
                problems.add(top.get("auditLog"), "auditLog", "'" + audit + "' is not a valid path: " + e.getReason());
            }
        }

        PublishPolicy publish = PublishPolicy.STRICT;
        double maxDelete = GatewardenConfig.DEFAULT_MAX_DELETE_FRACTION;
        if (top.has("policy")) {
            Mapping policy = mapping(top.get("policy"), "policy", "with publish and maxDeleteFraction");
            if (policy != null) {
                checkKeys(policy, "policy", POLICY_KEYS);
                String p = choice(policy, "publish", "policy", PUBLISH_POLICIES);
                if (p != null) {
                    publish = p.equals("strict") ? PublishPolicy.STRICT : PublishPolicy.BEST_EFFORT;
                }
                Double d = number(policy, "maxDeleteFraction", "policy");
                if (d != null) {
                    if (d < 0 || d > 1) {
                        problems.add(policy.get("maxDeleteFraction"), "policy.maxDeleteFraction", "must be between 0 and 1 "
                                + "(the share of managed addresses one plan may retire), got " + d);
                    } else {
                        maxDelete = d;
                    }
                }
            }
        }

        Map<String, Parsed<CloudAccount>> clouds = clouds(top);
        Map<String, Parsed<FirewallTarget>> firewalls = firewalls(top);
        Map<String, KubernetesSource> kubernetes = new LinkedHashMap<>();
        List<ParsedGateway> gateways = gateways(top, clouds, firewalls, kubernetes);
        checkRenderedNames(owner, gateways, firewalls);

        if (!problems.isEmpty() || owner == null) {
            return null;
        }
        return new GatewardenConfig(owner, auditLog, publish, maxDelete,
                clouds.values().stream().map(Parsed::value).toList(),
                firewalls.values().stream().map(Parsed::value).toList(),
                gateways.stream().map(ParsedGateway::gateway).toList(), kubernetes);
    }

    // ---------------------------------------------------------------- clouds and firewalls

    private Map<String, Parsed<CloudAccount>> clouds(Mapping top) {
        Map<String, Parsed<CloudAccount>> out = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        List<YamlNode> items = list(top, "clouds", "");
        for (int i = 0; i < items.size(); i++) {
            String path = "clouds[" + i + "]";
            Mapping m = mapping(items.get(i), path, "with name, provider and the provider's settings");
            if (m == null) {
                continue;
            }
            String name = entryName(m, path, "cloud account", "e.g. name: aws-prod", seen);
            String provider = resolvedString(m, "provider", path, true,
                    "add 'provider: <id>' (" + known("provider", catalog.cloudIds()) + ")");
            Optional<List<SettingSpec>> specs = Optional.empty();
            if (provider != null) {
                specs = catalog.cloudSettings(provider);
                if (specs.isEmpty()) {
                    problems.add(m.get("provider"), path + ".provider", "unknown provider '" + provider + "': "
                            + known("provider", catalog.cloudIds()) + didYouMean(provider, catalog.cloudIds()));
                }
            }
            if (specs.isEmpty()) {
                if (name != null) {
                    brokenClouds.add(name);
                }
                continue;
            }
            // kept even when a setting has problems (then the config is not returned): references to it still work
            Settings settings = settings(m, path, "clouds[" + (name == null ? i : name) + "]", specs.get(),
                    PluginCatalog.CLOUD_KEYS);
            if (name != null) {
                out.put(name, new Parsed<>(new CloudAccount(name, provider, settings), m, path));
            }
        }
        return out;
    }

    private Map<String, Parsed<FirewallTarget>> firewalls(Mapping top) {
        Map<String, Parsed<FirewallTarget>> out = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        List<YamlNode> items = list(top, "firewalls", "");
        for (int i = 0; i < items.size(); i++) {
            String path = "firewalls[" + i + "]";
            Mapping m = mapping(items.get(i), path, "with name, type and the adapter's settings");
            if (m == null) {
                continue;
            }
            String name = entryName(m, path, "firewall", "e.g. name: dc1-pa", seen);
            String type = resolvedString(m, "type", path, true,
                    "add 'type: <id>' (" + known("firewall type", catalog.firewallTypes()) + ")");
            NameTemplate naming = naming(m, path);
            Optional<List<SettingSpec>> specs = Optional.empty();
            if (type != null) {
                specs = catalog.firewallSettings(type);
                if (specs.isEmpty()) {
                    problems.add(m.get("type"), path + ".type", "unknown firewall type '" + type + "': "
                            + known("firewall type", catalog.firewallTypes()) + didYouMean(type, catalog.firewallTypes()));
                }
            }
            if (specs.isEmpty()) {
                if (name != null) {
                    brokenFirewalls.add(name);
                }
                continue;
            }
            // kept even when a setting has problems (then the config is not returned): bindings are still checked
            Settings settings = settings(m, path, "firewalls[" + (name == null ? i : name) + "]", specs.get(),
                    PluginCatalog.FIREWALL_KEYS);
            if (name != null && naming == null) {
                brokenFirewalls.add(name);
            } else if (name != null) {
                out.put(name, new Parsed<>(new FirewallTarget(name, type, naming, settings), m, path));
            }
        }
        return out;
    }

    /** The entry's validated, unique name, or null (problem recorded). */
    private String entryName(Mapping m, String path, String what, String example, Map<String, String> seen) {
        String name = string(m, "name", path, true, "give the " + what + " a name, " + example);
        if (name == null) {
            return null;
        }
        if (!Ownership.isValidName(name)) {
            problems.add(m.get("name"), path + ".name", "'" + name + "' is not a valid " + what + " name: "
                    + Ownership.nameRule());
            return null;
        }
        YamlNode n = m.get("name");
        String first = seen.putIfAbsent(name, path + " at line " + n.line());
        if (first != null) {
            problems.add(n, path + ".name", "duplicate " + what + " name '" + name + "' (also " + first
                    + "); names must be unique");
            return null;
        }
        return name;
    }

    /** The firewall's naming templates (defaults when absent), or null when invalid (problem recorded). */
    private NameTemplate naming(Mapping fw, String path) {
        if (!fw.has("naming")) {
            return NameTemplate.DEFAULT;
        }
        String p = path + ".naming";
        Mapping m = mapping(fw.get("naming"), p, "with object and/or group templates");
        if (m == null) {
            return null;
        }
        checkKeys(m, p, NAMING_KEYS);
        String object = string(m, "object", p, false, "");
        String group = string(m, "group", p, false, "");
        boolean ok = true;
        if (object != null) {
            try {
                new NameTemplate(object, null);
            } catch (IllegalArgumentException e) {
                problems.add(m.get("object"), p + ".object", e.getMessage());
                ok = false;
            }
        }
        if (group != null) {
            try {
                new NameTemplate(null, group);
            } catch (IllegalArgumentException e) {
                problems.add(m.get("group"), p + ".group", e.getMessage());
                ok = false;
            }
        }
        return ok ? new NameTemplate(object, group) : null;
    }

    // ---------------------------------------------------------------- plugin settings

    private Settings settings(Mapping m, String path, String where, List<SettingSpec> specs, Set<String> reserved) {
        Set<String> allowed = new LinkedHashSet<>(reserved);
        specs.forEach(s -> allowed.add(s.name()));
        checkKeys(m, path, allowed);
        Map<String, Object> values = new LinkedHashMap<>();
        for (SettingSpec spec : specs) {
            Object v = setting(m, spec, path);
            if (v != null) {
                values.put(spec.name(), v);
            }
        }
        return Settings.of(where, values);
    }

    private Object setting(Mapping m, SettingSpec spec, String path) {
        String p = child(path, spec.name());
        YamlNode.Entry e = m.entry(spec.name());
        if (e == null || isNull(e.value())) {
            if (spec.required()) {
                missing(m, e, p, "add '" + spec.name() + ": " + example(spec) + "'"
                        + (spec.description().isEmpty() ? "" : " (" + spec.description() + ")"));
            }
            return null;
        }
        YamlNode n = e.value();
        if (!(n instanceof Scalar s)) {
            problems.add(n, p, "must be " + expected(spec) + ", got " + n.kind());
            return null;
        }
        if (spec.type() == SettingSpec.Type.SECRET) {
            return secret(s, p);
        }
        String text = s.text();
        Reference ref = null;
        if (s.type() == Scalar.Type.STRING && Reference.looksLikeReference(text)) {
            ref = reference(s, p);
            if (ref == null) {
                return null;
            }
            text = resolve(ref, s, p);
            if (text == null) {
                return null;
            }
        }
        return convert(spec, s, text, ref, p);
    }

    private Object convert(SettingSpec spec, Scalar s, String text, Reference ref, String p) {
        String got = ref == null ? s.describe() : "the value of " + ref.text();
        switch (spec.type()) {
            case STRING:
                return text;
            case INT:
                if (ref == null && s.type() != Scalar.Type.INT) {
                    problems.add(s, p, "must be a whole number, got " + s.describe() + quotesHint(s));
                    return null;
                }
                try {
                    return Integer.parseInt(text.trim());
                } catch (NumberFormatException ex) {
                    problems.add(s, p, "must be a whole number, got " + got);
                    return null;
                }
            case BOOLEAN:
                if (ref == null && s.type() != Scalar.Type.BOOLEAN) {
                    problems.add(s, p, "must be true or false, got " + s.describe() + quotesHint(s));
                    return null;
                }
                Boolean b = strictBoolean(text.trim());
                if (b != null) {
                    return b;
                }
                if (ref == null) {
                    problems.add(s, p, yaml11Boolean(text));
                    return null;
                }
                problems.add(s, p, "must be true or false, got " + got);
                return null;
            case ENUM:
                if (spec.allowed().contains(text)) {
                    return text;
                }
                problems.add(s, p, "must be one of " + String.join(", ", spec.allowed()) + ", got " + got
                        + (ref == null ? didYouMean(text, spec.allowed()) : ""));
                return null;
            case DURATION:
                Duration d = duration(text);
                if (d == null) {
                    problems.add(s, p, "must be a duration such as 30s, 5m, 1h, 250ms or PT30S, got " + got);
                }
                return d;
            default:
                throw new IllegalStateException("unexpected setting type " + spec.type());
        }
    }

    /** A parsed whole-value reference, or null (problem recorded). Never shows the text when it might be a secret. */
    private Reference reference(Scalar s, String p) {
        try {
            Optional<Reference> r = Reference.parse(s.text());
            if (r.isEmpty()) {
                problems.add(s, p, "a reference must be the whole value, exactly ${env:NAME} or ${file:/path}, "
                        + "with nothing before or after it");
                return null;
            }
            return r.get();
        } catch (IllegalArgumentException e) {
            problems.add(s, p, e.getMessage());
            return null;
        }
    }

    private Secret secret(Scalar s, String p) {
        if (s.type() != Scalar.Type.STRING || !Reference.looksLikeReference(s.text())) {
            problems.add(s, p, "an inline secret is not allowed: put it in an environment variable or file and "
                    + "reference it, e.g. ${env:" + envName(p) + "} or ${file:/run/secrets/" + lastKey(p) + "}");
            return null;
        }
        Reference ref = reference(s, p);
        if (ref == null) {
            return null;
        }
        String value = resolve(ref, s, p);
        if (value == null) {
            return null;
        }
        if (value.isEmpty()) {
            // not an error: the sandbox resolves every credential to a placeholder; a real API will refuse it
            LOG.warn("{}: {} is empty", p, ref.text());
        }
        return new Secret(ref.text(), value);
    }

    /** The reference's value, or null (problem recorded, naming the reference only). */
    private String resolve(Reference ref, YamlNode at, String p) {
        try {
            String v = resolver.resolve(ref);
            if (v == null) {
                problems.add(at, p, "cannot resolve " + ref.text() + ": no value");
            }
            return v;
        } catch (UnresolvedReferenceException e) {
            problems.add(at, p, "cannot resolve " + ref.text() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            problems.add(at, p, "cannot resolve " + ref.text() + " (" + e.getClass().getSimpleName() + ")");
        }
        return null;
    }

    static Duration duration(String text) {
        String t = text.trim();
        Matcher m = SIMPLE_DURATION.matcher(t);
        if (m.matches()) {
            long n;
            try {
                n = Long.parseLong(m.group(1));
            } catch (NumberFormatException e) {
                return null;
            }
            return switch (m.group(2)) {
                case "ms" -> Duration.ofMillis(n);
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
        }
        try {
            Duration d = Duration.parse(t.toUpperCase(Locale.ROOT));
            return d.isNegative() ? null : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String expected(SettingSpec spec) {
        return switch (spec.type()) {
            case STRING -> "a string";
            case INT -> "a whole number";
            case BOOLEAN -> "true or false";
            case ENUM -> "one of " + String.join(", ", spec.allowed());
            case SECRET -> "a reference ${env:NAME} or ${file:/path}";
            case DURATION -> "a duration such as 30s";
        };
    }

    private static String example(SettingSpec spec) {
        return switch (spec.type()) {
            case STRING -> "<text>";
            case INT -> "<number>";
            case BOOLEAN -> "true";
            case ENUM -> spec.allowed().isEmpty() ? "<value>" : spec.allowed().get(0);
            case SECRET -> "${env:" + spec.name().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT) + "}";
            case DURATION -> "30s";
        };
    }

    private static String envName(String path) {
        return lastKey(path).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT);
    }

    private static String lastKey(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }

    // ---------------------------------------------------------------- gateways

    /**
     * A gateway entry as far as it could be read: {@code gateway} is null when the entry has problems, the other
     * fields still allow the cross-entry checks (names, groups).
     */
    private record ParsedGateway(Gateway gateway, String name, YamlNode nameNode, String path, int addresses,
                                 List<String> privateIps, List<String> publicIps,
                                 List<Parsed<FirewallBinding>> bindings) {
    }

    private List<ParsedGateway> gateways(Mapping top, Map<String, Parsed<CloudAccount>> clouds,
                                         Map<String, Parsed<FirewallTarget>> firewalls,
                                         Map<String, KubernetesSource> kubernetes) {
        List<ParsedGateway> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Map<String, String> ipsSeen = new HashMap<>();
        List<YamlNode> items = list(top, "gateways", "");
        for (int i = 0; i < items.size(); i++) {
            String path = "gateways[" + i + "]";
            Mapping m = mapping(items.get(i), path, "with name, cloud, addresses, nodes and publish");
            if (m == null) {
                continue;
            }
            ParsedGateway g = gateway(m, path, clouds, firewalls, seen, ipsSeen, kubernetes);
            if (g != null) {
                out.add(g);
            }
        }
        return out;
    }

    private ParsedGateway gateway(Mapping m, String path, Map<String, Parsed<CloudAccount>> clouds,
                                  Map<String, Parsed<FirewallTarget>> firewalls, Map<String, String> seen,
                                  Map<String, String> ipsSeen, Map<String, KubernetesSource> kubernetes) {
        checkKeys(m, path, GATEWAY_KEYS);
        int before = problems.size();
        String name = entryName(m, path, "gateway", "e.g. name: payments", seen);

        String cloud = string(m, "cloud", path, true, "name the clouds[] entry that holds this gateway's addresses"
                + (clouds.isEmpty() ? "" : " (" + String.join(", ", clouds.keySet()) + ")"));
        String provider = null;
        if (cloud != null) {
            Parsed<CloudAccount> c = clouds.get(cloud);
            if (c == null && brokenClouds.contains(cloud)) {
                provider = null; // the cloud entry's own problems are reported there
            } else if (c == null) {
                problems.add(m.get("cloud"), path + ".cloud", "no cloud named '" + cloud + "' in clouds[]: "
                        + (clouds.isEmpty() ? "add a clouds[] entry with that name"
                        : "use one of " + String.join(", ", clouds.keySet()) + didYouMean(cloud, clouds.keySet())));
            } else {
                provider = c.value().provider();
            }
        }

        Integer addresses = integer(m, "addresses", path, true, "how many addresses (slots) the gateway gets, e.g. 2");
        if (addresses != null && addresses < 0) {
            problems.add(m.get("addresses"), path + ".addresses", "must be 0 or more, got " + addresses);
            addresses = null;
        }
        String modeText = choice(m, "mode", path, MODES);
        GatewayMode mode = "firewall-only".equals(modeText) ? GatewayMode.FIREWALL_ONLY : GatewayMode.MANAGED;
        Boolean pub = bool(m, "public", path);
        boolean publicIps = pub != null && pub;
        if (mode == GatewayMode.FIREWALL_ONLY && publicIps) {
            problems.add(m.get("public"), path + ".public", "firewall-only gateways get no addresses from Gatewarden: "
                    + "list the public IPs that another system manages under publicIps instead");
        }
        Boolean allowPrimary = bool(m, "allowPrimaryIp", path);
        String reservationText = choice(m, "reservation", path, RESERVATIONS);
        Reservation reservation = "external".equals(reservationText) ? Reservation.EXTERNAL : Reservation.GATEWARDEN;
        if (reservation == Reservation.EXTERNAL && mode == GatewayMode.FIREWALL_ONLY) {
            problems.add(m.get("reservation"), path + ".reservation", "reservation: external is for managed gateways "
                    + "whose public IPs Terraform reserves (gatewarden synth); a firewall-only gateway lists the "
                    + "addresses another system manages under publicIps instead");
        } else if (reservation == Reservation.EXTERNAL && !publicIps && pub != null) {
            problems.add(m.get("reservation"), path + ".reservation", "reservation: external reserves public IPs "
                    + "outside Gatewarden, but this gateway has public: false; set public: true or drop reservation");
        } else if (reservation == Reservation.EXTERNAL && !publicIps) {
            missing(m, null, path + ".public", "reservation: external reserves public IPs outside Gatewarden: "
                    + "add public: true");
        }

        List<NodeRef> nodes = nodes(m, path, provider, cloud);
        List<String> privateIps = ips(m, "privateIps", path, addresses, true, ipsSeen);
        List<String> fixedPublic = ips(m, "publicIps", path, addresses, false, ipsSeen);
        if (!fixedPublic.isEmpty() && mode == GatewayMode.MANAGED) {
            problems.add(m.get("publicIps"), path + ".publicIps", "is only for mode: firewall-only (addresses managed "
                    + "elsewhere); in managed mode set public: true and Gatewarden allocates them");
        }
        InterfaceSelector nic = nic(m, path);
        KubernetesSource k8s = kubernetes(m, path);
        if (k8s != null && !nodes.isEmpty()) {
            problems.add(m.get("kubernetes"), path + ".kubernetes", "give the nodes either as a list (nodes) or by "
                    + "discovery (kubernetes), not both: remove one");
        }
        if (mode == GatewayMode.MANAGED && addresses != null && addresses > 0 && nodes.isEmpty() && k8s == null
                && !m.has("nodes")) {
            missing(m, null, path + ".nodes", "a managed gateway needs the nodes that hold its addresses: "
                    + "list their provider IDs (nodes: [aws:///eu-west-1a/i-...]) or discover them with "
                    + "kubernetes: {source: calico, namespace: ..., name: ...}");
        }

        boolean hasPublic = publicIps || !fixedPublic.isEmpty();
        List<Parsed<FirewallBinding>> bindings = bindings(m, path, name, hasPublic, firewalls);

        int slots = addresses == null ? 1 : addresses;
        if (problems.size() > before || name == null || cloud == null || addresses == null) {
            return name == null ? null : new ParsedGateway(null, name, m.get("name"), path, slots, privateIps,
                    fixedPublic, bindings);
        }
        if (k8s != null) {
            kubernetes.put(name, k8s);
        }
        Gateway g = new Gateway(name, cloud, addresses, publicIps, nodes, privateIps, fixedPublic,
                bindings.stream().map(Parsed::value).toList(), mode, nic, allowPrimary != null && allowPrimary,
                reservation);
        return new ParsedGateway(g, name, m.get("name"), path, slots, privateIps, fixedPublic,
                bindings);
    }

    private List<NodeRef> nodes(Mapping m, String path, String provider, String cloud) {
        List<NodeRef> out = new ArrayList<>();
        List<YamlNode> items = list(m, "nodes", path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + ".nodes[" + i + "]";
            YamlNode n = items.get(i);
            if (!(n instanceof Scalar s) || s.type() != Scalar.Type.STRING) {
                problems.add(n, p, "must be a provider ID string such as aws:///eu-west-1a/i-0123456789abcdef0, got "
                        + n.describe());
                continue;
            }
            NodeRef ref;
            try {
                ref = NodeRef.parse(s.text());
            } catch (IllegalArgumentException e) {
                problems.add(n, p, e.getMessage() + " (copy it from the node's spec.providerID)");
                continue;
            }
            if (provider != null && Set.of("aws", "azure", "gcp").contains(provider) && !ref.cloud().equals(provider)) {
                problems.add(n, p, "is a " + ref.cloud() + " node but cloud '" + cloud + "' is provider " + provider
                        + ": use a node of that cloud or point the gateway at a " + ref.cloud() + " cloud");
                continue;
            }
            int dup = -1;
            for (int j = 0; j < out.size(); j++) {
                if (out.get(j).sameNode(ref)) {
                    dup = j;
                }
            }
            if (dup >= 0) {
                problems.add(n, p, "the same node as nodes[" + dup + "]; list each node once");
                continue;
            }
            out.add(ref);
        }
        return out;
    }

    private List<String> ips(Mapping m, String key, String path, Integer addresses, boolean blanksAllowed,
                             Map<String, String> ipsSeen) {
        List<String> out = new ArrayList<>();
        List<YamlNode> items = list(m, key, path);
        if (addresses != null && items.size() > addresses) {
            problems.add(m.get(key), path + "." + key, "lists " + items.size() + " IPs for " + addresses
                    + " addresses; give at most one per address (slot) or raise addresses");
        }
        for (int i = 0; i < items.size(); i++) {
            String p = path + "." + key + "[" + i + "]";
            YamlNode n = items.get(i);
            if (n instanceof Scalar s && (s.isNull() || (s.type() == Scalar.Type.STRING && s.text().isBlank()))) {
                if (blanksAllowed) {
                    out.add(null);
                } else {
                    problems.add(n, p, "is empty; give the IP address");
                }
                continue;
            }
            if (!(n instanceof Scalar s) || s.type() != Scalar.Type.STRING) {
                problems.add(n, p, "must be an IP address such as 10.0.1.50, got " + n.describe());
                continue;
            }
            String ip = s.text().trim();
            String why = ipProblem(ip);
            if (why != null) {
                problems.add(n, p, why);
                continue;
            }
            String first = ipsSeen.putIfAbsent(ip, p);
            if (first != null) {
                problems.add(n, p, "IP " + ip + " is also given at " + first + "; each address belongs to one slot");
                continue;
            }
            out.add(ip);
        }
        return out;
    }

    /** Null when {@code text} is an IPv4 or IPv6 literal; never looks anything up in DNS. */
    static String ipProblem(String text) {
        return dev.gatewarden.model.IpLiteral.problem(text);
    }

    private InterfaceSelector nic(Mapping m, String path) {
        if (!m.has("interface")) {
            return InterfaceSelector.PRIMARY;
        }
        String p = path + ".interface";
        Mapping n = mapping(m.get("interface"), p, "{deviceIndex: <n>} or {subnet: <id>}");
        if (n == null) {
            return null;
        }
        int before = problems.size();
        checkKeys(n, p, INTERFACE_KEYS);
        Integer device = integer(n, "deviceIndex", p, false, "");
        String subnet = string(n, "subnet", p, false, "");
        if (device != null && device < 0) {
            problems.add(n.get("deviceIndex"), p + ".deviceIndex", "must be 0 or more, got " + device);
            return null;
        }
        if (device != null && subnet != null) {
            problems.add(n, p, "choose the interface by deviceIndex or by subnet, not both");
            return null;
        }
        if (device == null && subnet == null) {
            if (problems.size() > before) {
                return null;
            }
            problems.add(n, p, "give deviceIndex: <n> or subnet: <id>, or leave interface out for the primary one");
            return null;
        }
        return new InterfaceSelector(device, subnet);
    }

    private KubernetesSource kubernetes(Mapping m, String path) {
        if (!m.has("kubernetes")) {
            return null;
        }
        String p = path + ".kubernetes";
        Mapping k = mapping(m.get("kubernetes"), p, "{source: calico|selector, namespace, name, selector}");
        if (k == null) {
            return null;
        }
        checkKeys(k, p, KUBERNETES_KEYS);
        String source = choice(k, "source", p, KUBERNETES_SOURCES);
        if (source == null && !k.has("source")) {
            missing(k, k.entry("source"), p + ".source", "add 'source: calico' (a Calico egress gateway by name) "
                    + "or 'source: selector' (the nodes of pods matching a label selector)");
        }
        String namespace = string(k, "namespace", p, false, "");
        String name = string(k, "name", p, false, "");
        String selector = string(k, "selector", p, false, "");
        if ("calico".equals(source) && name == null) {
            missing(k, k.entry("name"), p + ".name", "source: calico needs the egress gateway's name");
        }
        if ("selector".equals(source) && selector == null) {
            missing(k, k.entry("selector"), p + ".selector", "source: selector needs a label selector, e.g. app=egress");
        }
        if (source == null) {
            return null;
        }
        return new KubernetesSource(source.equals("calico") ? KubernetesSource.Kind.CALICO
                : KubernetesSource.Kind.SELECTOR, namespace, name, selector);
    }

    private List<Parsed<FirewallBinding>> bindings(Mapping m, String path, String gateway, boolean hasPublic,
                                                   Map<String, Parsed<FirewallTarget>> firewalls) {
        List<Parsed<FirewallBinding>> out = new ArrayList<>();
        List<YamlNode> items = list(m, "publish", path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + ".publish[" + i + "]";
            Mapping b = mapping(items.get(i), p, "{firewall: <name>, group: <group>, addresses: private|public}");
            if (b == null) {
                continue;
            }
            checkKeys(b, p, BINDING_KEYS);
            String firewall = string(b, "firewall", p, true, "name the firewalls[] entry to publish to"
                    + (firewalls.isEmpty() ? "" : " (" + String.join(", ", firewalls.keySet()) + ")"));
            boolean ok = firewall != null;
            if (firewall != null && brokenFirewalls.contains(firewall)) {
                ok = false;
            } else if (firewall != null && !firewalls.containsKey(firewall)) {
                problems.add(b.get("firewall"), p + ".firewall", "no firewall named '" + firewall + "' in firewalls[]: "
                        + (firewalls.isEmpty() ? "add a firewalls[] entry with that name"
                        : "use one of " + String.join(", ", firewalls.keySet()) + didYouMean(firewall, firewalls.keySet())));
                ok = false;
            }
            String group = string(b, "group", p, false, "");
            if (group != null && group.isBlank()) {
                problems.add(b.get("group"), p + ".group", "is empty; name the group or leave group out for the default");
                ok = false;
            }
            String kind = choice(b, "addresses", p, ADDRESS_KINDS);
            if (kind == null) {
                if (!b.has("addresses")) {
                    missing(b, b.entry("addresses"), p + ".addresses",
                            "say which addresses to publish: addresses: private or addresses: public");
                }
                ok = false;
            } else if (kind.equals("public") && !hasPublic) {
                problems.add(b.get("addresses"), p + ".addresses", "gateway '" + gateway + "' has no public IPs to "
                        + "publish: set public: true on the gateway, or publish addresses: private");
                ok = false;
            }
            if (ok) {
                out.add(new Parsed<>(new FirewallBinding(firewall, group, AddressKind.parse(kind)), b, p));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- rendered names

    private void checkRenderedNames(String owner, List<ParsedGateway> gateways,
                                    Map<String, Parsed<FirewallTarget>> firewalls) {
        Map<String, String> groupsUsed = new HashMap<>();
        for (ParsedGateway pg : gateways) {
            for (Parsed<FirewallBinding> pb : pg.bindings()) {
                FirewallBinding b = pb.value();
                Parsed<FirewallTarget> pf = firewalls.get(b.firewall());
                if (pf == null) {
                    continue;
                }
                FirewallTarget fw = pf.value();
                String gatewayName = pg.name();
                if (owner == null) {
                    continue;
                }
                String group = b.group() != null ? b.group() : fw.naming().groupName(owner, gatewayName);
                String key = fw.name() + "\u0000" + group;
                String other = groupsUsed.putIfAbsent(key, gatewayName + "\u0000" + pb.path());
                if (other != null) {
                    String[] parts = other.split("\u0000", 2);
                    problems.add(pb.node(), pb.path(), "group '" + group + "' on firewall '" + fw.name()
                            + "' is already used by " + (parts[0].equals(gatewayName) ? "this gateway" : "gateway '"
                            + parts[0] + "'") + " (" + parts[1] + "); a group lists one gateway's addresses of one "
                            + "kind: give this binding its own group"
                            + (b.group() == null ? " (the naming.group template needs {gateway})" : ""));
                }
                Optional<NameRules> rules = catalog.nameRules(fw.type());
                if (rules.isEmpty()) {
                    continue;
                }
                NameRules r = rules.get();
                List<String> ips = new ArrayList<>();
                ips.add(NameTemplate.WORST_IPV4);
                (b.addresses() == AddressKind.PUBLIC ? pg.publicIps() : pg.privateIps()).stream()
                        .filter(ip -> ip != null && ip.length() > NameTemplate.WORST_IPV4.length()).forEach(ips::add);
                int slot = Math.max(0, pg.addresses() - 1);
                for (String ip : ips) {
                    String object = fw.naming().objectName(owner, gatewayName, ip, slot);
                    String why = r.check(object);
                    if (why != null) {
                        // located at the gateway's name: the usual fix (the message names the other ones)
                        problems.add(pg.nameNode(), pg.path() + ".name", "too long for firewall '" + fw.name()
                                + "' (" + pb.path().substring(pg.path().length() + 1) + "): its address object "
                                + "names would be " + why + " (rendered with " + (ip.equals(NameTemplate.WORST_IPV4)
                                ? "the longest IPv4, " + NameTemplate.WORST_IPV4 : "IP " + ip) + ")"
                                + "; shorten the gateway or owner name, or set a shorter firewalls[" + fw.name()
                                + "].naming.object template (now '" + fw.naming().objectTemplate() + "')");
                        break;
                    }
                }
                String why = r.check(group);
                if (why != null) {
                    if (b.group() != null) {
                        problems.add(pb.node().get("group"), pb.path() + ".group", "firewall '" + fw.name()
                                + "' would reject this group name: " + why + "; choose a shorter group");
                    } else {
                        problems.add(pg.nameNode(), pg.path() + ".name", "too long for firewall '" + fw.name() + "' ("
                                + pb.path().substring(pg.path().length() + 1) + "): its default group name would be "
                                + why + "; shorten the gateway or owner name, set group: on that binding, or set a "
                                + "shorter firewalls[" + fw.name() + "].naming.group template (now '"
                                + fw.naming().groupTemplate() + "')");
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------- typed access

    private static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isNull(YamlNode n) {
        return n == null || (n instanceof Scalar s && s.isNull());
    }

    private void missing(Mapping m, YamlNode.Entry e, String path, String hint) {
        if (e != null) {
            problems.add(e.line(), e.column(), path, "required but empty; " + hint);
        } else {
            problems.add(m, path, "required; " + hint);
        }
    }

    private Mapping mapping(YamlNode n, String path, String hint) {
        if (n instanceof Mapping m) {
            return m;
        }
        problems.add(n, path, "must be a mapping (key: value) " + hint + ", got " + n.describe());
        return null;
    }

    private List<YamlNode> list(Mapping m, String key, String path) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return List.of();
        }
        if (n instanceof Sequence s) {
            return s.items();
        }
        problems.add(n, child(path, key), "must be a list (- item, or [a, b]), got " + n.describe());
        return List.of();
    }

    /** A scalar's text (any scalar type), or null when absent or wrong (problem recorded). */
    private String string(Mapping m, String key, String path, boolean required, String hint) {
        YamlNode.Entry e = m.entry(key);
        String p = child(path, key);
        if (e == null || isNull(e.value())) {
            if (required) {
                missing(m, e, p, hint);
            }
            return null;
        }
        if (!(e.value() instanceof Scalar s)) {
            problems.add(e.value(), p, "must be a string, got " + e.value().describe());
            return null;
        }
        return s.text();
    }

    /** Like {@link #string} but a whole-value reference is resolved. */
    private String resolvedString(Mapping m, String key, String path, boolean required, String hint) {
        String text = string(m, key, path, required, hint);
        if (text == null || !Reference.looksLikeReference(text)) {
            return text;
        }
        Scalar s = (Scalar) m.get(key);
        Reference ref = reference(s, child(path, key));
        return ref == null ? null : resolve(ref, s, child(path, key));
    }

    private Integer integer(Mapping m, String key, String path, boolean required, String hint) {
        YamlNode.Entry e = m.entry(key);
        String p = child(path, key);
        if (e == null || isNull(e.value())) {
            if (required) {
                missing(m, e, p, hint);
            }
            return null;
        }
        if (e.value() instanceof Scalar s && s.type() == Scalar.Type.INT) {
            try {
                return Integer.parseInt(s.text());
            } catch (NumberFormatException ex) {
                problems.add(s, p, "number " + s.text() + " is too large");
                return null;
            }
        }
        problems.add(e.value(), p, "must be a whole number" + (hint.isEmpty() ? "" : " (" + hint + ")") + ", got "
                + e.value().describe() + (e.value() instanceof Scalar s ? quotesHint(s) : ""));
        return null;
    }

    private Boolean bool(Mapping m, String key, String path) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return null;
        }
        if (n instanceof Scalar s && s.type() == Scalar.Type.BOOLEAN) {
            Boolean b = strictBoolean(s.text());
            if (b == null) {
                problems.add(n, child(path, key), yaml11Boolean(s.text()));
            }
            return b;
        }
        problems.add(n, child(path, key), "must be true or false, got " + n.describe()
                + (n instanceof Scalar s ? quotesHint(s) : ""));
        return null;
    }

    private Double number(Mapping m, String key, String path) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return null;
        }
        if (n instanceof Scalar s && (s.type() == Scalar.Type.INT || s.type() == Scalar.Type.FLOAT)) {
            try {
                return Double.parseDouble(s.text());
            } catch (NumberFormatException e) {
                // fall through
            }
        }
        problems.add(n, child(path, key), "must be a number such as 0.5, got " + n.describe()
                + (n instanceof Scalar s ? quotesHint(s) : ""));
        return null;
    }

    /** One of {@code allowed}, or null when absent or wrong (problem recorded). */
    private String choice(Mapping m, String key, String path, List<String> allowed) {
        YamlNode n = m.get(key);
        if (isNull(n)) {
            return null;
        }
        if (n instanceof Scalar s && allowed.contains(s.text())) {
            return s.text();
        }
        problems.add(n, child(path, key), "must be one of " + String.join(", ", allowed) + ", got " + n.describe()
                + (n instanceof Scalar s ? didYouMean(s.text(), allowed) : ""));
        return null;
    }

    /** true or false in any case; null for YAML 1.1 spellings (yes, no, on, off), which are ambiguous. */
    private static Boolean strictBoolean(String text) {
        if (text.equalsIgnoreCase("true")) {
            return Boolean.TRUE;
        }
        if (text.equalsIgnoreCase("false")) {
            return Boolean.FALSE;
        }
        return null;
    }

    private static String yaml11Boolean(String text) {
        return "must be true or false, got '" + text + "' (a YAML 1.1 spelling that tools read differently): "
                + "write true or false";
    }

    private static String quotesHint(Scalar s) {
        if (s.type() == Scalar.Type.STRING && s.text().trim().matches("-?\\d+|true|false|-?\\d+\\.\\d+")) {
            return " (remove the quotes)";
        }
        return "";
    }

    private void checkKeys(Mapping m, String path, Collection<String> allowed) {
        for (YamlNode.Entry e : m.entries().values()) {
            if (!allowed.contains(e.key())) {
                String hint = closest(e.key(), allowed).map(s -> "did you mean '" + s + "'?")
                        .orElse("expected one of " + String.join(", ", new TreeSet<>(allowed)));
                problems.add(e.line(), e.column(), child(path, e.key()), "unknown key; " + hint);
            }
        }
    }

    private static String known(String what, Set<String> ids) {
        return ids.isEmpty() ? "no " + what + " plugins are installed (add the plugin's jar to the class path)"
                : "known " + what + "s are " + String.join(", ", new TreeSet<>(ids));
    }

    private static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /** The candidate closest to {@code word} by edit distance (ignoring case), if close enough to be a typo. */
    static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String c : candidates) {
            int d = distance(w, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        int limit = Math.max(1, Math.min(3, word.length() / 3));
        return best != null && bestDistance <= limit ? Optional.of(best) : Optional.empty();
    }

    /** Levenshtein distance, with an adjacent transposition counting as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
