package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gatewarden completion bash|zsh} prints a script that completes subcommands and options. */
class CompletionCliTest {
    @TempDir
    Path dir;

    @Test
    void bashScriptNamesEverySubcommandAndOptions() {
        Cli.Result r = Cli.run("completion", "bash");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().contains("complete -F") && r.out().contains("gatewarden"), r.out());
        for (String sub : new String[] {"validate", "plan", "apply", "reconcile", "synth", "completion", "version"}) {
            assertTrue(r.out().contains(sub), sub);
        }
        assertTrue(r.out().contains("--resolve-secrets"), "validate's options are completed");
    }

    @Test
    void zshScriptLoadsBashcompinit() {
        Cli.Result r = Cli.run("completion", "zsh");
        assertEquals(0, r.exit(), r.all());
        assertTrue(r.out().startsWith("# gatewarden completion for zsh"), r.out());
        assertTrue(r.out().contains("ZSH_VERSION") && r.out().contains("bashcompinit")
                && r.out().contains("complete -F"), r.out());
    }

    @Test
    void unknownShellIsRefused() {
        Cli.Result r = Cli.run("completion", "fish");
        assertEquals(2, r.exit(), r.all());
        assertTrue(r.err().contains("bash, zsh"), r.err());
    }

    /** Sources the script in a real bash and asks it to complete {@code gatewarden val}. */
    @Test
    void bashCompletesASubcommand() throws IOException, InterruptedException {
        Path bash = Path.of("/bin/bash");
        Assumptions.assumeTrue(Files.isExecutable(bash), "bash is not installed");
        Path script = dir.resolve("gatewarden.bash");
        Files.writeString(script, Cli.run("completion", "bash").out(), StandardCharsets.UTF_8);
        String probe = "source " + script + "; COMP_WORDS=(gatewarden val); COMP_CWORD=1; COMP_LINE='gatewarden val'; "
                + "COMP_POINT=${#COMP_LINE}; _complete_gatewarden; printf '%s\\n' \"${COMPREPLY[@]}\"";
        Process p = new ProcessBuilder(bash.toString(), "-c", probe).redirectErrorStream(true).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "bash finished");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), out);
        assertEquals("validate", out.trim(), out);
    }
}
