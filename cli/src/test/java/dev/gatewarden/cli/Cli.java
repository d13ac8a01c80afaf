package dev.gatewarden.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;

/** Runs the CLI in-process and captures everything it prints (stdout, stderr and logs). */
final class Cli {
    record Result(int exit, String out, String err) {
        String all() {
            return out + "\n" + err;
        }
    }

    static synchronized Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        PrintStream oldErr = System.err;
        PrintStream oldOut = System.out;
        ByteArrayOutputStream logs = new ByteArrayOutputStream();
        PrintStream capture = new PrintStream(logs, true, StandardCharsets.UTF_8);
        System.setErr(capture);
        System.setOut(capture);
        int exit;
        try {
            exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        } finally {
            System.setErr(oldErr);
            System.setOut(oldOut);
        }
        return new Result(exit, out.toString(), err + logs.toString(StandardCharsets.UTF_8));
    }

    private Cli() {
    }
}
