package dev.gatewarden.cli;

import dev.gatewarden.GatewardenException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gatewarden} command. Output goes to stdout, logs to stderr. */
@Command(name = "gatewarden", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Fixed cloud egress IPs for Kubernetes egress gateways, and firewalls that follow them.",
        subcommands = {ValidateCommand.class, PlanCommand.class, ApplyCommand.class, StatusCommand.class,
                ReconcileCommand.class, SandboxCommand.class, AuditCommand.class, SchemaCommand.class, SynthCommand.class,
                CompletionCommand.class, VersionCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    /** Exit code: success (plan: nothing to change). */
    public static final int OK = 0;
    /** Exit code: an error (bad input, a failed change, an unreachable target). */
    public static final int ERROR = 1;
    /** Exit code of {@code plan}: changes are pending. */
    public static final int CHANGES = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        int code = ERROR;
        try {
            Redaction.installOnStandardStreams();
            Logging.configure(args);
            code = execute(commandLine(new PrintWriter(System.out, true), new PrintWriter(System.err, true)), args);
        } finally {
            // always ends the process, whatever thread (a simulator's HTTP dispatcher, an SDK's pool) is still alive
            System.exit(code);
        }
    }

    /**
     * Runs the command line; an {@link Error} (out of memory, a stack overflow, a missing class) ends it with one
     * line on the error writer and exit code {@link #ERROR}, never a stack trace (unless {@code --debug}).
     */
    static int execute(CommandLine cl, String[] args) {
        try {
            return cl.execute(args);
        } catch (Throwable t) {
            PrintWriter e = cl.getErr();
            e.println("error: internal error " + t.getClass().getSimpleName()
                    + (t.getMessage() == null ? "" : ": " + t.getMessage()) + "; nothing more is done. Rerun with --debug "
                    + "for the details and report it if it repeats");
            if (Boolean.getBoolean("gatewarden.debug")) {
                t.printStackTrace(e);
            }
            e.flush();
            return ERROR;
        }
    }

    /**
     * A command line whose output and errors go to the given writers (tests capture them), with every known secret
     * redacted.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(Redaction.writer(out));
        cl.setErr(Redaction.writer(err));
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler((ex, line, parse) -> {
            PrintWriter e = line.getErr();
            if (ex instanceof GatewardenException) {
                e.println("error: " + ex.getMessage());
            } else {
                e.println("error: " + ex);
                if (Boolean.getBoolean("gatewarden.debug")) {
                    ex.printStackTrace(e);
                }
            }
            e.flush();
            return ERROR;
        });
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
