package dev.gatewarden.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.DesiredGroup;
import dev.gatewarden.model.DesiredSlot;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.ObservedState;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "status", description = "Show per gateway slot: node, private and public IP, and whether each "
        + "firewall lists it. Gateways discovered in Kubernetes also show each slot's pod and the pods that hold no "
        + "slot (with the reason).")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @picocli.CommandLine.Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "Kubernetes: the kubeconfig (default: KUBECONFIG, ~/.kube/config, or the in-cluster account)")
    java.nio.file.Path kubeconfig;

    @picocli.CommandLine.Option(names = "--audit-log", paramLabel = "FILE", description = "the audit log that says "
            + "where addresses were published (default: the config's auditLog, else ./gatewarden-audit.jsonl)")
    java.nio.file.Path auditLog;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Session s = Session.open(common)) {
            DesiredState desired;
            ObservedState observed;
            KubernetesStatusView cluster = null;
            if (s.config.kubernetes().isEmpty()) {
                desired = s.config.desiredState();
                observed = s.reconciler().observe(desired);
            } else {
                cluster = KubernetesStatusView.load(s, kubeconfig);
                desired = cluster.snapshot().desired();
                observed = cluster.snapshot().observed();
            }
            List<String[]> rows = new ArrayList<>();
            rows.add(cluster == null ? new String[] {"SLOT", "NODE", "PRIVATE IP", "PUBLIC IP", "FIREWALLS"}
                    : new String[] {"SLOT", "POD", "NODE", "PRIVATE IP", "PUBLIC IP", "FIREWALLS"});
            ArrayNode json = Render.JSON.createArrayNode();
            for (DesiredSlot slot : desired.slots()) {
                CloudAddress priv = find(observed, desired.owner(), slot, AddressKind.PRIVATE);
                CloudAddress pub = find(observed, desired.owner(), slot, AddressKind.PUBLIC);
                String privateIp = priv != null ? priv.ip() : slot.privateIp();
                String publicIp = pub != null ? pub.ip() : slot.fixedPublicIp();
                String node = priv != null && priv.node() != null ? priv.node().instance()
                        : slot.node() == null ? "-" : slot.node().instance() + " (desired)";
                List<String> fws = new ArrayList<>();
                ObjectNode n = json.addObject();
                n.put("slot", slot.id().toString());
                n.put("node", node);
                n.put("privateIp", privateIp);
                n.put("publicIp", publicIp);
                ObjectNode fwNode = n.putObject("firewalls");
                for (DesiredGroup g : desired.groups()) {
                    if (!g.slots().contains(slot.id())) {
                        continue;
                    }
                    String ip = g.kind() == AddressKind.PUBLIC ? publicIp : privateIp;
                    String state;
                    if (!observed.available(g.firewall())) {
                        state = "unknown (unreachable)";
                    } else if (ip == null) {
                        state = "no address yet";
                    } else {
                        String name = desired.objectName(g.firewall(), g.gateway(), ip, slot.id().index());
                        ObservedFirewall of = observed.firewall(g.firewall());
                        boolean listed = of.group(g.group()).map(FirewallGroup::members).orElse(List.of()).contains(name);
                        state = listed ? "listed" : "not listed";
                    }
                    fws.add(g.firewall() + "/" + g.group() + " (" + g.kind().label() + "): " + state);
                    fwNode.put(g.firewall() + "/" + g.group(), state);
                }
                String fwText = fws.isEmpty() ? "-" : String.join("; ", fws);
                if (cluster == null) {
                    rows.add(new String[] {slot.id().toString(), node, privateIp == null ? "-" : privateIp,
                            publicIp == null ? "-" : publicIp, fwText});
                } else {
                    String pod = cluster.pod(slot.id());
                    n.put("pod", pod);
                    rows.add(new String[] {slot.id().toString(), pod == null ? "-" : pod, node,
                            privateIp == null ? "-" : privateIp, publicIp == null ? "-" : publicIp, fwText});
                }
            }
            // what is held back for safety (retired addresses a firewall may still list), from the same observation
            List<dev.gatewarden.plan.Skip> held = dev.gatewarden.plan.Planner.plan(desired, observed,
                    RunOptions.plannerOptions(s.config, false, RunOptions.auditPath(s.config, auditLog), List.of()))
                    .skipped().stream().filter(k -> k.kind() == dev.gatewarden.plan.Skip.Kind.HELD).toList();
            java.util.List<String> unknown = outcomeUnknown(s.config);
            if (common.json()) {
                ObjectNode root = Render.JSON.createObjectNode();
                ArrayNode heldJson = root.putArray("held");
                held.forEach(k -> heldJson.addObject().put("target", k.target())
                        .put("slot", k.slot() == null ? null : k.slot().toString()).put("reason", k.reason()));
                root.put("owner", desired.owner());
                root.set("outcomeUnknown", Render.JSON.valueToTree(unknown));
                root.set("slots", json);
                if (cluster != null) {
                    root.set("pods", cluster.podsJson());
                }
                root.set("unavailable", Render.JSON.valueToTree(observed.unavailable()));
                root.set("calls", Render.JSON.valueToTree(s.calls.snapshot()));
                Render.printJson(out, root);
            } else {
                Render.table(out, rows);
                if (cluster != null) {
                    cluster.printPods(out);
                }
                observed.unavailable().forEach((t, why) -> out.println("unreachable: " + t + ": " + why));
                held.forEach(k -> out.println("held: " + k.target() + (k.slot() == null ? "" : " " + k.slot()) + ": "
                        + k.reason()));
                unknown.forEach(u -> out.println("outcome unknown (audit log): " + u
                        + "; the next apply or reconcile round records what it observes"));
                out.flush();
            }
            return observed.unavailable().isEmpty() && held.isEmpty() ? Main.OK : Main.ERROR;
        }
    }

    private static CloudAddress find(ObservedState observed, String owner, DesiredSlot slot, AddressKind kind) {
        return observed.cloud(slot.cloud()).addresses().stream()
                .filter(a -> owner.equals(a.owner()) && slot.id().equals(a.slot()) && a.kind() == kind)
                .findFirst().orElse(null);
    }

    /** Intents in the config's audit log with no outcome (a run stopped between a call and its record). */
    private static java.util.List<String> outcomeUnknown(dev.gatewarden.config.GatewardenConfig config) {
        java.nio.file.Path log = config.auditLog() != null ? config.auditLog()
                : java.nio.file.Path.of("gatewarden-audit.jsonl");
        if (!java.nio.file.Files.isRegularFile(log)) {
            return java.util.List.of();
        }
        return dev.gatewarden.audit.AuditVerifier.verify(log).outcomeUnknown();
    }
}
