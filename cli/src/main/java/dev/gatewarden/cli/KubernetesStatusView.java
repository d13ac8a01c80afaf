package dev.gatewarden.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.kubernetes.ClusterRound;
import dev.gatewarden.kubernetes.DiscoveredGateway;
import dev.gatewarden.kubernetes.GatewayPod;
import dev.gatewarden.kubernetes.SkippedPod;
import dev.gatewarden.kubernetes.SlotBinding;
import dev.gatewarden.kubernetes.WriteGate;
import dev.gatewarden.model.SlotId;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What {@code status} shows of the discovered gateways: each slot's pod, and the pods without a slot. */
final class KubernetesStatusView {
    private final ClusterRound.Snapshot snapshot;

    private KubernetesStatusView(ClusterRound.Snapshot snapshot) {
        this.snapshot = snapshot;
    }

    /** Discovers and observes; writes nothing (the gate is closed). */
    static KubernetesStatusView load(Session s, Path kubeconfig) {
        try (KubernetesClient client = KubernetesRuntime.client(kubeconfig)) {
            WriteGate readOnly = () -> false;
            return new KubernetesStatusView(KubernetesRuntime.reconciler(s, client, readOnly, "gatewarden-status",
                    null, null).snapshot());
        }
    }

    ClusterRound.Snapshot snapshot() {
        return snapshot;
    }

    /** {@code namespace/name (k8s node)} of the pod holding the slot, or null. */
    String pod(SlotId slot) {
        SlotBinding b = snapshot.bindings().get(slot.gateway());
        if (b == null) {
            return null;
        }
        GatewayPod p = b.bound().get(slot.index());
        if (p != null) {
            return p.ref() + " (" + p.nodeName() + ")";
        }
        return b.held().containsKey(slot.index()) ? "(pod gone: held)" : null;
    }

    private Map<String, List<SkippedPod>> skipped() {
        Map<String, List<SkippedPod>> m = new TreeMap<>();
        for (DiscoveredGateway d : snapshot.discovered().values()) {
            List<SkippedPod> all = new ArrayList<>(d.skipped());
            SlotBinding b = snapshot.bindings().get(d.gateway());
            if (b != null) {
                all.addAll(b.unbound());
            }
            m.put(d.gateway(), all);
        }
        return m;
    }

    void printPods(PrintWriter out) {
        for (DiscoveredGateway d : snapshot.discovered().values()) {
            out.println("gateway " + d.gateway() + " (" + d.source().source().label() + ", " + d.targetSlots()
                    + " slot(s)" + (d.mode() == dev.gatewarden.model.GatewayMode.FIREWALL_ONLY ? ", firewall-only" : "")
                    + "): " + d.pods().size() + " ready pod(s)");
            skipped().getOrDefault(d.gateway(), List.of()).forEach(p -> out.println("  no slot: " + p));
            d.warnings().forEach(w -> out.println("  warning: " + w));
        }
        out.flush();
    }

    ArrayNode podsJson() {
        ArrayNode a = Render.JSON.createArrayNode();
        for (DiscoveredGateway d : snapshot.discovered().values()) {
            SlotBinding b = snapshot.bindings().get(d.gateway());
            for (GatewayPod p : d.pods()) {
                ObjectNode n = a.addObject();
                n.put("gateway", d.gateway());
                n.put("pod", p.ref());
                n.put("node", p.nodeName());
                n.put("providerId", p.node().providerId());
                n.put("ip", p.ip());
                SlotId slot = b == null ? null : b.slotOf(p);
                n.put("slot", slot == null ? null : slot.toString());
            }
            for (SkippedPod p : skipped().getOrDefault(d.gateway(), List.of())) {
                if (d.pods().stream().anyMatch(x -> x.name().equals(p.name()) && x.namespace().equals(p.namespace()))
                        && b != null) {
                    // an eligible pod without a slot: already listed, add the reason
                    for (var node : a) {
                        if (node.path("pod").asText().equals(p.namespace() + "/" + p.name())) {
                            ((ObjectNode) node).put("reason", p.reason());
                        }
                    }
                    continue;
                }
                ObjectNode n = a.addObject();
                n.put("gateway", d.gateway());
                n.put("pod", p.namespace() + "/" + p.name());
                n.put("node", p.node());
                n.put("ip", p.ip());
                n.putNull("slot");
                n.put("reason", p.reason());
            }
        }
        return a;
    }
}
