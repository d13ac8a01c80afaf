package dev.gatewarden.sandbox.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;

/**
 * The sandbox's loopback-only admin endpoint: lets a test in any language queue faults and latency on the running
 * simulators of {@code gatewarden sandbox serve}, read their call counts and tune EC2's eventual consistency. Plain
 * HTTP on 127.0.0.1 with an ephemeral port; it answers only requests whose {@code Host} is a loopback name (so a web
 * page cannot reach it through DNS rebinding). JSON in, JSON out:
 *
 * <pre>
 * GET    /v1/simulators                         every simulator: kind, url, queued faults, call counts
 * POST   /v1/simulators/{sim}/faults            {"operation": "AllocateAddress", "type": "throttle", "times": 1}
 * DELETE /v1/simulators/{sim}/faults            clears queued faults and latency
 * PUT    /v1/simulators/{sim}/latency           {"operation": "*", "ms": 200}
 * GET    /v1/simulators/{sim}/calls             call counts per operation; DELETE resets them
 * PUT    /v1/simulators/{sim}/consistency-lag   {"ms": 2000}   (EC2: new Elastic IPs invisible to Describe)
 * </pre>
 *
 * {@code {sim}} is a simulator's name (e.g. {@code ec2-aws-sandbox}) or its kind ({@code ec2}, {@code panos},
 * {@code fortios}) when only one of that kind runs. Fault types: {@code throttle}, {@code error} (with
 * {@code status}, {@code code}, {@code message}), {@code timeout} ({@code delayMs}), {@code drop},
 * {@code lost-response} (the write takes effect, the answer is lost), {@code commit-failure} (PAN-OS: the next
 * commit job ends FAIL with {@code message}) and {@code lock-held} (PAN-OS: {@code scope} config or commit, held by
 * {@code admin}). {@code operation} is the simulator's operation name as its call counts show it, or {@code *}.
 */
