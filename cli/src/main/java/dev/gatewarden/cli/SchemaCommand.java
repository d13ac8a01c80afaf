package dev.gatewarden.cli;

import dev.gatewarden.config.ConfigSchema;
import dev.gatewarden.config.PluginCatalog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "schema", description = "Print the JSON Schema of the config file (for editors), including every "
        + "installed plugin's settings.")
final class SchemaCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println(ConfigSchema.generate(PluginCatalog.of(Session.plugins())));
        return Main.OK;
    }
}
