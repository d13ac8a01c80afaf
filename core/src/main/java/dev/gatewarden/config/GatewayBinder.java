package dev.gatewarden.config;

import static dev.gatewarden.config.ValueReader.didYouMean;

import dev.gatewarden.config.YamlNode.Mapping;
import dev.gatewarden.config.YamlNode.Scalar;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.InterfaceSelector;
import dev.gatewarden.model.IpLiteral;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.model.Reservation;
import dev.gatewarden.spi.Capability;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Binds the gateways[] entries: nodes, fixed IPs, interface, publish bindings, Kubernetes discovery and reservation,
 * checked against the cloud accounts and firewalls already bound.
 */
final class GatewayBinder {
    /**
     * The most addresses (slots) one gateway may have. Far above what a node's interface carries (AWS: at most 50
     * private IPs per interface, 5 Elastic IPs per region by default) and what a firewall group should hold for one
     * gateway, low enough that a typo cannot make a plan of millions of changes.
     */
    static final int MAX_ADDRESSES = 256;
    private final Problems problems;
    private final ValueReader values;
    private final PluginCatalog catalog;
    /** Cloud accounts and firewalls that exist but have problems: references to them are not reported again. */
    private final Set<String> brokenClouds;
    private final Set<String> brokenFirewalls;

    GatewayBinder(Problems problems, ValueReader values, PluginCatalog catalog, Set<String> brokenClouds,
                  Set<String> brokenFirewalls) {
        this.problems = problems;
        this.values = values;
        this.catalog = catalog;
        this.brokenClouds = brokenClouds;
        this.brokenFirewalls = brokenFirewalls;
    }

    /**
     * A gateway entry as far as it could be read: {@code gateway} is null when the entry has problems, the other
     * fields still allow the cross-entry checks (names, groups).
     */
    record ParsedGateway(Gateway gateway, String name, YamlNode nameNode, String path, int addresses,
                         List<String> privateIps, List<String> publicIps, List<Parsed<FirewallBinding>> bindings) {
    }

