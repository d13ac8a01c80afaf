package dev.gatewarden.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import dev.gatewarden.spi.CloudScope;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * An endpoint (a proxy, a load balancer) answering 500 with an empty body, through the real SDK: the message says
 * so (before: "(null: null)") and the failure is transient.
 */
class Ec2EmptyErrorTest {
    @Test
    void aFiveHundredWithoutABodyIsDescribed() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", x -> {
            x.getRequestBody().readAllBytes();
            x.sendResponseHeaders(500, -1);
            x.close();
        });
        server.start();
        try (CloudProvider p = new AwsCloudProviderFactory().create("aws-x", Settings.of("clouds[aws-x]", Map.of(
                        "region", "eu-west-1", "endpoint", "http://127.0.0.1:" + server.getAddress().getPort(),
                        "accessKeyId", new Secret("${env:A}", "AKIDEMPTYBODY0000000"),
                        "secretAccessKey", new Secret("${env:S}", "secret-empty-body-000"), "maxAttempts", 1)),
                new PluginContext("o", new CallRecorder(), null))) {
            ProviderException e = assertThrows(ProviderException.class, () -> p.observe(new CloudScope("o",
                    List.of(NodeRef.parse("aws:///eu-west-1a/i-0a1b2c3d4e5f60001")), List.of("g"))));
            assertFalse(e.getMessage().contains("null"), e.getMessage());
            assertTrue(e.getMessage().contains("(HTTP 500 without an error document): EC2 failed; the next round "
                    + "retries"), e.getMessage());
            assertTrue(e.isTransient(), "a 500 is retried next round");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void detailsSayWhatIsKnown() {
        assertEquals("HTTP 502 without an error document", Ec2Errors.details(502, null, null));
        assertEquals("HTTP 400: bad", Ec2Errors.details(400, null, "bad"));
        assertEquals("InternalError", Ec2Errors.details(500, "InternalError", ""));
        assertEquals("AuthFailure: no", Ec2Errors.details(401, "AuthFailure", "no"));
    }
}
