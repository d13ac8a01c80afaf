package dev.gatewarden.cli;

import dev.gatewarden.sandbox.SandboxStore;
import dev.gatewarden.sandbox.admin.SandboxAdmin;
import dev.gatewarden.sandbox.admin.SandboxEndpoints;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
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

    @Command(name = "serve", description = "Run the world's simulators (by default the quickstart's: EC2, PAN-OS "
            + "dc1-pa, FortiOS dc2-fgt, plus a Panorama) in the foreground on loopback, print their endpoints and write them to "
            + "endpoints.json in the sandbox directory, with a loopback-only admin endpoint for faults and latency; "
            + "state is saved to the sandbox directory on exit (Ctrl-C or SIGTERM).")
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
            CountDownLatch saved = new CountDownLatch(1);
            // SIGTERM / Ctrl-C: stop serving, and hold the JVM until the state is saved
            Thread hook = new Thread(() -> {
                stop.countDown();
                try {
                    saved.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "sandbox-stop");
            try {
                try (SandboxRuntime rt = SandboxRuntime.serveWorld(world);
                     SandboxAdmin admin = new SandboxAdmin(rt.simulators())) {
                    URI adminUri = admin.start(0);
                    Path dir = SandboxRuntime.store().dir();
                    Path endpoints = SandboxEndpoints.write(dir, rt.simulators(), rt.caFile(), credentials(), adminUri);
                    out.println("Sandbox state: " + dir);
                    out.println("CA certificate of the simulators (trust it, or pin it): " + rt.caFile());
                    rt.endpoints().forEach((k, v) -> out.println("  " + k + "  " + v));
                    out.println("Loopback-only fixture credentials (they protect nothing): "
                            + String.join("; ", SandboxRuntime.credentialNotes()));
                    out.println("Admin endpoint (faults, latency, call counts; loopback only): " + adminUri);
                    out.println("Endpoints as JSON: " + endpoints);
                    out.println("Serving until interrupted (Ctrl-C); the state is saved on exit.");
                    out.flush();
                    Runtime.getRuntime().addShutdownHook(hook);
                    try {
                        stop.await();
                    } finally {
                        SandboxEndpoints.remove(dir);
                    }
                } // closing the runtime saves every simulator's state
            } finally {
                saved.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook is running: it returns now that the state is saved
                }
            }
            return Main.OK;
        }

        private static Map<String, Map<String, String>> credentials() {
            Map<String, Map<String, String>> c = new LinkedHashMap<>();
            c.put("ec2", Map.of("accessKeyId", dev.gatewarden.sandbox.ec2.Ec2SandboxBinding.ACCESS_KEY,
                    "secretAccessKey", dev.gatewarden.sandbox.ec2.Ec2SandboxBinding.SECRET_KEY));
            c.put("panos", Map.of("apiKey", dev.gatewarden.sandbox.panos.PanOsSandboxBinding.API_KEY, "username", PanOsDeviceSpec.DEFAULT_ADMIN,
                    "password", PanOsDeviceSpec.DEFAULT_PASSWORD));
            c.put("fortios", Map.of("token", dev.gatewarden.sandbox.fortios.FortiOsSandboxBinding.TOKEN));
            return c;
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