    List<ParsedGateway> gateways(Mapping top, Map<String, Parsed<CloudAccount>> clouds,
                                 Map<String, Parsed<FirewallTarget>> firewalls, Map<String, KubernetesSource> kubernetes) {
        List<ParsedGateway> out = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        Map<String, String> ipsSeen = new HashMap<>();
        List<YamlNode> items = values.list(top, "gateways", "");
        for (int i = 0; i < items.size(); i++) {
            String path = "gateways[" + i + "]";
            Mapping m = values.mapping(items.get(i), path, "with name, cloud, addresses, nodes and publish");
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
        values.checkKeys(m, path, ConfigBinder.GATEWAY_KEYS);
        long before = problems.size();
        String name = values.entryName(m, path, "gateway", "e.g. name: payments", seen);

        String cloud = values.string(m, "cloud", path, true,
                "name the clouds[] entry that holds this gateway's addresses" + (clouds.isEmpty() ? "" : " (" + String.join(", ", clouds.keySet()) + ")"));
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

        Integer addresses = values.integer(m, "addresses", path, true,
                "how many addresses (slots) the gateway gets, e.g. 2");
        if (addresses != null && addresses < 0) {
            problems.add(m.get("addresses"), path + ".addresses", "must be 0 or more, got " + addresses);
            addresses = null;
        } else if (addresses != null && addresses > MAX_ADDRESSES) {
            problems.add(m.get("addresses"), path + ".addresses", "at most " + MAX_ADDRESSES + " addresses per gateway, "
                    + "got " + addresses + "; split the gateway in several (a cloud node carries far fewer: AWS allows "
                    + "at most 50 private IPs per interface)");
            addresses = null;
        }
        String modeText = values.choice(m, "mode", path, ConfigBinder.MODES);
        GatewayMode mode = "firewall-only".equals(modeText) ? GatewayMode.FIREWALL_ONLY : GatewayMode.MANAGED;
        Boolean pub = values.bool(m, "public", path);
        boolean publicIps = pub != null && pub;
        if (mode == GatewayMode.FIREWALL_ONLY && publicIps) {
            problems.add(m.get("public"), path + ".public", "firewall-only gateways get no addresses from Gatewarden: "
                    + "list the public IPs that another system manages under publicIps instead");
        }
        Boolean allowPrimary = values.bool(m, "allowPrimaryIp", path);
        String reservationText = values.choice(m, "reservation", path, ConfigBinder.RESERVATIONS);
        Reservation reservation = "external".equals(reservationText) ? Reservation.EXTERNAL : Reservation.GATEWARDEN;
        if (reservation == Reservation.EXTERNAL && mode == GatewayMode.FIREWALL_ONLY) {
            problems.add(m.get("reservation"), path + ".reservation", "reservation: external is for managed gateways "
                    + "whose public IPs Terraform reserves (gatewarden synth); a firewall-only gateway lists the "
                    + "addresses another system manages under publicIps instead");
        } else if (reservation == Reservation.EXTERNAL && !publicIps && pub != null) {
            problems.add(m.get("reservation"), path + ".reservation", "reservation: external reserves public IPs "
                    + "outside Gatewarden, but this gateway has public: false; set public: true or drop reservation");
        } else if (reservation == Reservation.EXTERNAL && !publicIps) {
            values.missing(m, null, path + ".public", "reservation: external reserves public IPs outside Gatewarden: "
                    + "add public: true");
        }

        List<NodeRef> nodes = nodes(m, path, provider, cloud);
        List<String> privateIps = ips(m, "privateIps", path, addresses, true, ipsSeen);
        List<String> fixedPublic = ips(m, "publicIps", path, addresses, false, ipsSeen);
        if (!fixedPublic.isEmpty() && mode == GatewayMode.MANAGED) {
            problems.add(m.get("publicIps"), path + ".publicIps", "is only for mode: firewall-only (addresses managed "
                    + "elsewhere); in managed mode set public: true and Gatewarden allocates them");
        }
        if (mode == GatewayMode.MANAGED && provider != null) {
            capabilities(m, path, cloud, provider, publicIps, reservation, privateIps);
        }
        InterfaceSelector nic = nic(m, path);
        KubernetesSource k8s = kubernetes(m, path);
        if (k8s != null && !nodes.isEmpty()) {
            problems.add(m.get("kubernetes"), path + ".kubernetes", "give the nodes either as a list (nodes) or by "
                    + "discovery (kubernetes), not both: remove one");
        }
        if (mode == GatewayMode.MANAGED && addresses != null && addresses > 0 && nodes.isEmpty() && k8s == null
                && !m.has("nodes")) {
            values.missing(m, null, path + ".nodes", "a managed gateway needs the nodes that hold its addresses: "
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

    /** Refuses, at the key that asks, what the gateway's cloud cannot do. */
    private void capabilities(Mapping m, String path, String cloud, String provider, boolean publicIps,
                              Reservation reservation, List<String> privateIps) {
        Set<Capability> can = catalog.cloudCapabilities(provider);
        if (publicIps && !can.contains(Capability.PUBLIC_IPS)) {
            cannot(m, "public", path, cloud, provider, Capability.PUBLIC_IPS, can, "set public: false");
        }
        if (reservation == Reservation.EXTERNAL && !can.contains(Capability.EXTERNAL_RESERVATION)) {
            cannot(m, "reservation", path, cloud, provider, Capability.EXTERNAL_RESERVATION, can,
                    "drop reservation: external");
        }
        boolean exact = privateIps.stream().anyMatch(java.util.Objects::nonNull);
        if (exact && !can.contains(Capability.EXACT_PRIVATE_IP)) {
            cannot(m, "privateIps", path, cloud, provider, Capability.EXACT_PRIVATE_IP, can,
                    "drop privateIps and let the cloud choose");
        } else if (privateIps.stream().anyMatch(IpLiteral::isIpv6) && !can.contains(Capability.IPV6)) {
            cannot(m, "privateIps", path, cloud, provider, Capability.IPV6, can, "use IPv4 addresses");
        }
    }

    private void cannot(Mapping m, String key, String path, String cloud, String provider, Capability missing,
                        Set<Capability> can, String fix) {
        problems.add(m.get(key), path + "." + key, "cloud '" + cloud + "' is provider " + provider + ", which has no "
                + missing.label() + " (it supports: " + (can.isEmpty() ? "secondary private IPs only"
                : String.join(", ", can.stream().sorted().map(Capability::label).toList())) + "): " + fix
                + ", or point the gateway at a cloud that has them");
    }

    private List<NodeRef> nodes(Mapping m, String path, String provider, String cloud) {
        List<NodeRef> out = new ArrayList<>();
        List<YamlNode> items = values.list(m, "nodes", path);
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
            if (provider != null && catalog.cloudIds().contains(provider) && !ref.cloud().equals(provider)) {
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
        List<YamlNode> items = values.list(m, key, path);
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
            ip = IpLiteral.canonical(ip); // one spelling (RFC 5952 for IPv6) for every comparison and name
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
        return IpLiteral.problem(text);
    }

    private InterfaceSelector nic(Mapping m, String path) {
        if (!m.has("interface")) {
            return InterfaceSelector.PRIMARY;
        }
        String p = path + ".interface";
        Mapping n = values.mapping(m.get("interface"), p, "{deviceIndex: <n>} or {subnet: <id>}");
        if (n == null) {
            return null;
        }
        long before = problems.size();
        values.checkKeys(n, p, ConfigBinder.INTERFACE_KEYS);
        Integer device = values.integer(n, "deviceIndex", p, false, "");
        String subnet = values.string(n, "subnet", p, false, "");
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
        Mapping k = values.mapping(m.get("kubernetes"), p, "{source: calico|selector, namespace, name, selector}");
        if (k == null) {
            return null;
        }
        values.checkKeys(k, p, ConfigBinder.KUBERNETES_KEYS);
        String source = values.choice(k, "source", p, ConfigBinder.KUBERNETES_SOURCES);
        if (source == null && !k.has("source")) {
            values.missing(k, k.entry("source"), p + ".source",
                    "add 'source: calico' (a Calico egress gateway by name) " + "or 'source: selector' (the nodes of pods matching a label selector)");
        }
        String namespace = values.string(k, "namespace", p, false, "");
        String name = values.string(k, "name", p, false, "");
        String selector = values.string(k, "selector", p, false, "");
        if ("calico".equals(source) && name == null) {
            values.missing(k, k.entry("name"), p + ".name", "source: calico needs the egress gateway's name");
        }
        if ("selector".equals(source) && selector == null) {
            values.missing(k, k.entry("selector"), p + ".selector",
                    "source: selector needs a label selector, e.g. app=egress");
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
        List<YamlNode> items = values.list(m, "publish", path);
        for (int i = 0; i < items.size(); i++) {
            String p = path + ".publish[" + i + "]";
            Mapping b = values.mapping(items.get(i), p,
                    "{firewall: <name>, group: <group>, addresses: private|public}");
            if (b == null) {
                continue;
            }
            values.checkKeys(b, p, ConfigBinder.BINDING_KEYS);
            String firewall = values.string(b, "firewall", p, true, "name the firewalls[] entry to publish to"
                    + (firewalls.isEmpty() ? "" : " (" + String.join(", ", firewalls.keySet()) + ")"));
            boolean ok = firewall != null;
            if (firewall != null && brokenFirewalls.contains(firewall)) {
                ok = false;
            } else if (firewall != null && !firewalls.containsKey(firewall)) {
                problems.add(b.get("firewall"), p + ".firewall", "no firewall named '" + firewall + "' in firewalls[]: "
                        + (firewalls.isEmpty() ? "add a firewalls[] entry with that name"
                        : "use one of " + String.join(", ", firewalls.keySet()) + didYouMean(firewall, firewalls.keySet())));
                ok = false;
            } else if (firewall != null && firewalls.get(firewall).value().retire()) {
                problems.add(b.get("firewall"), p + ".firewall", "firewall '" + firewall + "' is being retired "
                        + "(retire: true): nothing may be published to it; remove this binding, or drop 'retire' from "
                        + "the firewall");
                ok = false;
            }
            String group = values.string(b, "group", p, false, "");
            if (group != null && group.isBlank()) {
                problems.add(b.get("group"), p + ".group", "is empty; name the group or leave group out for the default");
                ok = false;
            }
            String kind = values.choice(b, "addresses", p, ConfigBinder.ADDRESS_KINDS);
            if (kind == null) {
                if (!b.has("addresses")) {
                    values.missing(b, b.entry("addresses"), p + ".addresses",
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
}
