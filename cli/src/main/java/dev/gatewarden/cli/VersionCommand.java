package dev.gatewarden.cli;

import dev.gatewarden.spi.Plugins;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Spec;

@Command(name = "version", description = "Print the version and the installed plugins.")
final class VersionCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    static List<String> lines() {
        Plugins p = Session.plugins();
        List<String> lines = new ArrayList<>();
        lines.add("gatewarden " + version() + " (Java " + Runtime.version() + ")");
        p.clouds().forEach((id, f) -> lines.add("  cloud provider   " + id + ": " + f.description()));
        p.firewalls().forEach((id, f) -> lines.add("  firewall adapter " + id + ": " + f.description()));
        return lines;
    }

    @Override
    public Integer call() {
        lines().forEach(spec.commandLine().getOut()::println);
        return Main.OK;
    }

    static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return lines().toArray(String[]::new);
        }
    }
}