public final class SandboxAdmin implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,100}");
    private static final int MAX_BODY = 64 * 1024;
    private final Map<String, HttpSimulator> simulators;
    private HttpServer server;
    private ExecutorService executor;
    private URI baseUri;

    /** @param simulators name → running simulator (the names {@code sandbox serve} prints) */
    public SandboxAdmin(Map<String, HttpSimulator> simulators) {
        this.simulators = new LinkedHashMap<>(simulators);
    }

    /** Starts on 127.0.0.1 ({@code port} 0: ephemeral) and returns the base URL. */
    public synchronized URI start(int port) {
        if (server != null) {
            return baseUri;
        }
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the sandbox admin endpoint", e);
        }
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sandbox-admin");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
        baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        return baseUri;
    }

    public URI baseUri() {
        if (baseUri == null) {
            throw new IllegalStateException("the sandbox admin endpoint is not started");
        }
        return baseUri;
    }

    private record Answer(int status, JsonNode body) {
    }

    /** A request the admin refuses, with the HTTP status to answer. */
    private static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message);
            this.status = status;
        }
    }

    private void serve(HttpExchange ex) throws IOException {
        Answer answer;
        try (ex) {
            try {
                answer = route(ex);
            } catch (Refused r) {
                answer = new Answer(r.status, JSON.createObjectNode().put("error", r.getMessage()));
            } catch (RuntimeException e) {
                answer = new Answer(500, JSON.createObjectNode().put("error", "admin endpoint failed: " + e));
            }
            byte[] body = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(answer.body());
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(answer.status(), body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private Answer route(HttpExchange ex) throws IOException {
        String host = ex.getRequestHeaders().getFirst("Host");
        String hostName = host == null ? "" : host.replaceFirst(":\\d+$", "").toLowerCase(Locale.ROOT);
        if (!List.of("127.0.0.1", "localhost", "[::1]").contains(hostName)) {
            throw new Refused(403, "the sandbox admin endpoint answers loopback requests only (Host: " + host + ")");
        }
        String method = ex.getRequestMethod();
        String[] parts = ex.getRequestURI().getPath().replaceAll("/+$", "").split("/");
        // "", "v1", "simulators", name, resource
        if (parts.length < 3 || !parts[1].equals("v1") || !parts[2].equals("simulators")) {
            throw new Refused(404, "unknown path " + ex.getRequestURI().getPath() + "; see GET /v1/simulators");
        }
        if (parts.length == 3) {
            requireMethod(method, "GET");
            ObjectNode all = JSON.createObjectNode();
            simulators.forEach((name, sim) -> all.set(name, describe(sim)));
            return new Answer(200, JSON.createObjectNode().set("simulators", all));
        }
        HttpSimulator sim = simulator(parts[3]);
        String resource = parts.length > 4 ? parts[4] : "";
        JsonNode body = method.equals("POST") || method.equals("PUT") ? body(ex) : JSON.createObjectNode();
        switch (resource) {
            case "" -> {
                requireMethod(method, "GET");
                return new Answer(200, describe(sim));
            }
            case "faults" -> {
                if (method.equals("DELETE")) {
                    sim.faults().clear();
                    return new Answer(200, describe(sim));
                }
                requireMethod(method, "POST");
                return new Answer(200, queue(sim, body));
            }
            case "latency" -> {
                requireMethod(method, "PUT");
                String op = text(body, "operation", "*");
                long ms = body.path("ms").asLong(-1);
                if (ms < 0 || ms > 600_000) {
                    throw new Refused(400, "latency: 'ms' must be 0..600000");
                }
                if (op.equals("*")) {
                    sim.faults().latency(Duration.ofMillis(ms));
                } else {
                    sim.faults().latency(op, Duration.ofMillis(ms));
                }
                return new Answer(200, describe(sim));
            }
            case "calls" -> {
                if (method.equals("DELETE")) {
                    sim.calls().reset();
                } else {
                    requireMethod(method, "GET");
                }
                return new Answer(200, JSON.valueToTree(sim.calls().snapshot()));
            }
            case "consistency-lag" -> {
                requireMethod(method, "PUT");
                if (!(sim instanceof Ec2Simulator ec2)) {
                    throw new Refused(400, "consistency-lag applies to EC2 simulators only, not " + sim.kind());
                }
                long ms = body.path("ms").asLong(-1);
                if (ms < 0 || ms > 600_000) {
                    throw new Refused(400, "consistency-lag: 'ms' must be 0..600000");
                }
                ec2.consistencyLag(ms);
                return new Answer(200, JSON.createObjectNode().put("consistencyLagMs", ms));
            }
            default -> throw new Refused(404, "unknown resource '" + resource + "'; use faults, latency, calls or "
                    + "consistency-lag");
        }
    }

    private static void requireMethod(String method, String expected) {
        if (!method.equals(expected)) {
            throw new Refused(405, "use " + expected + " here, not " + method);
        }
    }

    private HttpSimulator simulator(String name) {
        if (!NAME.matcher(name).matches()) {
            throw new Refused(400, "a simulator name is lowercase letters, digits and '-'");
        }
        HttpSimulator sim = simulators.get(name);
        if (sim != null) {
            return sim;
        }
        List<HttpSimulator> ofKind = simulators.values().stream().filter(s -> s.kind().equals(name)).toList();
        if (ofKind.size() == 1) {
            return ofKind.get(0);
        }
        throw new Refused(404, (ofKind.isEmpty() ? "no simulator named " : "several simulators of kind ") + name
                + "; running: " + simulators.keySet());
    }

    private static JsonNode body(HttpExchange ex) throws IOException {
        byte[] raw = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (raw.length > MAX_BODY) {
            throw new Refused(413, "request body larger than " + MAX_BODY + " bytes");
        }
        if (raw.length == 0) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode n = JSON.readTree(new String(raw, StandardCharsets.UTF_8));
            if (!n.isObject()) {
                throw new Refused(400, "the body must be a JSON object");
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Refused(400, "the body is not JSON: " + e.getOriginalMessage());
        }
    }

    private static String text(JsonNode body, String field, String dflt) {
        JsonNode v = body.get(field);
        return v == null || v.isNull() ? dflt : v.asText();
    }

    private static ObjectNode queue(HttpSimulator sim, JsonNode body) {
        String type = text(body, "type", null);
        if (type == null) {
            throw new Refused(400, "faults: 'type' is required (throttle, error, timeout, drop, lost-response, "
                    + "commit-failure, lock-held)");
        }
        String op = text(body, "operation", "*");
        if (op.isBlank() || op.length() > 200) {
            throw new Refused(400, "faults: 'operation' must be an operation name or '*'");
        }
        int times = body.path("times").asInt(1);
        if (times < 1 || times > 1000) {
            throw new Refused(400, "faults: 'times' must be 1..1000");
        }
        String message = text(body, "message", null);
        Fault fault = switch (type) {
            case "throttle" -> Fault.throttle();
            case "error" -> {
                int status = body.path("status").asInt(500);
                if (status < 400 || status > 599) {
                    throw new Refused(400, "faults: an error's 'status' must be 400..599");
                }
                yield Fault.error(status, text(body, "code", null), message);
            }
            case "timeout" -> {
                long ms = body.path("delayMs").asLong(30_000);
                if (ms < 0 || ms > 600_000) {
                    throw new Refused(400, "faults: 'delayMs' must be 0..600000");
                }
                yield Fault.timeout(Duration.ofMillis(ms));
            }
            case "drop" -> Fault.drop();
            case "lost-response" -> Fault.lostResponse();
            case "commit-failure", "lock-held" -> null;
            default -> throw new Refused(400, "faults: unknown type '" + type + "'");
        };
        if (fault == null) {
            stateFault(sim, type, body, times, message);
        } else {
            sim.faults().inject(op, fault, times);
        }
        return describe(sim);
    }

    /** Faults that live in a device's state rather than in one request: PAN-OS commit failures and held locks. */
    private static void stateFault(HttpSimulator sim, String type, JsonNode body, int times, String message) {
        if (!(sim instanceof PanOsSimulator panos)) {
            throw new Refused(400, type + " is simulated by PAN-OS simulators; for " + sim.kind() + " queue an "
                    + "'error' fault on the operation that should fail");
        }
        if (type.equals("commit-failure")) {
            for (int i = 0; i < times; i++) {
                panos.failNextCommit(message == null ? "Commit failed" : message);
            }
            return;
        }
        String admin = text(body, "admin", "other-admin");
        if (!NAME.matcher(admin).matches()) {
            throw new Refused(400, "lock-held: 'admin' must be lowercase letters, digits and '-'");
        }
        switch (text(body, "scope", "config")) {
            case "config" -> panos.holdConfigLock(admin);
            case "commit" -> panos.holdCommitLock(admin);
            default -> throw new Refused(400, "lock-held: 'scope' is config or commit");
        }
    }

    private static ObjectNode describe(HttpSimulator sim) {
        ObjectNode n = JSON.createObjectNode();
        n.put("kind", sim.kind());
        n.put("url", sim.baseUri().toString());
        n.set("queuedFaults", JSON.valueToTree(sim.faults().pending()));
        n.put("latencyMs", sim.faults().latency().toMillis());
        n.set("calls", JSON.valueToTree(sim.calls().snapshot()));
        return n;
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            baseUri = null;
        }
    }
}
