package dev.gatewarden.examples.cdktf;

import com.hashicorp.cdktf.App;
import dev.gatewarden.cdk.GatewardenStack;
import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.spi.Plugins;
import java.nio.file.Path;

/**
 * A CDKTF app that renders a Gatewarden config's reservations and firewall objects: {@code cdktf synth} runs it
 * (see cdktf.json) and writes {@code cdktf.out/stacks/gatewarden-<owner>/cdk.tf.json}.
 *
 * <p>The config path comes from {@code GATEWARDEN_CONFIG} (default {@code gatewarden.yaml}). Secrets in the config
 * are not needed here and are never rendered: unresolvable references get a placeholder.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Path file = Path.of(System.getenv().getOrDefault("GATEWARDEN_CONFIG", "gatewarden.yaml"));
        PluginCatalog catalog = PluginCatalog.of(Plugins.load(Main.class.getClassLoader()));
        SecretResolver env = SecretResolver.defaults();
        SecretResolver lenient = ref -> {
            try {
                return env.resolve(ref);
            } catch (SecretResolver.UnresolvedReferenceException e) {
                return "unresolved";
            }
        };
        GatewardenConfig config = ConfigLoader.load(file, catalog, lenient);

        App app = new App(); // the cdktf CLI sets the output directory
        GatewardenStack stack = GatewardenStack.builder(app, "gatewarden-" + config.owner())
                .config(config) // the gateways with reservation: external
                .build();
        stack.notes().forEach(n -> System.err.println("note: " + n));
        app.synth();
    }
}
