package dev.gatewarden.config;

import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.ownership.NameTemplate;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded and validated configuration (see {@link ConfigLoader}). Its {@code toString} shows secret references,
 * never secret values.
 *
 * @param owner             stamped on everything Gatewarden creates
 * @param auditLog          where the audit log (JSON lines) goes; null: no audit file
 * @param publishPolicy     what to do when a publication fails
 * @param maxDeleteFraction the deletion guard: the largest share (0..1) of managed addresses one plan may retire
 *                          without explicit permission
 * @param kubernetes        per gateway name, where its nodes are discovered (gateways without an entry list their
 *                          nodes in the config)
 */
public record GatewardenConfig(String owner, Path auditLog, PublishPolicy publishPolicy, double maxDeleteFraction,
                               List<CloudAccount> clouds, List<FirewallTarget> firewalls, List<Gateway> gateways,
                               Map<String, KubernetesSource> kubernetes) {
    /** The deletion guard when {@code policy.maxDeleteFraction} is not set. */
    public static final double DEFAULT_MAX_DELETE_FRACTION = 0.5;

    public GatewardenConfig {
        Objects.requireNonNull(owner, "owner");
        publishPolicy = publishPolicy == null ? PublishPolicy.STRICT : publishPolicy;
        if (!(maxDeleteFraction >= 0 && maxDeleteFraction <= 1)) {
            throw new IllegalArgumentException("maxDeleteFraction must be between 0 and 1");
        }
        clouds = List.copyOf(clouds == null ? List.of() : clouds);
        firewalls = List.copyOf(firewalls == null ? List.of() : firewalls);
        gateways = List.copyOf(gateways == null ? List.of() : gateways);
        kubernetes = kubernetes == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(kubernetes));
    }

    public Optional<CloudAccount> cloud(String name) {
        return clouds.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    public Optional<FirewallTarget> firewall(String name) {
        return firewalls.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    public Optional<Gateway> gateway(String name) {
        return gateways.stream().filter(g -> g.name().equals(name)).findFirst();
    }

    /** Per firewall name, the template that names its address objects and default groups. */
    public Map<String, NameTemplate> naming() {
        Map<String, NameTemplate> m = new LinkedHashMap<>();
        firewalls.forEach(f -> m.put(f.name(), f.naming()));
        return m;
    }

    /**
     * The desired state of the configured gateways. Gateways whose nodes are discovered in Kubernetes have no nodes
     * here: resolve them first and call {@link #desiredState(List)}.
     */
    public DesiredState desiredState() {
        return desiredState(gateways);
    }

    /**
     * The desired state of the given gateways (e.g. the configured ones with discovered nodes filled in), named by
     * this config's firewalls: a binding without a group gets the firewall's default group name.
     */
    public DesiredState desiredState(List<Gateway> resolvedGateways) {
        Map<String, NameTemplate> naming = naming();
        return DesiredState.fromGateways(owner, resolvedGateways, naming,
                (firewall, gateway) -> naming.getOrDefault(firewall, NameTemplate.DEFAULT).groupName(owner, gateway.name()),
                retiringFirewalls());
    }

    /** The firewalls marked {@code retire: true}. */
    public java.util.Set<String> retiringFirewalls() {
        java.util.Set<String> s = new java.util.TreeSet<>();
        firewalls.stream().filter(FirewallTarget::retire).forEach(f -> s.add(f.name()));
        return s;
    }
}
