package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.io.IOException;
import java.util.List;

/**
 * The REST API's JSON envelope (method, revision, VDOM, path, status, serial, version, build) with the device values
 * it reports: the version and build, the serial, and the config {@code revision} that committed writes advance.
 */
final class FortiOsEnvelope {
    static final ObjectMapper MAPPER = new ObjectMapper();

    String version = FortiOsSimulator.DEFAULT_VERSION;
    int build = 1517;
    String serial = "FGVMSIM000000001";
    long revision = 1;

    /** The request's JSON body; an empty or non-JSON body is refused as FortiOS does. */
    static JsonNode body(SimRequest request) {
        if (request.body().length == 0) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "request body is empty");
        }
        try {
            return MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw new FortiOsError(400, 0, "request body is not JSON: " + e.getMessage());
        }
    }

    /** The envelope every answer starts from; {@code table} adds {@code path} ({@code firewall}) and {@code name}. */
    ObjectNode create(SimRequest request, String vdom, String table, int status) {
        return create(request, vdom, table == null ? null : "firewall", table, status);
    }

    private ObjectNode create(SimRequest request, String vdom, String path, String name, int status) {
        ObjectNode env = MAPPER.createObjectNode();
        env.put("http_method", request.method());
        env.put("revision", String.format("%032x", revision));
        env.put("vdom", vdom);
        if (path != null) {
            env.put("path", path);
        }
        if (name != null) {
            env.put("name", name);
        }
        env.put("status", status == 200 ? "success" : "error");
        env.put("http_status", status);
        env.put("serial", serial);
        env.put("version", version);
        env.put("build", build);
        return env;
    }

    /** Puts the GET fields in FortiOS's order (results before vdom/path/name), for readability. */
    static ObjectNode reorder(ObjectNode env) {
        ObjectNode out = MAPPER.createObjectNode();
        for (String k : List.of("http_method", "size", "matched_count", "next_idx", "revision", "results")) {
            if (env.has(k)) {
                out.set(k, env.get(k));
            }
        }
        env.fields().forEachRemaining(f -> {
            if (!out.has(f.getKey())) {
                out.set(f.getKey(), f.getValue());
            }
        });
        return out;
    }

    SimResponse error(SimRequest request, String vdom, String table, FortiOsError e) {
        return error(request, vdom, table == null ? null : "firewall", table, e);
    }

    /** An error about {@code path}/{@code name} (e.g. {@code system}/{@code status} for a path that is not there). */
    SimResponse error(SimRequest request, String vdom, String path, String name, FortiOsError e) {
        ObjectNode env = create(request, vdom, path, name, e.httpStatus());
        env.put("revision_changed", false);
        if (e.error() != 0) {
            env.put("error", e.error());
            // the CLI's own words, as FortiOS relays them: the reason, then "Command fail. Return code -N"
            env.put("cli_error", e.getMessage() + "\n\nCommand fail. Return code " + e.error());
        }
        return respond(env);
    }

    /** A bad or missing token: 401 with no VDOM, path or revision. */
    SimResponse unauthorized(SimRequest request) {
        ObjectNode env = MAPPER.createObjectNode();
        env.put("http_method", request.method());
        env.put("status", "error");
        env.put("http_status", 401);
        env.put("serial", serial);
        env.put("version", version);
        env.put("build", build);
        return respond(env);
    }

    /** {@code GET /api/v2/monitor/system/status}: model, hostname and the version clients check on connect. */
    SimResponse systemStatus(SimRequest request, String vdom) {
        if (!request.method().equals("GET")) {
            throw new FortiOsError(405, 0, "monitor/system/status is read only");
        }
        ObjectNode env = MAPPER.createObjectNode();
        env.put("http_method", "GET");
        ObjectNode r = env.putObject("results");
        r.put("model_name", "FortiGate");
        r.put("model_number", "VM64");
        r.put("model", "FGVM64");
        r.put("hostname", "FGVM-SANDBOX");
        r.put("log_disk_status", "available");
        env.put("vdom", vdom);
        env.put("path", "system");
        env.put("name", "status");
        env.put("action", "");
        env.put("status", "success");
        env.put("serial", serial);
        env.put("version", version);
        env.put("build", build);
        return respond(env);
    }

    /** The JSON of a response this simulator made (for {@code global=1}, which lists per-VDOM answers). */
    static JsonNode parse(SimResponse response) {
        try {
            return MAPPER.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("the simulator answered something that is not JSON", e);
        }
    }

    static SimResponse respond(ObjectNode env) {
        return SimResponse.json(env.path("http_status").asInt(200), env.toString());
    }
}
