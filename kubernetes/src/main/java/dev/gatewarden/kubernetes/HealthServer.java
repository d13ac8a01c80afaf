package dev.gatewarden.kubernetes;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz} (the loop is alive), {@code /readyz} (started, watches synced) and {@code /metrics}
 * (Prometheus text format) on the JDK's HTTP server. Binds where told: 127.0.0.1 by default, 0.0.0.0 in a cluster.
 */
public final class HealthServer implements AutoCloseable {
    public static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private final HttpServer server;
    private final ExecutorService executor;

    private HealthServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static HealthServer start(InetSocketAddress address, BooleanSupplier live, BooleanSupplier ready,
                                     Supplier<String> metrics) {
        try {
            HttpServer s = HttpServer.create(address, 16);
            s.createContext("/healthz", x -> probe(x, live.getAsBoolean()));
            s.createContext("/readyz", x -> probe(x, ready.getAsBoolean()));
            s.createContext("/metrics", x -> {
                if (!x.getRequestMethod().equals("GET")) {
                    send(x, 405, "text/plain", "GET only\n");
                } else {
                    send(x, 200, PROMETHEUS_TEXT, metrics.get());
                }
            });
            s.createContext("/", x -> send(x, 404, "text/plain", "try /healthz, /readyz or /metrics\n"));
            ExecutorService ex = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "gatewarden-http");
                t.setDaemon(true);
                return t;
            });
            s.setExecutor(ex);
            s.start();
            return new HealthServer(s, ex);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve health and metrics on " + address
                    + ": is the port in use? choose another with --http-port", e);
        }
    }

    private static void probe(HttpExchange x, boolean ok) throws IOException {
        send(x, ok ? 200 : 503, "text/plain", ok ? "ok\n" : "not ok\n");
    }

    private static void send(HttpExchange x, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        x.getResponseHeaders().set("Content-Type", type);
        x.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(bytes);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
