package dev.gatewarden.kubernetes;

import dev.gatewarden.config.KubernetesSource;
import dev.gatewarden.model.GatewayMode;
import java.util.List;
import java.util.Objects;

/**
 * One gateway as found in the cluster.
 *
 * @param gateway     the gateway name in the config
 * @param targetSlots how many slots the gateway should have: the EgressGateway's {@code spec.replicas} capped by
 *                    the config's {@code addresses} when that is above 0; for a selector, the config's
 *                    {@code addresses} when above 0, else the number of live (not terminating, not finished) pods
 * @param mode        {@link GatewayMode#FIREWALL_ONLY} when Calico Enterprise manages the cloud side itself
 *                    ({@code spec.aws.nativeIP: Enabled}) or the config says so
 * @param pods        the pods that can hold a slot (running, ready, on a node with a usable provider ID)
 * @param skipped     the other pods, with the reason
 * @param elasticIps  firewall-only: the public IPs another system manages for this gateway
 * @param pools       the Calico IP pools of the gateway (empty when not found or not Calico)
 * @param owner       where events go (null when unknown, e.g. no pod at all)
 * @param warnings    things worth telling that skip nothing
 */
public record DiscoveredGateway(String gateway, KubernetesSource source, int targetSlots, GatewayMode mode,
                                List<GatewayPod> pods, List<SkippedPod> skipped, List<String> elasticIps,
                                List<IpPool> pools, EventTarget owner, List<String> warnings) {
    public DiscoveredGateway {
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(source, "source");
        mode = mode == null ? GatewayMode.MANAGED : mode;
        pods = List.copyOf(pods);
        skipped = List.copyOf(skipped);
        elasticIps = List.copyOf(elasticIps);
        pools = List.copyOf(pools);
        warnings = List.copyOf(warnings);
        if (targetSlots < 0) {
            throw new IllegalArgumentException("targetSlots must be >= 0");
        }
    }
}
