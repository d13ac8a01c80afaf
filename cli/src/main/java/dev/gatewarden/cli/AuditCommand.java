package dev.gatewarden.cli;

import dev.gatewarden.audit.AuditVerifier;
import dev.gatewarden.audit.VerifyResult;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", description = "Work with the audit log.", subcommands = AuditCommand.Verify.class)
final class AuditCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", description = "Check the hash chain of an audit log: an edited, removed or reordered "
            + "line is reported. Exit 0: intact; 1: tampered or unreadable.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            VerifyResult r = AuditVerifier.verify(file);
            if (r.ok()) {
                spec.commandLine().getOut().println(file + ": intact (" + r.linesChecked() + " entries)");
                return Main.OK;
            }
            spec.commandLine().getOut().println(file + ": NOT INTACT at line " + r.firstProblemLine() + ": " + r.problem());
            return Main.ERROR;
        }
    }
}
