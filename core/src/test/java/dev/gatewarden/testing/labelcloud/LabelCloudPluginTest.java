package dev.gatewarden.testing.labelcloud;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.apply.ApplyReport;
import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.apply.Executor;
import dev.gatewarden.apply.Outcome;
import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.InvalidConfigException;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.model.ObservedState;
import dev.gatewarden.plan.Plan;
import dev.gatewarden.plan.Planner;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.reconcile.Observation;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Plugins;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The third provider reaches the engine the way Azure and GCP will: found by {@code ServiceLoader}, its settings and
 * capabilities checked at config load, planned and applied by core untouched.
 */
class LabelCloudPluginTest {
    @TempDir
    Path dir;

    private GatewardenConfig load(String gatewayExtra) throws Exception {
        Path file = dir.resolve("gatewarden.yaml");
        Files.writeString(file, """
                owner: third
                clouds:
                  - name: labels
                    provider: labelcloud
                    nodes: 2
                gateways:
                  - name: batch
                    cloud: labels
                    addresses: 3
                    nodes: [labelcloud://proj/zone-a/vm-1, labelcloud://proj/zone-a/vm-2]
                """ + gatewayExtra);
        Plugins plugins = Plugins.load(getClass().getClassLoader());
        return ConfigLoader.load(file, PluginCatalog.of(plugins), SecretResolver.defaults());
    }

    @Test
    void isFoundByItsServiceRegistrationAndConvergesThroughCore() throws Exception {
        GatewardenConfig config = load("    privateIps: [10.1.0.150]\n");
        Plugins plugins = Plugins.load(getClass().getClassLoader());
        CallRecorder calls = new CallRecorder();
        CloudProvider provider = plugins.cloud("labelcloud").create("labels",
                config.clouds().get(0).settings(), new PluginContext("third", calls, null));

        ObservedState observed = Observation.observe(config.desiredState(), Map.of("labels", provider), Map.of());
        Plan plan = Planner.plan(config.desiredState(), observed, PlannerOptions.DEFAULTS);
        assertEquals(3, plan.changes().size(), "three assignments: " + plan.changes());
        ApplyReport report = new Executor().apply(plan, observed, ExecutionContext.builder("third").cloud(provider)
                .calls(calls).build());

        assertEquals(3, report.count(Outcome.SUCCEEDED), report.results().toString());
        assertEquals(2, calls.count("labels", "instances.update"), "one batch call per instance for 3 assignments");
        ObservedState again = Observation.observe(config.desiredState(), Map.of("labels", provider), Map.of());
        assertTrue(Planner.plan(config.desiredState(), again, PlannerOptions.DEFAULTS).isEmpty(),
                "apply then plan is empty");
        assertTrue(again.cloud("labels").addresses().stream().anyMatch(a -> "10.1.0.150".equals(a.ip())));
    }

    @Test
    void aGatewayAskingForPublicIpsIsRefusedAtTheKeyThatAsks() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> load("    public: true\n"));
        assertTrue(e.getMessage().contains("gateways[0].public"), e.getMessage());
        assertTrue(e.getMessage().contains("gatewarden.yaml:11:13: gateways[0].public: "), "located at public: true: " + e.getMessage());
        assertTrue(e.getMessage().contains("provider labelcloud, which has no public IPs"), e.getMessage());
    }
}
