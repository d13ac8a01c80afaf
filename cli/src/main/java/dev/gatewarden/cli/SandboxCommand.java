package dev.gatewarden.cli;

import dev.gatewarden.sandbox.SandboxStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "sandbox", description = "The embedded simulators (EC2, PAN-OS, FortiOS) used by --sandbox.",
        subcommands = {SandboxCommand.Serve.class, SandboxCommand.Reset.class})
final class SandboxCommand implements Runnable {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "serve", description = "Run the world's simulators in the foreground on loopback and print their "
            + "endpoints; state is saved to the sandbox directory on exit (Ctrl-C).")
    static final class Serve implements Callable<Integer> {
        @Option(names = "--world", paramLabel = "FILE", description = "seed from this world file (default: built-in)")
        Path world;

        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        /** Counted down by the shutdown hook; tests count it down to stop serving. */
        final CountDownLatch stop = new CountDownLatch(1);

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter out = spec.commandLine().getOut();
            try (SandboxRuntime rt = SandboxRuntime.serveWorld(world)) {
                out.println("Sandbox state: " + SandboxRuntime.store().dir());
                out.println("CA certificate of the simulators (trust it, or pin it): " + rt.caFile());
                rt.endpoints().forEach((k, v) -> out.println("  " + k + "  " + v));
                out.println("Loopback-only fixture credentials (they protect nothing): "
                        + String.join("; ", SandboxRuntime.credentialNotes()));
                out.println("Serving until interrupted (Ctrl-C).");
                out.flush();
                Thread hook = new Thread(stop::countDown, "sandbox-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                stop.await();
            }
            return Main.OK;
        }
    }

    @Command(name = "reset", description = "Delete the persisted sandbox world (.gatewarden-sandbox/ or "
            + "$GATEWARDEN_SANDBOX_DIR); the next --sandbox run starts from the seed.")
    static final class Reset implements Callable<Integer> {
        @Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            SandboxStore store = SandboxRuntime.store();
            store.reset();
            spec.commandLine().getOut().println("Sandbox reset: " + store.dir() + " cleared.");
            return Main.OK;
        }
    }
}
