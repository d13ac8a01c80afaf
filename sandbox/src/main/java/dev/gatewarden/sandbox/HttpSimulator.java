package dev.gatewarden.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every protocol simulator: a loopback HTTP(S) server (127.0.0.1, ephemeral port), per-operation call
 * counting, injected latency and faults, and JSON snapshots of the state for persistence. Requests are handled one
 * at a time (state is in memory and simple); subclasses implement the vendor protocol.
 */
public abstract class HttpSimulator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HttpSimulator.class);

    static {
        // The JDK server delays small responses by ~40 ms (Nagle) unless told otherwise; read once, before the
        // first server starts.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }
    private final CallCounter calls = new CallCounter();
    private final Faults faults = new Faults();
    private final Object lock = new Object();
    private HttpServer server;
    private RequestLineFront front;
    private ExecutorService executor;
    private URI baseUri;

    /** Short id, e.g. {@code ec2}, {@code panos}, {@code fortios}. */
    public abstract String kind();

    /** The operation a request is, for counting and fault matching (e.g. {@code DescribeAddresses}). */
    protected abstract String operation(SimRequest request);

    /** Serves one request; called under the simulator's lock. */
    protected abstract SimResponse handle(SimRequest request, String operation) throws Exception;

    /** Renders an injected ERROR or THROTTLE fault in the vendor's envelope. */
    protected abstract SimResponse renderFault(Fault fault, SimRequest request, String operation);

    /** The whole state as JSON, for persistence between CLI runs. */
    public abstract JsonNode snapshot();

    /** Replaces the state with a snapshot. */
    public abstract void restore(JsonNode snapshot);

    /**
     * Whether the vendor accepts request targets that {@link java.net.URI} refuses, such as a raw {@code |} or
     * {@code <} in the query string (default false). When true, a {@link RequestLineFront} takes the connections
     * and encodes just those characters, so the request reaches {@link #handle} with its parameters unchanged
     * instead of the JDK server's HTML 400.
     */
    protected boolean acceptsRawQueryCharacters() {
        return false;
    }

    /** Renders an unexpected exception (a simulator bug) as a 500 in the vendor's envelope. */
    protected SimResponse internalError(Exception e, SimRequest request, String operation) {
        return renderFault(Fault.error(500, "InternalError", "simulator error: " + e), request, operation);
    }

    public CallCounter calls() {
        return calls;
    }

    public Faults faults() {
        return faults;
    }

    /** Runs {@code action} under the simulator's lock, for tests that inspect or seed state directly. */
    public <T> T locked(java.util.function.Supplier<T> action) {
        synchronized (lock) {
            return action.get();
        }
    }

    /** Starts on 127.0.0.1 with an ephemeral port; with {@code tls}, presents the {@link SandboxTls} certificate. */
    public synchronized URI start(boolean tls) {
        return start(tls, 0);
    }

    public synchronized URI start(boolean tls, int port) {
        if (server != null) {
            return baseUri;
        }
        boolean fronted = acceptsRawQueryCharacters();
        try {
            InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), fronted ? 0 : port);
            if (fronted) {
                server = HttpServer.create(addr, 64);
            } else if (tls) {
                HttpsServer s = HttpsServer.create(addr, 64);
                s.setHttpsConfigurator(new HttpsConfigurator(SandboxTls.serverContext()));
                server = s;
            } else {
                server = HttpServer.create(addr, 64);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the " + kind() + " simulator", e);
        }
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "sim-" + kind());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        startDaemon(server);
        int served = server.getAddress().getPort();
        if (fronted) {
            try {
                front = new RequestLineFront(kind(), tls, port, server.getAddress());
            } catch (IOException e) {
                server.stop(0);
                executor.shutdownNow();
                server = null;
                throw new UncheckedIOException("cannot start the " + kind() + " simulator", e);
            }
            served = front.port();
        }
        baseUri = URI.create((tls ? "https" : "http") + "://127.0.0.1:" + served);
        return baseUri;
    }

    /**
     * Starts the JDK server from a daemon thread: its dispatcher thread inherits that, so a simulator never keeps the
     * JVM alive (a sandbox CLI that fails, even with an OutOfMemoryError, still exits).
     */
    private void startDaemon(HttpServer s) {
        Thread starter = new Thread(s::start, "sim-" + kind() + "-start");
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the " + kind() + " simulator", e);
        }
    }

    public URI baseUri() {
        if (baseUri == null) {
            throw new IllegalStateException(kind() + " simulator not started");
        }
        return baseUri;
    }

    private void serve(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        String[] served = {null};
        try (exchange) {
            serve(exchange, served);
        } finally {
            if (served[0] != null) {
                calls.span(served[0], start, System.nanoTime());
            }
        }
    }

    private void serve(HttpExchange exchange, String[] served) throws IOException {
        SimRequest request = toRequest(exchange);
        String op;
        synchronized (lock) {
            op = operation(request);
        }
        calls.record(op);
        served[0] = op;
        long latency = faults.latency(op).toMillis();
        if (latency > 0) {
            sleep(latency);
        }
        Optional<Fault> fault = faults.next(op);
        SimResponse response;
        if (fault.isPresent() && fault.get().type() == Fault.Type.DROP) {
            LOG.debug("{}: dropping connection for {}", kind(), op);
            exchange.getHttpContext().getServer();
            exchange.getResponseBody().close();
            return;
        }
        if (fault.isPresent() && fault.get().type() == Fault.Type.TIMEOUT) {
            sleep(fault.get().delay().toMillis());
        }
        boolean lost = fault.isPresent() && fault.get().type() == Fault.Type.LOST_RESPONSE;
        if (fault.isPresent() && fault.get().type() != Fault.Type.TIMEOUT && !lost) {
            response = renderFault(fault.get(), request, op);
        } else {
            synchronized (lock) {
                try {
                    response = handle(request, op);
                } catch (Exception e) {
                    LOG.warn("{} simulator failed on {}: {}", kind(), op, e.toString(), e);
                    response = internalError(e, request, op);
                }
            }
        }
        if (lost) {
            LOG.debug("{}: served {} and lost its response", kind(), op);
            exchange.getResponseBody().close();
            return;
        }
        send(exchange, response);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static SimRequest toRequest(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readAllBytes();
        Map<String, List<String>> headers = new LinkedHashMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), new ArrayList<>(v)));
        URI uri = ex.getRequestURI();
        return new SimRequest(ex.getRequestMethod(), uri, uri.getPath(), SimRequest.parseForm(uri.getRawQuery()),
                headers, body);
    }

    private static void send(HttpExchange ex, SimResponse r) throws IOException {
        if (r.contentType() != null) {
            ex.getResponseHeaders().set("Content-Type", r.contentType());
        }
        r.headers().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        boolean empty = r.body().length == 0;
        ex.sendResponseHeaders(r.status(), empty ? -1 : r.body().length);
        if (!empty) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(r.body());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (front != null) {
            front.close();
            front = null;
        }
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            baseUri = null;
        }
    }
}
