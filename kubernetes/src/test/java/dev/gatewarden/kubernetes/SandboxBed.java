package dev.gatewarden.kubernetes;

import dev.gatewarden.audit.AuditLog;
import dev.gatewarden.aws.AwsCloudProviderFactory;
import dev.gatewarden.config.CloudAccount;
import dev.gatewarden.config.FirewallTarget;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.apply.PublishPolicy;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.model.SlotId;
import dev.gatewarden.ownership.NameTemplate;
import dev.gatewarden.paloalto.PanOsFirewallAdapterFactory;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.sandbox.SandboxTls;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The mock cluster plus the EC2 and PAN-OS simulators on loopback, with the real AWS provider (SDK) and PAN-OS
 * adapter (XML API over TLS) pointed at them, as the CLI's sandbox runtime does.
 */
final class SandboxBed implements AutoCloseable {
    static final String OWNER = "prod";
    static final String PANOS_KEY = "LUFRPT-k8s-e2e-test-key";
    static final String PUBLIC_GROUP = "egress-payments-public";
    static final String PRIVATE_GROUP = "egress-payments-private";

    final Ec2Simulator ec2;
    final PanOsSimulator panos;
    final CloudProvider aws;
    final FirewallAdapter pa;
    final CallRecorder calls = new CallRecorder();
    final Path dir;
    final Path ca;
    final AuditLog audit;
    final GatewardenConfig config;

    SandboxBed(Path dir) {
        this.dir = dir;
        Ec2World world = Ec2World.region("eu-west-1").vpc("vpc-0000000000000000a", "10.0.0.0/16")
                .subnet("subnet-0000000000000000a", "vpc-0000000000000000a", "10.0.1.0/24", "eu-west-1a");
        for (int n = 1; n <= 3; n++) {
            world.instance(instance(n), "m5.large", "eu-west-1a", "subnet-0000000000000000a", "10.0.1." + (10 + n));
        }
        ec2 = new Ec2Simulator(world);
        ec2.start(false);
        panos = new PanOsSimulator(PanOsDeviceSpec.firewall("pa-sim", PANOS_KEY));
        panos.start(true);
        try {
            ca = dir.resolve("sandbox-ca.pem");
            Files.writeString(ca, SandboxTls.caPem());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        PluginContext ctx = new PluginContext(OWNER, calls, Clock.systemUTC());
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("region", "eu-west-1");
        a.put("endpoint", ec2.baseUri().toString());
        a.put("accessKeyId", new Secret("test", "AKIDSANDBOX"));
        a.put("secretAccessKey", new Secret("test", "sandbox-secret"));
        a.put("maxAttempts", 2);
        aws = new AwsCloudProviderFactory().create("aws-sandbox", Settings.of("clouds[aws-sandbox]", a), ctx);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("url", panos.baseUri().toString());
        f.put("apiKey", new Secret("test", PANOS_KEY));
        f.put("username", PanOsDeviceSpec.DEFAULT_ADMIN);
        f.put("caBundle", ca.toString());
        f.put("pollInterval", "1ms");
        pa = new PanOsFirewallAdapterFactory().create("pa", Settings.of("firewalls[pa]", f), ctx);
        audit = AuditLog.open(dir.resolve("audit.jsonl"), "k8s-e2e", Clock.systemUTC());
        Gateway payments = new Gateway("payments", "aws-sandbox", 0, true, List.of(), List.of(), List.of(),
                List.of(new FirewallBinding("pa", PUBLIC_GROUP, AddressKind.PUBLIC),
                        new FirewallBinding("pa", PRIVATE_GROUP, AddressKind.PRIVATE)),
                GatewayMode.MANAGED, null, false);
        config = new GatewardenConfig(OWNER, dir.resolve("audit.jsonl"), PublishPolicy.STRICT, 1.0,
                List.of(new CloudAccount("aws-sandbox", "aws", Settings.of("clouds[aws-sandbox]", a))),
                List.of(new FirewallTarget("pa", "paloalto", NameTemplate.DEFAULT, Settings.of("firewalls[pa]", f))),
                List.of(payments), Map.of("payments", ClusterFixture.calico("payments")));
    }

    static String instance(int n) {
        return String.format("i-%017x", n);
    }

    static String providerId(int n) {
        return "aws:///eu-west-1a/" + instance(n);
    }

    ClusterReconciler reconciler(KubernetesClient client, WriteGate gate) {
        return new ClusterReconciler(config, new GatewayDiscovery(client),
                new KubernetesStatus(client, gate, Clock.systemUTC(), "e2e"), Map.of("aws-sandbox", aws),
                Map.of("pa", pa), gate, new PlannerOptions(1.0, false), b -> b.audit(audit).calls(calls));
    }

    /** Slot → its owned addresses as the real provider observes them. */
    Map<SlotId, Map<AddressKind, CloudAddress>> cloud() {
        ObservedCloud oc = aws.observe(new CloudScope(OWNER, List.of(), List.of("payments")));
        Map<SlotId, Map<AddressKind, CloudAddress>> m = new TreeMap<>();
        for (CloudAddress c : oc.addresses()) {
            if (OWNER.equals(c.owner()) && c.slot() != null) {
                m.computeIfAbsent(c.slot(), k -> new TreeMap<>()).put(c.kind(), c);
            }
        }
        return m;
    }

    /** Group → the IPs its owned members stand for, as the real adapter observes them. */
    Map<String, Set<String>> firewall() {
        ObservedFirewall of = pa.observe(new FirewallScope(OWNER, Set.of(PUBLIC_GROUP, PRIVATE_GROUP), Set.of()));
        Map<String, String> ipByName = of.objects().stream()
                .collect(Collectors.toMap(FirewallObject::name, o -> String.valueOf(o.ip())));
        Map<String, Set<String>> m = new TreeMap<>();
        for (FirewallGroup g : of.groups()) {
            m.put(g.name(), g.members().stream().map(n -> ipByName.getOrDefault(n, "?" + n))
                    .collect(Collectors.toCollection(TreeSet::new)));
        }
        return m;
    }

    /** The audit log's entries as (action, slot, outcome), in order. */
    List<String[]> auditTrail() {
        try {
            com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
            return Files.readAllLines(dir.resolve("audit.jsonl")).stream().filter(l -> !l.isBlank()).map(l -> {
                try {
                    var n = json.readTree(l);
                    var e = n.has("entry") ? n.get("entry") : n;
                    return new String[] {e.path("action").asText(), e.path("slot").asText(), e.path("outcome").asText()};
                } catch (IOException ex) {
                    throw new UncheckedIOException(ex);
                }
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        audit.close();
        aws.close();
        pa.close();
        ec2.close();
        panos.close();
    }
}
