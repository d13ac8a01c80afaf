package dev.gatewarden.cli;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.cdk.Synth;
import dev.gatewarden.cdk.resources.PanosVersion;
import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.config.SecretResolver;
import dev.gatewarden.model.Gateway;
import dev.gatewarden.model.GatewayMode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatewarden synth}: renders the Terraform side (reserved public IPs and the firewall objects listing them)
 * as plain Terraform JSON through the CDKTF constructs of the {@code cdk} module. Needs Node.js (jsii); contacts
 * nothing. Secrets are never needed: references that cannot be resolved here stand in as placeholders, and no
 * secret is ever written.
 */
@Command(name = "synth", description = "Write the Terraform JSON (CDKTF stack) that reserves the public IPs of the "
        + "gateways with 'reservation: external' and the firewall objects listing them: "
        + "<DIR>/stacks/<stack>/cdk.tf.json. Needs Node.js; changes nothing.")
final class SynthCommand implements Callable<Integer> {
    /** Marks a value whose reference could not be resolved while synthesizing. */
    static final String UNRESOLVED = "gatewarden-unresolved-reference";

    @Option(names = {"-f", "--config"}, required = true, paramLabel = "FILE", description = "the config file (YAML)")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "DIR", defaultValue = "cdktf.out",
            description = "the output directory (default: ${DEFAULT-VALUE})")
    Path out;

    @Option(names = "--stack", paramLabel = "NAME", description = "the stack name (default: gatewarden-<owner>)")
    String stack;

    @Option(names = "--gateway", paramLabel = "NAME", description = "render this gateway (repeatable; default: "
            + "the gateways with reservation: external)")
    List<String> gateways;

    @Option(names = "--all", description = "render every managed gateway with public IPs (a preview: mark them "
            + "reservation: external before terraform apply)")
    boolean all;

    @Option(names = "--panos-provider", paramLabel = "MAJOR", defaultValue = "2",
            description = "render PAN-OS resources for the PaloAltoNetworks/panos provider 2 (default: panos_address, "
                    + "location blocks) or 1 (panos_address_object, panos_panorama_address_group, ...)")
    int panosProvider;

    @Option(names = {"-q", "--quiet"}, description = "log warnings only")
    boolean quiet;

    @Option(names = "--debug", description = "log everything, including stack traces")
    boolean debug;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        long start = System.nanoTime();
        Set<String> unresolved = new TreeSet<>();
        GatewardenConfig c = ConfigLoader.load(config, PluginCatalog.of(Session.plugins()), lenient(unresolved));
        List<String> selection = gateways;
        if (all) {
            selection = new ArrayList<>();
            for (Gateway g : c.gateways()) {
                if (g.mode() == GatewayMode.MANAGED && g.publicIps()) {
                    selection.add(g.name());
                }
            }
        }
        PanosVersion panos;
        try {
            panos = PanosVersion.of(panosProvider);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("--panos-provider " + panosProvider + ": choose 1 or 2");
        }
        Synth.Result r = Synth.run(c, out, stack, selection, panos);
        String json = Files.readString(r.stackFile(), StandardCharsets.UTF_8);
        if (json.contains(UNRESOLVED)) {
            Files.delete(r.stackFile());
            throw new ConfigException(config + ": the stack would contain values of references that are not set here ("
                    + String.join(", ", unresolved) + "); set them and rerun synth");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        o.printf("Wrote %s (gateways: %s) in %.1f s%n", r.stackFile(), String.join(", ", r.gateways()), seconds);
        if (!r.variables().isEmpty()) {
            o.println("Terraform variables to supply (e.g. TF_VAR_<name>): " + String.join(", ", r.variables()));
        }
        o.println("Apply with Terraform or OpenTofu: cd " + r.stackFile().getParent() + " && terraform init && terraform apply");
        for (String note : r.notes()) {
            err.println("note: " + note);
        }
        return Main.OK;
    }

    /** Resolves what it can; an unresolvable reference (e.g. a secret not exported here) becomes a placeholder. */
    private static SecretResolver lenient(Set<String> unresolved) {
        SecretResolver real = SecretResolver.defaults();
        return ref -> {
            try {
                return real.resolve(ref);
            } catch (SecretResolver.UnresolvedReferenceException e) {
                unresolved.add(ref.text());
                return UNRESOLVED;
            }
        };
    }
}
