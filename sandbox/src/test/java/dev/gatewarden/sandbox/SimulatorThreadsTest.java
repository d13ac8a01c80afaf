package dev.gatewarden.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.sandbox.fortios.FortiOsSimulator;
import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Running simulators never keep the JVM alive: every thread they start (the JDK server's dispatcher too) is a daemon. */
class SimulatorThreadsTest {

    private static Set<Thread> nonDaemon() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !t.isDaemon() && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void simulatorsStartOnlyDaemonThreads() throws Exception {
        assertTrue(!Thread.currentThread().isDaemon(), "started from a non-daemon thread, as the CLI's main is");
        Set<Thread> before = nonDaemon();
        List<HttpSimulator> sims = List.of(new Ec2Simulator(Ec2World.defaultWorld()),
                new PanOsSimulator(PanOsDeviceSpec.firewall("pa", "k")), new FortiOsSimulator());
        try {
            URI ec2 = sims.get(0).start(false);
            sims.get(1).start(true);
            sims.get(2).start(false);
            // serve a request, so that handler threads exist too
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(ec2.resolve("/"))
                    .POST(HttpRequest.BodyPublishers.ofString("Action=DescribeAddresses&Version=2016-11-15"))
                    .header("Content-Type", "application/x-www-form-urlencoded").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(r.statusCode() > 0);
            Set<Thread> added = nonDaemon();
            added.removeAll(before);
            added.removeIf(t -> t.getName().startsWith("HttpClient-"));
            assertEquals(Set.of(), added.stream().map(Thread::getName).collect(Collectors.toSet()));
        } finally {
            sims.forEach(HttpSimulator::close);
        }
    }
}
