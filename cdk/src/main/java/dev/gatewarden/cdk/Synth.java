package dev.gatewarden.cdk;

import com.hashicorp.cdktf.App;
import com.hashicorp.cdktf.AppConfig;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.cdk.resources.PanosVersion;
import dev.gatewarden.config.GatewardenConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Synthesizes a {@link GatewardenStack} from a config into a cdktf output directory:
 * {@code <outdir>/stacks/<stack>/cdk.tf.json}, plain Terraform JSON that {@code terraform} / {@code tofu} apply
 * without CDKTF ({@code cd <outdir>/stacks/<stack> && terraform init && terraform apply}).
 */
public final class Synth {
    private Synth() {
    }

    /**
     * What was written.
     *
     * @param stackFile the {@code cdk.tf.json}
     * @param gateways  the gateways rendered
     * @param variables the Terraform variables to supply (credentials via {@code TF_VAR_<name>})
     * @param notes     things the user should know (see {@link GatewardenStack#notes()})
     */
    public record Result(Path stackFile, List<String> gateways, Set<String> variables, List<String> notes) {
    }

    /** The default stack name for a config: {@code gatewarden-<owner>}. */
    public static String defaultStackName(GatewardenConfig config) {
        return "gatewarden-" + config.owner();
    }

    /**
     * Renders and writes the stack.
     *
     * @param gateways the gateways to render; null: those with {@code reservation: external}
     * @throws ConfigException when nothing is selected or the config cannot be rendered
     */
    public static Result run(GatewardenConfig config, Path outdir, String stackName, Collection<String> gateways) {
        return run(config, outdir, stackName, gateways, PanosVersion.V2);
    }

    /**
     * Renders and writes the stack, with the PAN-OS resources in the types of a panos provider major.
     *
     * @param gateways the gateways to render; null: those with {@code reservation: external}
     * @throws ConfigException when nothing is selected or the config cannot be rendered
     */
    public static Result run(GatewardenConfig config, Path outdir, String stackName, Collection<String> gateways,
                             PanosVersion panosVersion) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(outdir, "outdir");
        String name = stackName == null ? defaultStackName(config) : stackName;
        if (!name.matches("[A-Za-z][A-Za-z0-9_-]*")) {
            throw new ConfigException("stack name '" + name + "': use letters, digits, '-' and '_', starting with a letter");
        }
        App app = new App(AppConfig.builder().outdir(outdir.toString()).build());
        GatewardenStack stack = GatewardenStack.builder(app, name).config(config).gateways(gateways)
                .panosVersion(panosVersion).build();
        if (stack.gatewayAddresses().isEmpty()) {
            throw new ConfigException("no gateway to render: mark the gateways whose public IPs Terraform reserves "
                    + "with 'reservation: external' (or name them explicitly)"
                    + (config.gateways().isEmpty() ? "" : "; gateways in the config: "
                    + config.gateways().stream().map(g -> g.name()).toList()));
        }
        app.synth();
        Path file = outdir.resolve("stacks").resolve(name).resolve("cdk.tf.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalStateException("cdktf reported success but wrote no " + file);
        }
        return new Result(file, List.copyOf(stack.gatewayAddresses().keySet()), stack.variables(), stack.notes());
    }
}
