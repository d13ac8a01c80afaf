package dev.gatewarden.cli;

import dev.gatewarden.config.ConfigLoader;
import dev.gatewarden.config.ConfigProblem;
import dev.gatewarden.config.GatewardenConfig;
import dev.gatewarden.config.PluginCatalog;
import dev.gatewarden.config.SecretResolver;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code gatewarden validate}: everything in the config is checked; secret references are checked for their form
 * only (so a config can be linted in CI or a pre-commit hook without credentials), unless
 * {@code --resolve-secrets} asks to read them too.
 */
@Command(name = "validate", description = "Check a config file: syntax, names, references. Changes nothing. "
        + "Secret references are checked for their form only, unless --resolve-secrets.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Option(names = "--resolve-secrets", description = "also resolve every secret reference (the environment "
            + "variables and files must be present), as plan and apply do")
    boolean resolveSecrets;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        List<ConfigProblem> unresolved = new ArrayList<>();
        SecretResolver resolver = Session.secretResolver(common.sandbox);
        if (!resolveSecrets) {
            resolver = SecretResolver.checkingSecretsOnly(resolver, unresolved::add);
        }
        GatewardenConfig c = ConfigLoader.load(common.config, PluginCatalog.of(Session.plugins()), resolver);
        PrintWriter err = spec.commandLine().getErr();
        for (ConfigProblem p : unresolved) {
            err.println("warning: " + p);
        }
        if (!unresolved.isEmpty()) {
            err.println("warning: " + unresolved.size() + " secret reference(s) not resolved; "
                    + "run validate --resolve-secrets where the secrets are present to check them too");
        }
        int slots = c.gateways().stream().mapToInt(g -> g.addresses()).sum();
        spec.commandLine().getOut().println(common.config + ": valid (owner " + c.owner() + "; " + c.clouds().size()
                + " cloud account(s), " + c.firewalls().size() + " firewall(s), " + c.gateways().size()
                + " gateway(s), " + slots + " slot(s))" + (unresolved.isEmpty() ? "" : "; secrets not resolved"));
        return Main.OK;
    }
}
