package dev.gatewarden.cli;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.kubernetes.ClusterReconciler;
import dev.gatewarden.kubernetes.GatewayDiscovery;
import dev.gatewarden.kubernetes.KubernetesStatus;
import dev.gatewarden.kubernetes.WriteGate;
import dev.gatewarden.plan.PlannerOptions;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.UnaryOperator;

/**
 * The Kubernetes side of a CLI run whose config discovers gateways ({@code gateways[].kubernetes}): the client
 * (a kubeconfig file, else the usual discovery: {@code KUBECONFIG}, {@code ~/.kube/config}, the in-cluster
 * service account) and the cluster reconciler over the session's providers and adapters.
 */
final class KubernetesRuntime {
    private KubernetesRuntime() {
    }

    static KubernetesClient client(Path kubeconfig) {
        if (kubeconfig == null) {
            return new KubernetesClientBuilder().build();
        }
        try {
            return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(kubeconfig)))
                    .build();
        } catch (IOException e) {
            throw new ConfigException("cannot read the kubeconfig " + kubeconfig + ": " + e.getMessage(), e);
        }
    }

    /** This instance's name: {@code POD_NAME} (downward API), else {@code HOSTNAME}, else the host name. */
    static String identity() {
        for (String env : new String[] {"POD_NAME", "HOSTNAME"}) {
            String v = System.getenv(env);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "gatewarden";
        }
    }

    static ClusterReconciler reconciler(Session s, KubernetesClient client, WriteGate gate, String identity,
                                        PlannerOptions options, UnaryOperator<ExecutionContext.Builder> context) {
        return new ClusterReconciler(s.config, new GatewayDiscovery(client),
                new KubernetesStatus(client, gate, Clock.systemUTC(), identity), s.reconciler(), gate, options,
                context);
    }
}
