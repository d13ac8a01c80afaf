package dev.gatewarden.reconcile;

import dev.gatewarden.apply.ExecutionContext;
import dev.gatewarden.apply.Executor;
import dev.gatewarden.audit.AuditLog;
import dev.gatewarden.audit.PublicationRecord;
import dev.gatewarden.config.CloudAccount;
import dev.gatewarden.config.FirewallTarget;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.model.DesiredState;
import dev.gatewarden.plan.PlannerOptions;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Plugins;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * One round of {@code plan} or {@code apply --auto-approve} for a loaded config, outside the CLI: a provider per cloud
 * account and an adapter per firewall (their settings overridden, e.g. to point at simulators), the audit log's
 * publication history, the {@link Reconciler}. Used by test beds and the benchmark; every client is closed after.
 */
public final class ConfiguredRound {
    private ConfiguredRound() {
    }

    /**
     * @param cloudOverrides    per cloud account, settings that replace the configured ones
     * @param firewallOverrides per firewall, settings that replace the configured ones
     * @param forget            firewalls no longer configured whose record no longer holds releases back
     */
    public static Reconciler.Round run(GatewardenConfig config, Plugins plugins,
                                       Function<CloudAccount, Map<String, Object>> cloudOverrides,
                                       Function<FirewallTarget, Map<String, Object>> firewallOverrides,
                                       Path audit, String actor, boolean allowDeletions, boolean apply,
                                       Set<String> forget) {
        CallRecorder calls = new CallRecorder();
        PluginContext ctx = new PluginContext(config.owner(), calls, Clock.systemUTC());
        Map<String, CloudProvider> clouds = new LinkedHashMap<>();
        Map<String, FirewallAdapter> adapters = new LinkedHashMap<>();
        try {
            for (CloudAccount a : config.clouds()) {
                clouds.put(a.name(), plugins.cloud(a.provider()).create(a.name(),
                        a.settings().with(cloudOverrides.apply(a)), ctx));
            }
            for (FirewallTarget f : config.firewalls()) {
                adapters.put(f.name(), plugins.firewall(f.type()).create(f.name(),
                        f.settings().with(firewallOverrides.apply(f)), ctx));
            }
            PlannerOptions options = new PlannerOptions(config.maxDeleteFraction(), allowDeletions)
                    .withHistory(PublicationRecord.read(audit, config.owner()), forget);
            DesiredState desired = config.desiredState();
            Reconciler r = new Reconciler(clouds, adapters, new Executor());
            if (!apply) {
                return new Reconciler.Round(r.plan(desired, options), null);
            }
            try (AuditLog log = AuditLog.open(audit, actor, Clock.systemUTC())) {
                ExecutionContext ec = ExecutionContext.builder(config.owner()).clouds(clouds).firewalls(adapters)
                        .naming(desired.naming()).calls(calls).audit(log).build();
                return r.reconcileOnce(desired, options, ec);
            }
        } finally {
            clouds.values().forEach(ConfiguredRound::closeQuietly);
            adapters.values().forEach(ConfiguredRound::closeQuietly);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a client
        }
    }
}
