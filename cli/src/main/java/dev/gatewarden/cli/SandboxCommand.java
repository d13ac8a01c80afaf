package dev.gatewarden.cli;

import dev.gatewarden.sandbox.SandboxStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
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
            // SIGTERM and Ctrl-C run the shutdown hook; the JVM halts when the hook returns, so the hook waits
            // until the world is saved (the runtime's close) before it returns
            CountDownLatch saved = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    saved.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sandbox-stop");
            try {
                try (SandboxRuntime rt = SandboxRuntime.serveWorld(world)) {
                    out.println("Sandbox state: " + SandboxRuntime.store().dir());
                    out.println("CA certificate of the simulators (trust it, or pin it): " + rt.caFile());
                    rt.endpoints().forEach((k, v) -> out.println("  " + k + "  " + v));
                    out.println("Loopback-only fixture credentials (they protect nothing): EC2 access key id "
                            + SandboxRuntime.AWS_ACCESS_KEY + " (any secret key; signatures are not checked); PAN-OS "
                            + "X-PAN-KEY " + SandboxRuntime.PANOS_API_KEY + "; FortiOS bearer token "
                            + SandboxRuntime.FORTIOS_TOKEN);
                    out.println("Serving until interrupted (Ctrl-C or SIGTERM); the state is saved then.");
                    out.flush();
                    Runtime.getRuntime().addShutdownHook(hook);
                    stop.await();
                }
            } finally {
                saved.countDown();
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
