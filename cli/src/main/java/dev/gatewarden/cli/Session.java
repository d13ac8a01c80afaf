package dev.gatewarden.cli;

import dev.gatewarden.apply.Executor;
import dev.gatewarden.config.CloudAccount;
import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.FirewallTarget;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.reconcile.Reconciler;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Plugins;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The composition root of one CLI run: plugins found once through {@code ServiceLoader}, the loaded config, and
 * one provider per cloud account and one adapter per firewall (pointed at the sandbox in sandbox mode).
 */
final class Session implements AutoCloseable {
    final Plugins plugins;
    final GatewardenConfig config;
    final CallRecorder calls = new CallRecorder();
    final Map<String, CloudProvider> clouds = new LinkedHashMap<>();
    final Map<String, FirewallAdapter> firewalls = new LinkedHashMap<>();
    final SandboxRuntime sandbox;
    private Reconciler reconciler;

    private Session(Plugins plugins, GatewardenConfig config, SandboxRuntime sandbox) {
        this.plugins = plugins;
        this.config = config;
        this.sandbox = sandbox;
    }

    /**
     * The reconciler over this session's providers and adapters (built once): the one {@code plan}, {@code apply},
     * {@code status}, {@code reconcile} and the Kubernetes job run their rounds with.
     */
    Reconciler reconciler() {
        if (reconciler == null) {
            reconciler = new Reconciler(clouds, firewalls, new Executor());
        }
        return reconciler;
    }

    static Plugins plugins() {
        return Plugins.load(Session.class.getClassLoader());
    }

    /** Loads and validates the config only (no connection). */
    static GatewardenConfig loadConfig(Plugins plugins, Path file, boolean sandbox) {
        GatewardenConfig config = ConfigLoader.load(file, PluginCatalog.of(plugins), secretResolver(sandbox));
        config.clouds().forEach(a -> Redaction.SECRETS.addAll(a.settings()));
        config.firewalls().forEach(f -> Redaction.SECRETS.addAll(f.settings()));
        return config;
    }

    /** How references are resolved: from the environment and files, or leniently in sandbox mode. */
    static SecretResolver secretResolver(boolean sandbox) {
        return sandbox ? SandboxRuntime.secretResolver() : SecretResolver.defaults();
    }

    static Session open(CommonOptions options) {
        Plugins plugins = plugins();
        GatewardenConfig config = loadConfig(plugins, options.config, options.sandbox);
        SandboxRuntime sandbox = options.sandbox ? SandboxRuntime.start(config, options.sandboxWorld) : null;
        Session s = new Session(plugins, config, sandbox);
        try {
            PluginContext ctx = new PluginContext(config.owner(), s.calls, Clock.systemUTC());
            for (CloudAccount a : config.clouds()) {
                var settings = sandbox == null ? a.settings() : sandbox.cloudSettings(a);
                Redaction.SECRETS.addAll(settings);
                s.clouds.put(a.name(), plugins.cloud(a.provider()).create(a.name(), settings, ctx));
            }
            for (FirewallTarget f : config.firewalls()) {
                var settings = sandbox == null ? f.settings() : sandbox.firewallSettings(f);
                Redaction.SECRETS.addAll(settings);
                s.firewalls.put(f.name(), plugins.firewall(f.type()).create(f.name(), settings, ctx));
            }
        } catch (RuntimeException e) {
            s.close();
            throw e;
        }
        return s;
    }

    /**
     * The desired state of a config whose gateways list their nodes. Gateways discovered in Kubernetes have no
     * nodes here, and planning without them would retire what the reconcile job built: refused.
     */
    dev.gatewarden.model.DesiredState configuredDesiredState(String command) {
        if (!config.kubernetes().isEmpty()) {
            throw new dev.gatewarden.GatewardenException.ConfigException("gateway(s) "
                    + String.join(", ", new java.util.TreeSet<>(config.kubernetes().keySet()))
                    + " discover their nodes in Kubernetes, and '" + command + "' works on configured nodes only: run "
                    + "'gatewarden reconcile --max-rounds 1' for one round against the cluster, or 'gatewarden status'");
        }
        return config.desiredState();
    }

    @Override
    public void close() {
        clouds.values().forEach(Session::closeQuietly);
        firewalls.values().forEach(Session::closeQuietly);
        if (sandbox != null) {
            sandbox.close();
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // closing a client; nothing to do
        }
    }
}
