package dev.gatewarden.cli;

import dev.gatewarden.apply.ChangeResult;
import dev.gatewarden.apply.ProgressListener;
import dev.gatewarden.plan.Phase;
import java.io.PrintWriter;
import java.util.Locale;

/** Apply progress on stderr: a line rewritten in place on a terminal, plain lines otherwise. */
final class Progress implements ProgressListener {
    private final PrintWriter err;
    private final boolean terminal;

    Progress(PrintWriter err, boolean terminal) {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public void phaseStarted(Phase phase, int changes) {
        if (!terminal) {
            err.println("phase " + phase.number() + "/7 " + phase.label() + ": " + changes + " change(s)");
            err.flush();
        }
    }

    @Override
    public void changed(Phase phase, int n, int total, ChangeResult result) {
        String line = "[" + n + "/" + total + "] phase " + phase.number() + " " + phase.label() + ": "
                + result.change().target() + " " + result.change().action() + " "
                + (result.change().slot() == null ? "" : result.change().slot() + " ")
                + result.outcome().name().toLowerCase(Locale.ROOT);
        if (terminal) {
            err.print("\r\033[K" + line);
            if (n == total) {
                err.println();
            }
        } else {
            err.println(line);
        }
        err.flush();
    }
}
