package dev.gatewarden.config;

import dev.gatewarden.apply.PublishPolicy;
import static dev.gatewarden.config.ValueReader.didYouMean;
import static dev.gatewarden.config.ValueReader.known;

import dev.gatewarden.GatewardenException.ConfigException;

import dev.gatewarden.config.YamlNode.Mapping;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

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

    private final Problems problems;
    private final PluginCatalog catalog;
    private final ValueReader values;
    private final SettingsBinder pluginSettings;
    /** Names of entries that exist but have problems: references to them are not reported again. */
    private final Set<String> brokenClouds = new java.util.HashSet<>();
    private final Set<String> brokenFirewalls = new java.util.HashSet<>();

    ConfigBinder(Problems problems, PluginCatalog catalog, SecretResolver resolver) {
        this.problems = problems;
        this.catalog = catalog;
        this.values = new ValueReader(problems, resolver);
        this.pluginSettings = new SettingsBinder(problems, values);
    }

    /** The config, or null when there were problems (all recorded). */
    GatewardenConfig bind(YamlNode root) {
        Mapping top = values.mapping(root, "", "starting with 'owner: <name>'");
        if (top == null) {
            return null;
        }
        values.checkKeys(top, "", TOP_KEYS);

        String owner = values.resolvedString(top, "owner", "", true, "set 'owner: <name>', e.g. the cluster name");
        if (owner != null && !Ownership.isValidName(owner)) {
            problems.add(top.get("owner"), "owner", "'" + owner + "' is not a valid owner name: " + Ownership.nameRule());
            owner = null;
        }

        Path auditLog = null;
        String audit = values.resolvedString(top, "auditLog", "", false, "");
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
            Mapping policy = values.mapping(top.get("policy"), "policy", "with publish and maxDeleteFraction");
            if (policy != null) {
                values.checkKeys(policy, "policy", POLICY_KEYS);
                String p = values.choice(policy, "publish", "policy", PUBLISH_POLICIES);
                if (p != null) {
                    publish = p.equals("strict") ? PublishPolicy.STRICT : PublishPolicy.BEST_EFFORT;
                }
                Double d = values.number(policy, "maxDeleteFraction", "policy");
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
        List<GatewayBinder.ParsedGateway> gateways = new GatewayBinder(problems, values, catalog, brokenClouds, brokenFirewalls)
                .gateways(top, clouds, firewalls, kubernetes);
        new RenderedNameCheck(problems, catalog).check(owner, gateways, firewalls);

        if (!problems.isEmpty() || owner == null) {
            return null;
        }
        return new GatewardenConfig(owner, auditLog, publish, maxDelete,
                clouds.values().stream().map(Parsed::value).toList(),
                firewalls.values().stream().map(Parsed::value).toList(),
                gateways.stream().map(GatewayBinder.ParsedGateway::gateway).toList(), kubernetes);
    }

    // ---------------------------------------------------------------- clouds and firewalls

    private Map<String, Parsed<CloudAccount>> clouds(Mapping top) {
        Map<String, Parsed<CloudAccount>> out = new LinkedHashMap<>();
        Map<String, String> seen = new HashMap<>();
        List<YamlNode> items = values.list(top, "clouds", "");
        for (int i = 0; i < items.size(); i++) {
            String path = "clouds[" + i + "]";
            Mapping m = values.mapping(items.get(i), path, "with name, provider and the provider's settings");
            if (m == null) {
                continue;
            }
            String name = values.entryName(m, path, "cloud account", "e.g. name: aws-prod", seen);
            String provider = values.resolvedString(m, "provider", path, true,
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
            Settings settings = pluginSettings.bind(m, path, "clouds[" + (name == null ? i : name) + "]", specs.get(),
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
        List<YamlNode> items = values.list(top, "firewalls", "");
        for (int i = 0; i < items.size(); i++) {
            String path = "firewalls[" + i + "]";
            Mapping m = values.mapping(items.get(i), path, "with name, type and the adapter's settings");
            if (m == null) {
                continue;
            }
            String name = values.entryName(m, path, "firewall", "e.g. name: dc1-pa", seen);
            String type = values.resolvedString(m, "type", path, true,
                    "add 'type: <id>' (" + known("firewall type", catalog.firewallTypes()) + ")");
            NameTemplate naming = naming(m, path);
            Boolean retire = values.bool(m, "retire", path);
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
            long before = problems.size();
            Settings settings = pluginSettings.bind(m, path, "firewalls[" + (name == null ? i : name) + "]",
                    specs.get(), PluginCatalog.FIREWALL_KEYS);
            if (problems.size() == before && name != null) {
                checkFirewall(m, path, type, name, settings);
            }
            if (name != null && naming == null) {
                brokenFirewalls.add(name);
            } else if (name != null) {
                out.put(name, new Parsed<>(new FirewallTarget(name, type, naming, settings, Boolean.TRUE.equals(retire)),
                        m, path));
            }
        }
        return out;
    }

    /**
     * The adapter's own checks (as at creation), located at the setting the message names, else at the entry: so
     * that validate refuses what plan would.
     */
    private void checkFirewall(Mapping m, String path, String type, String name, Settings settings) {
        try {
            catalog.checkFirewall(type, name, settings);
        } catch (ConfigException e) {
            String message = e.getMessage() == null ? "refused by the " + type + " adapter" : e.getMessage();
            String prefix = settings.where() + ": ";
            if (message.startsWith(prefix)) {
                message = message.substring(prefix.length());
            }
            for (YamlNode.Entry entry : m.entries().values()) {
                if (message.startsWith(entry.key() + " ") || message.startsWith(entry.key() + ":")) {
                    problems.add(entry.line(), entry.column(), path + "." + entry.key(), message);
                    return;
                }
            }
            problems.add(m, path, message);
        }
    }

    /** The firewall's naming templates (defaults when absent), or null when invalid (problem recorded). */
    private NameTemplate naming(Mapping fw, String path) {
        if (!fw.has("naming")) {
            return NameTemplate.DEFAULT;
        }
        String p = path + ".naming";
        Mapping m = values.mapping(fw.get("naming"), p, "with object and/or group templates");
        if (m == null) {
            return null;
        }
        values.checkKeys(m, p, NAMING_KEYS);
        String object = values.string(m, "object", p, false, "");
        String group = values.string(m, "group", p, false, "");
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
}
