package dev.gatewarden.cli;

import dev.gatewarden.audit.AuditKey;
import dev.gatewarden.audit.AuditVerifier;
import dev.gatewarden.audit.VerifyResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit", description = "Work with the audit log.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Head.class})
final class AuditCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Check an audit log: its hash chain (an edited, removed or reordered "
            + "line), with --key every line's seal and the sealed head (a rewrite with recomputed hashes, a forged "
            + "line, lines cut off the end), with --expect an anchor kept elsewhere. Intents with no outcome are "
            + "listed as 'outcome unknown'. Exit 0: intact; 1: tampered or unreadable.")
    static final class Verify implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--key", paramLabel = "REF", description = "the key the log was sealed with, by reference: "
                + "$${env:NAME} or $${file:/path} (the HMAC secret, or the Ed25519 public or private key in PEM)")
        String key;

        @Option(names = "--expect", paramLabel = "SEQ:HASH",
                description = "an anchor printed earlier by 'audit head': the line SEQ must still have this HASH")
        String expect;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            AuditKey k = key == null ? null : AuditKeys.resolve(key, "--key");
            AuditVerifier.Anchor anchor;
            try {
                anchor = expect == null ? null : AuditVerifier.Anchor.parse(expect);
            } catch (IllegalArgumentException e) {
                throw new dev.gatewarden.GatewardenException.ConfigException("--expect: " + e.getMessage());
            }
            VerifyResult r = AuditVerifier.verify(file, k, anchor);
            PrintWriter out = spec.commandLine().getOut();
            if (r.ok()) {
                out.println(file + ": intact (" + r.linesChecked() + " entries"
                        + (r.sealChecked() ? ", every seal verified with " + k : "")
                        + (anchor == null ? "" : ", matches the anchor " + expect) + "); head " + r.head());
            } else {
                out.println(file + ": NOT INTACT at line " + r.firstProblemLine() + ": " + r.problem());
            }
            for (String note : r.notes()) {
                out.println("note: " + note);
            }
            for (String unknown : r.outcomeUnknown()) {
                out.println("outcome unknown: " + unknown + " (the run stopped between the call and its record; "
                        + "check the target, the next run repairs what is missing)");
            }
            return r.ok() ? Main.OK : Main.ERROR;
        }
    }

    @Command(name = "head", mixinStandardHelpOptions = true, description = "Print the log's last seq and hash as SEQ:HASH: keep it elsewhere (a "
            + "ticket, a change record) and check the log against it later with 'audit verify --expect SEQ:HASH'. "
            + "Exit 1 when the chain up to there is broken.")
    static final class Head implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            VerifyResult r = AuditVerifier.verify(file);
            spec.commandLine().getOut().println(r.head());
            if (!r.ok()) {
                spec.commandLine().getErr().println("error: " + file + " is not intact at line "
                        + r.firstProblemLine() + ": " + r.problem() + "; the head printed is the last intact line");
                return Main.ERROR;
            }
            return Main.OK;
        }
    }
}
