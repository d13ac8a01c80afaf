package dev.gatewarden.cli;

import dev.gatewarden.config.GatewardenConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

@Command(name = "validate", description = "Check a config file: syntax, names, references, secrets. Changes nothing.")
final class ValidateCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        GatewardenConfig c = Session.loadConfig(Session.plugins(), common.config, common.sandbox);
        int slots = c.gateways().stream().mapToInt(g -> g.addresses()).sum();
        spec.commandLine().getOut().println(common.config + ": valid (owner " + c.owner() + "; " + c.clouds().size()
                + " cloud account(s), " + c.firewalls().size() + " firewall(s), " + c.gateways().size()
                + " gateway(s), " + slots + " slot(s))");
        return Main.OK;
    }
}
