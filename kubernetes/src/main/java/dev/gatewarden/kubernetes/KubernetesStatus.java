package dev.gatewarden.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.apply.Outcome;
import dev.gatewarden.apply.SlotStatus;
import dev.gatewarden.apply.StatusSink;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.plan.Change;
import dev.gatewarden.plan.FirewallChange;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes status back to the cluster, with least privilege: pod annotations by JSON merge patch (never the pod's
 * spec) and core/v1 Events on the gateway's owner, so {@code kubectl describe} tells the story.
 *
 * <ul>
 *   <li>{@value #SLOT_ANNOTATION}: the slot a pod holds, written before the round changes anything (the binding
 *       survives a restart of Gatewarden) and removed from a pod that lost its slot;</li>
 *   <li>{@value #PUBLIC_IP_ANNOTATION} and {@value #STATUS_ANNOTATION}: written in phase 4 (status) of a round
 *       that changed the slot (this class is the executor's {@link StatusSink} through {@link #sink});</li>
 *   <li>one Event per applied, failed or skipped change, on the EgressGateway (or the pods' owner).</li>
 * </ul>
 * Nothing is written while the {@link WriteGate} is closed.
 */
public final class KubernetesStatus {
    public static final String SLOT_ANNOTATION = "gatewarden.dev/slot";
    public static final String PUBLIC_IP_ANNOTATION = "gatewarden.dev/public-ip";
    public static final String STATUS_ANNOTATION = "gatewarden.dev/status";
    public static final String COMPONENT = "gatewarden";
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesStatus.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 1000;

    private final KubernetesClient client;
    private final WriteGate gate;
    private final Clock clock;
    private final String instance;
    private final AtomicLong sequence = new AtomicLong();

    /**
     * @param instance the reporting instance (the pod name or host name), shown in events
     */
    public KubernetesStatus(KubernetesClient client, WriteGate gate, Clock clock, String instance) {
        this.client = Objects.requireNonNull(client, "client");
        this.gate = gate == null ? WriteGate.OPEN : gate;
        this.clock = clock == null ? Clock.systemUTC() : clock;
        this.instance = instance == null ? COMPONENT : instance;
    }

    /**
     * Records each bound pod's slot on it (and removes the slot from pods that hold none), patching only pods whose
     * annotation differs. Returns how many pods were patched.
     */
    public int recordBindings(Map<String, DiscoveredGateway> discovered, Map<String, SlotBinding> bindings) {
        int patched = 0;
        for (Map.Entry<String, SlotBinding> e : bindings.entrySet()) {
            DiscoveredGateway d = discovered.get(e.getKey());
            if (d == null) {
                continue;
            }
            for (GatewayPod p : d.pods()) {
                SlotId slot = e.getValue().slotOf(p);
                if (Objects.equals(slot, p.recordedSlot())) {
                    continue;
                }
                Map<String, String> a = new LinkedHashMap<>();
                a.put(SLOT_ANNOTATION, slot == null ? null : slot.toString());
                if (slot == null) {
                    a.put(PUBLIC_IP_ANNOTATION, null);
                    a.put(STATUS_ANNOTATION, null);
                }
                if (annotate(p.namespace(), p.name(), a)) {
                    patched++;
                }
            }
        }
        return patched;
    }

    /** The executor's phase-4 sink for one round: annotates each slot's pod with its public IP and state. */
    public StatusSink sink(Map<String, SlotBinding> bindings) {
        Map<SlotId, GatewayPod> pods = new LinkedHashMap<>();
        bindings.values().forEach(b -> b.bound().forEach((i, p) -> pods.put(new SlotId(b.gateway(), i), p)));
        return statuses -> {
            List<String> failed = new ArrayList<>();
            for (SlotStatus s : statuses) {
                GatewayPod p = pods.get(s.slot());
                if (p == null) {
                    continue; // a configured gateway, or a slot without a pod (held or retired)
                }
                Map<String, String> a = new LinkedHashMap<>();
                a.put(SLOT_ANNOTATION, s.slot().toString());
                a.put(PUBLIC_IP_ANNOTATION, s.publicIp());
                a.put(STATUS_ANNOTATION, s.ready() ? "ready" : truncate(s.message(), 250));
                if (!annotate(p.namespace(), p.name(), a)) {
                    failed.add(p.ref());
                }
            }
            if (!failed.isEmpty()) {
                throw new IllegalStateException("could not annotate pod(s) " + String.join(", ", failed)
                        + "; the service account needs patch on pods");
            }
        };
    }

    /** Records one event per change that was applied, failed or skipped, on the changed gateway's owner. */
    public int recordEvents(ApplyReport report, Map<String, DiscoveredGateway> discovered) {
        int n = 0;
        for (ChangeResult r : report.results()) {
            if (r.outcome() == Outcome.DRY_RUN) {
                continue;
            }
            String gateway = gatewayOf(r.change());
            DiscoveredGateway d = gateway == null ? null : discovered.get(gateway);
            if (d == null || d.owner() == null) {
                continue;
            }
            String reason = reason(r.change().action()) + switch (r.outcome()) {
                case FAILED -> "Failed";
                case SKIPPED -> "Skipped";
                default -> "";
            };
            String message = r.change().summary() + " (" + r.change().target() + ")"
                    + (r.message() == null ? "" : ": " + r.message());
            if (event(d.owner(), r.outcome() == Outcome.SUCCEEDED ? "Normal" : "Warning", reason, message)) {
                n++;
            }
        }
        return n;
    }

    boolean event(EventTarget target, String type, String reason, String message) {
        if (!gate.mayWrite()) {
            return false;
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        String ns = target.namespace() == null ? "default" : target.namespace();
        Event e = new EventBuilder()
                .withNewMetadata().withNamespace(ns)
                .withName(target.name() + "." + Long.toHexString(clock.millis()) + Long.toHexString(sequence.incrementAndGet()))
                .endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(target.apiVersion())
                        .withKind(target.kind()).withNamespace(target.namespace()).withName(target.name())
                        .withUid(target.uid()).build())
                .withType(type).withReason(reason).withMessage(truncate(message, MAX_MESSAGE))
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT).withReportingInstance(instance)
                .build();
        try {
            client.v1().events().inNamespace(ns).resource(e).create();
            return true;
        } catch (KubernetesClientException ex) {
            LOG.warn("could not record event {} on {} (HTTP {}): {}; the service account needs create on events",
                    reason, target, ex.getCode(), ex.getMessage());
            return false;
        }
    }

    /** Merge-patches annotations (null removes one). */
    boolean annotate(String namespace, String pod, Map<String, String> annotations) {
        if (!gate.mayWrite()) {
            return false;
        }
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode a = patch.putObject("metadata").putObject("annotations");
        annotations.forEach(a::put);
        try {
            client.pods().inNamespace(namespace).withName(pod)
                    .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
            return true;
        } catch (KubernetesClientException ex) {
            LOG.warn("could not annotate pod {}/{} (HTTP {}): {}", namespace, pod, ex.getCode(), ex.getMessage());
            return false;
        }
    }

    private static String gatewayOf(Change c) {
        if (c.slot() != null) {
            return c.slot().gateway();
        }
        if (c instanceof FirewallChange.Publish p) {
            return p.gateway();
        }
        if (c instanceof FirewallChange.Withdraw w) {
            return w.gateway();
        }
        return null;
    }

    /** {@code attach-public} → {@code AttachPublic}. */
    static String reason(String action) {
        StringBuilder b = new StringBuilder();
        for (String part : action.split("-")) {
            if (!part.isEmpty()) {
                b.append(part.substring(0, 1).toUpperCase(Locale.ROOT)).append(part.substring(1));
            }
        }
        return b.toString();
    }

    private static String truncate(String s, int max) {
        if (s == null) {
            return null;
        }
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
