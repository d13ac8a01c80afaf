package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A FortiOS REST API ({@code /api/v2/cmdb/firewall/{address,address6,addrgrp,addrgrp6}}) over loopback: the JSON
 * envelope, Bearer / {@code access_token} auth with per-token write permission and VDOM scope, several VDOMs,
 * {@code filter}/{@code format}/{@code start}/{@code count}, referential integrity, and the batch transaction API
 * ({@code POST /api/v2/cmdb?action=transaction-start|commit|abort}, header {@code X-TRANSACTION-ID}) on versions
 * 6.4 and later.
 *
 * <p>Transactions: writes carrying {@code X-TRANSACTION-ID} are validated against the transaction's own view (the
 * VDOM at start plus the transaction's earlier writes) and answered at once, but the VDOM only changes at commit,
 * when they are replayed atomically; reads with the header see the transaction's view, reads without it do not.
 * Abort, or expiry after {@code timeout} seconds without a call carrying the id, discards them. Changes inside a transaction do not change the
 * {@code revision}. (FortiOS documents the start/commit/abort calls but not the visibility rules; this is the
 * CLI workspace-mode behaviour.)
 *
 * <p>Operations for counting and fault injection: {@code GET firewall/address}, {@code POST firewall/addrgrp}, …,
 * {@code transaction-start}, {@code transaction-commit}, {@code transaction-abort}.
 */
public final class FortiOsSimulator extends HttpSimulator {
    public static final String DEFAULT_VERSION = "v7.2.5";
    public static final String TRANSACTION_HEADER = "X-TRANSACTION-ID";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String CMDB = "/api/v2/cmdb";
    private static final String FIREWALL = CMDB + "/firewall/";
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");
    private static final Set<String> WRITES = Set.of("POST", "PUT", "DELETE");

    /** What a token may do: write or read only, in the listed VDOMs (empty: every VDOM). */
    public record Grant(boolean write, Set<String> vdoms) {
        public Grant {
            vdoms = Set.copyOf(vdoms);
        }

        boolean allows(String vdom) {
            return vdoms.isEmpty() || vdoms.contains(vdom);
        }
    }

    private static final class Transaction {
        final int id;
        final String vdom;
        final Duration timeout;
        Instant expires;
        final FortiOsVdom view;
        final List<Op> ops = new ArrayList<>();

        Transaction(int id, String vdom, Duration timeout, Instant now, FortiOsVdom view) {
            this.id = id;
            this.vdom = vdom;
            this.timeout = timeout;
            this.expires = now.plus(timeout);
            this.view = view;
        }
    }

    private record Op(String method, String table, String mkey, JsonNode body) {
    }

    private final Map<String, FortiOsVdom> vdoms = new TreeMap<>();
    private final Map<String, Grant> tokens = new LinkedHashMap<>();
    private final Map<Integer, Transaction> transactions = new LinkedHashMap<>();
    private String version = DEFAULT_VERSION;
    private int build = 1517;
    private String serial = "FGVMSIM000000001";
    private boolean allowEmptyGroups;
    private int maxEntries;
    private int maxMembers;
    private long revision = 1;
    private int nextTransaction = 1;
    private Clock clock = Clock.systemUTC();

    public FortiOsSimulator() {
        vdoms.put("root", new FortiOsVdom());
    }

    @Override
    public String kind() {
        return "fortios";
    }

    // ---- configuration (seed in code or from a world file section) -------------------------------------------

    /** Adds a VDOM (no-op when present). {@code root} always exists. */
    public FortiOsSimulator vdom(String name) {
        locked(() -> vdoms.computeIfAbsent(name, n -> new FortiOsVdom()));
        return this;
    }

    /** Accepts {@code token}: read-write when {@code write}, limited to {@code vdomScope} (none listed: all). */
    public FortiOsSimulator token(String token, boolean write, String... vdomScope) {
        locked(() -> tokens.put(token, new Grant(write, new LinkedHashSet<>(Arrays.asList(vdomScope)))));
        return this;
    }

    /** The version reported in every envelope, e.g. {@code v6.2.10} (no transactions) or {@code v7.2.5}. */
    public FortiOsSimulator version(String version, int build) {
        if (!VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("version must look like v7.2.5, got " + version);
        }
        locked(() -> {
            this.version = version.startsWith("v") ? version : "v" + version;
            this.build = build;
            return null;
        });
        return this;
    }

    /** Whether an addrgrp may have no member (default false: rejected with -651 "Attribute 'member' MUST be set"). */
    public FortiOsSimulator allowEmptyGroups(boolean allow) {
        locked(() -> this.allowEmptyGroups = allow);
        return this;
    }

    /**
     * Model limits (FortiOS "Maximum Values"): entries per table and VDOM, members per group; 0 = none (default).
     * Exceeding one is error -4.
     */
    public FortiOsSimulator limits(int maxEntriesPerTable, int maxMembersPerGroup) {
        locked(() -> {
            this.maxEntries = Math.max(0, maxEntriesPerTable);
            this.maxMembers = Math.max(0, maxMembersPerGroup);
            return null;
        });
        return this;
    }

    private FortiOsVdom.Rules rules() {
        return new FortiOsVdom.Rules(allowEmptyGroups, maxEntries, maxMembers);
    }

    /** The clock for transaction expiry. */
    public FortiOsSimulator clock(Clock clock) {
        locked(() -> this.clock = clock);
        return this;
    }

    public String version() {
        return locked(() -> version);
    }

    /** Batch transactions exist from FortiOS 6.4 on. */
    public boolean transactionsSupported() {
        return locked(() -> atLeast(version, 6, 4));
    }

    static boolean atLeast(String version, int major, int minor) {
        Matcher m = VERSION.matcher(version);
        if (!m.matches()) {
            return false;
        }
        int ma = Integer.parseInt(m.group(1));
        int mi = Integer.parseInt(m.group(2));
        return ma > major || (ma == major && mi >= minor);
    }

    /**
     * Builds a simulator from a world file's {@code fortios} section:
     * <pre>{"version": "v7.2.5", "build": 1517, "allowEmptyGroups": false, "maxEntriesPerTable": 0,
     *  "maxMembersPerGroup": 0, "vdoms": ["root", "dmz"],
     *  "tokens": [{"token": "…", "write": true, "vdoms": ["root"]}],
     *  "objects": {"root": {"address": [{"name": "a1", "subnet": "10.0.0.1/32"}], "addrgrp": [...]}}}</pre>
     * Objects are created through the same validation as the API (addresses before groups).
     */
    public static FortiOsSimulator fromWorld(JsonNode section) {
        FortiOsSimulator sim = new FortiOsSimulator();
        if (section == null || section.isNull() || section.isMissingNode()) {
            return sim;
        }
        if (section.hasNonNull("version")) {
            sim.version(section.get("version").asText(), section.path("build").asInt(1517));
        }
        sim.allowEmptyGroups(section.path("allowEmptyGroups").asBoolean(false));
        sim.limits(section.path("maxEntriesPerTable").asInt(0), section.path("maxMembersPerGroup").asInt(0));
        for (JsonNode v : section.path("vdoms")) {
            sim.vdom(v.asText());
        }
        for (JsonNode t : section.path("tokens")) {
            List<String> scope = new ArrayList<>();
            t.path("vdoms").forEach(v -> scope.add(v.asText()));
            sim.token(t.path("token").asText(), t.path("write").asBoolean(true), scope.toArray(String[]::new));
        }
        section.path("objects").fields().forEachRemaining(vd -> {
            sim.vdom(vd.getKey());
            for (String table : FortiOsVdom.TABLES) {
                for (JsonNode o : vd.getValue().path(table)) {
                    sim.seed(vd.getKey(), table, o);
                }
            }
        });
        return sim;
    }

    // ---- direct access for tests and the sandbox CLI ---------------------------------------------------------

    /** Creates an entry directly (same validation as POST); IllegalArgumentException when FortiOS would refuse. */
    public void seed(String vdom, String table, JsonNode body) {
        locked(() -> {
            try {
                vdomOrFail(vdom).create(tableOrFail(table), body, rules());
                revision++;
            } catch (FortiOsError e) {
                throw new IllegalArgumentException("FortiOS would refuse " + table + " " + body + ": error "
                        + e.error() + " " + e.getMessage(), e);
            }
            return null;
        });
    }

    /** A copy of one committed entry, or null. */
    public JsonNode entry(String vdom, String table, String name) {
        return locked(() -> {
            ObjectNode o = vdomOrFail(vdom).get(tableOrFail(table), name);
            return o == null ? null : o.deepCopy();
        });
    }

    /** The names in one committed table, in creation order. */
    public List<String> names(String vdom, String table) {
        return locked(() -> vdomOrFail(vdom).list(tableOrFail(table)).stream()
                .map(o -> o.path("name").asText()).toList());
    }

    /** Transactions started and neither committed, aborted nor expired. */
    public int openTransactions() {
        return locked(() -> {
            expireTransactions();
            return transactions.size();
        });
    }

    private FortiOsVdom vdomOrFail(String vdom) {
        FortiOsVdom v = vdoms.get(vdom);
        if (v == null) {
            throw new IllegalArgumentException("no VDOM " + vdom + "; known: " + vdoms.keySet());
        }
        return v;
    }

    private static String tableOrFail(String table) {
        if (!FortiOsVdom.isTable(table)) {
            throw new IllegalArgumentException("no table " + table + "; known: " + FortiOsVdom.TABLES);
        }
        return table;
    }

    // ---- protocol ------------------------------------------------------------------------------------------

    @Override
    protected String operation(SimRequest request) {
        String path = request.uri().getRawPath();
        if ((path.equals(CMDB) || path.equals(CMDB + "/")) && request.queryParam("action") != null) {
            return request.queryParam("action");
        }
        if (path.startsWith(FIREWALL)) {
            String rest = path.substring(FIREWALL.length());
            int slash = rest.indexOf('/');
            return request.method() + " firewall/" + (slash < 0 ? rest : rest.substring(0, slash));
        }
        return request.method() + " " + path;
    }

    @Override
    protected SimResponse handle(SimRequest request, String operation) {
        String path = request.uri().getRawPath();
        String vdom = request.queryParam("vdom") == null ? "root" : request.queryParam("vdom");
        String token = token(request);
        Grant grant = token == null ? null : tokens.get(token);
        if (grant == null) {
            return unauthorized(request);
        }
        expireTransactions();
        String table = null;
        String mkey = null;
        boolean txAction = (path.equals(CMDB) || path.equals(CMDB + "/")) && request.queryParam("action") != null;
        if (!txAction) {
            if (!path.startsWith(FIREWALL)) {
                return error(request, vdom, null, new FortiOsError(404, 0, "no such path " + path));
            }
            String[] seg = path.substring(FIREWALL.length()).split("/", -1);
            table = seg[0];
            if (!FortiOsVdom.isTable(table) || seg.length > 2 || (seg.length == 2 && seg[1].isEmpty())) {
                return error(request, vdom, table, new FortiOsError(404, 0, "no such path " + path));
            }
            mkey = seg.length == 2 ? URLDecoder.decode(seg[1].replace("+", "%2B"), StandardCharsets.UTF_8) : null;
        }
        if (!vdoms.containsKey(vdom)) {
            return error(request, vdom, table, new FortiOsError(404, FortiOsError.NOT_FOUND,
                    "VDOM '" + vdom + "' does not exist"));
        }
        if (!grant.allows(vdom)) {
            return error(request, vdom, table, new FortiOsError(403, FortiOsError.PERMISSION,
                    "the token's admin profile has no access to VDOM '" + vdom + "'"));
        }
        if (WRITES.contains(request.method()) && !grant.write()) {
            return error(request, vdom, table, new FortiOsError(403, FortiOsError.PERMISSION,
                    "the token's admin profile has read-only access"));
        }
        try {
            if (txAction) {
                return transactionAction(request, vdom, request.queryParam("action"));
            }
            Transaction tx = transactionOf(request, vdom);
            FortiOsVdom target = tx != null ? tx.view : vdoms.get(vdom);
            switch (request.method()) {
                case "GET":
                    return mkey == null ? list(request, vdom, table, target) : single(request, vdom, table, mkey, target);
                case "POST": {
                    if (mkey != null) {
                        throw new FortiOsError(405, 0, "POST to an entry: use PUT to update, or POST to the table");
                    }
                    JsonNode body = body(request);
                    String created = target.create(table, body, rules());
                    return mutated(request, vdom, table, created, tx, new Op("POST", table, null, body));
                }
                case "PUT": {
                    if (mkey == null) {
                        throw new FortiOsError(405, 0, "PUT needs an entry name in the path");
                    }
                    JsonNode body = body(request);
                    String updated = target.update(table, mkey, body, rules());
                    return mutated(request, vdom, table, updated, tx, new Op("PUT", table, mkey, body));
                }
                case "DELETE": {
                    if (mkey == null) {
                        throw new FortiOsError(405, 0, "DELETE needs an entry name in the path");
                    }
                    target.delete(table, mkey);
                    return mutated(request, vdom, table, mkey, tx, new Op("DELETE", table, mkey, null));
                }
                default:
                    throw new FortiOsError(405, 0, "method " + request.method() + " not allowed");
            }
        } catch (FortiOsError e) {
            return error(request, vdom, table, e);
        }
    }

    private static String token(SimRequest request) {
        String auth = request.header("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return request.queryParam("access_token");
    }

    private static JsonNode body(SimRequest request) {
        if (request.body().length == 0) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "request body is empty");
        }
        try {
            return MAPPER.readTree(request.body());
        } catch (IOException e) {
            throw new FortiOsError(400, 0, "request body is not JSON: " + e.getMessage());
        }
    }

    private Transaction transactionOf(SimRequest request, String vdom) {
        String header = request.header(TRANSACTION_HEADER);
        if (header == null) {
            return null;
        }
        Transaction tx;
        try {
            tx = transactions.get(Integer.parseInt(header.trim()));
        } catch (NumberFormatException e) {
            tx = null;
        }
        if (tx == null) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "transaction " + header
                    + " does not exist (never started, committed, aborted or expired)");
        }
        if (!tx.vdom.equals(vdom)) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "transaction " + tx.id + " belongs to VDOM "
                    + tx.vdom + ", not " + vdom);
        }
        tx.expires = clock.instant().plus(tx.timeout); // the timeout counts idle time, as in CLI workspace mode
        return tx;
    }

    private void expireTransactions() {
        Instant now = clock.instant();
        transactions.values().removeIf(t -> now.isAfter(t.expires));
    }

    private SimResponse transactionAction(SimRequest request, String vdom, String action) {
        if (!atLeast(version, 6, 4) || !action.startsWith("transaction-")) {
            throw new FortiOsError(404, 0, "action " + action + " not available on FortiOS " + version);
        }
        if (!request.method().equals("POST")) {
            throw new FortiOsError(405, 0, action + " needs POST");
        }
        switch (action) {
            case "transaction-start": {
                int timeout = 60;
                if (request.body().length > 0) {
                    JsonNode b = body(request);
                    if (b.has("timeout")) {
                        if (!b.get("timeout").canConvertToInt() || b.get("timeout").asInt() < 1
                                || b.get("timeout").asInt() > 3600) {
                            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "timeout must be 1-3600 seconds");
                        }
                        timeout = b.get("timeout").asInt();
                    }
                }
                Transaction tx = new Transaction(nextTransaction++, vdom, Duration.ofSeconds(timeout), clock.instant(),
                        vdoms.get(vdom).copy());
                transactions.put(tx.id, tx);
                ObjectNode env = envelope(request, vdom, null, 200);
                env.put("revision_changed", false);
                env.putObject("results").put("transaction-id", tx.id);
                env.put("action", action);
                return respond(env);
            }
            case "transaction-commit": {
                Transaction tx = requireTransaction(request, vdom);
                transactions.remove(tx.id);
                FortiOsVdom replay = vdoms.get(vdom).copy();
                for (Op op : tx.ops) {
                    try {
                        switch (op.method()) {
                            case "POST" -> replay.create(op.table(), op.body(), rules());
                            case "PUT" -> replay.update(op.table(), op.mkey(), op.body(), rules());
                            default -> replay.delete(op.table(), op.mkey());
                        }
                    } catch (FortiOsError e) {
                        throw new FortiOsError(e.httpStatus(), e.error(), "transaction " + tx.id
                                + " not committed, nothing applied: " + op.method() + " " + op.table()
                                + (op.mkey() == null ? "" : "/" + op.mkey()) + ": " + e.getMessage());
                    }
                }
                vdoms.put(vdom, replay);
                boolean changed = !tx.ops.isEmpty();
                if (changed) {
                    revision++;
                }
                ObjectNode env = envelope(request, vdom, null, 200);
                env.put("revision_changed", changed);
                env.put("action", action);
                return respond(env);
            }
            case "transaction-abort": {
                Transaction tx = requireTransaction(request, vdom);
                transactions.remove(tx.id);
                ObjectNode env = envelope(request, vdom, null, 200);
                env.put("revision_changed", false);
                env.put("action", action);
                return respond(env);
            }
            default:
                throw new FortiOsError(404, 0, "unknown action " + action);
        }
    }

    private Transaction requireTransaction(SimRequest request, String vdom) {
        Transaction tx = transactionOf(request, vdom);
        if (tx == null) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "header " + TRANSACTION_HEADER + " is required");
        }
        return tx;
    }

    private SimResponse list(SimRequest request, String vdom, String table, FortiOsVdom target) {
        FortiOsFilter filter = FortiOsFilter.parse(request.queryParams("filter"));
        List<ObjectNode> all = target.list(table);
        List<ObjectNode> matched = all.stream().filter(filter::matches).toList();
        int start = intParam(request, "start", 0);
        int count = intParam(request, "count", Integer.MAX_VALUE);
        List<ObjectNode> page = matched.stream().skip(start).limit(count).toList();
        ObjectNode env = envelope(request, vdom, table, 200);
        env.put("size", all.size());
        env.put("matched_count", matched.size());
        env.put("next_idx", Math.max(0, start + page.size() - 1));
        ArrayNode results = MAPPER.createArrayNode();
        for (ObjectNode o : page) {
            results.add(format(request, o));
        }
        env.set("results", results);
        return respond(reorder(env));
    }

    private SimResponse single(SimRequest request, String vdom, String table, String mkey, FortiOsVdom target) {
        ObjectNode o = target.get(table, mkey);
        if (o == null) {
            throw FortiOsError.notFound("entry '" + mkey + "' not found in firewall " + table);
        }
        ObjectNode env = envelope(request, vdom, table, 200);
        env.putArray("results").add(format(request, o));
        return respond(reorder(env));
    }

    private static ObjectNode format(SimRequest request, ObjectNode o) {
        String format = request.queryParam("format");
        if (format == null || format.isBlank()) {
            return o.deepCopy();
        }
        ObjectNode out = MAPPER.createObjectNode();
        for (String f : format.split("\\|")) {
            if (o.has(f)) {
                out.set(f, o.get(f).deepCopy());
            }
        }
        return out;
    }

    private static int intParam(SimRequest request, String name, int def) {
        String v = request.queryParam(name);
        if (v == null) {
            return def;
        }
        try {
            int i = Integer.parseInt(v);
            if (i < 0) {
                throw new NumberFormatException();
            }
            return i;
        } catch (NumberFormatException e) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, name + " must be a non-negative integer");
        }
    }

    private SimResponse mutated(SimRequest request, String vdom, String table, String mkey, Transaction tx, Op op) {
        if (tx != null) {
            tx.ops.add(op);
        } else {
            revision++;
        }
        ObjectNode env = envelope(request, vdom, table, 200);
        env.put("revision_changed", tx == null);
        env.put("mkey", mkey);
        return respond(env);
    }

    private ObjectNode envelope(SimRequest request, String vdom, String table, int status) {
        ObjectNode env = MAPPER.createObjectNode();
        env.put("http_method", request.method());
        env.put("revision", String.format("%032x", revision));
        env.put("vdom", vdom);
        if (table != null) {
            env.put("path", "firewall");
            env.put("name", table);
        }
        env.put("status", status == 200 ? "success" : "error");
        env.put("http_status", status);
        env.put("serial", serial);
        env.put("version", version);
        env.put("build", build);
        return env;
    }

    /** Puts the GET fields in FortiOS's order (results before vdom/path/name), for readability. */
    private static ObjectNode reorder(ObjectNode env) {
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

    private SimResponse error(SimRequest request, String vdom, String table, FortiOsError e) {
        ObjectNode env = envelope(request, vdom, table, e.httpStatus());
        if (e.error() != 0) {
            env.put("error", e.error());
        }
        env.put("cli_error", e.getMessage());
        return respond(env);
    }

    private SimResponse unauthorized(SimRequest request) {
        ObjectNode env = MAPPER.createObjectNode();
        env.put("http_method", request.method());
        env.put("status", "error");
        env.put("http_status", 401);
        env.put("serial", serial);
        env.put("version", version);
        env.put("build", build);
        return respond(env);
    }

    private SimResponse respond(ObjectNode env) {
        return SimResponse.json(env.path("http_status").asInt(200), env.toString());
    }

    @Override
    protected SimResponse renderFault(Fault fault, SimRequest request, String operation) {
        String vdom = request.queryParam("vdom") == null ? "root" : request.queryParam("vdom");
        if (fault.type() == Fault.Type.THROTTLE) {
            return error(request, vdom, null, new FortiOsError(429, 0, "too many requests"));
        }
        if (fault.status() == 401) {
            return unauthorized(request);
        }
        int code = 0;
        if (fault.code() != null) {
            try {
                code = Integer.parseInt(fault.code());
            } catch (NumberFormatException e) {
                code = 0;
            }
        }
        return error(request, vdom, null, new FortiOsError(fault.status() == 0 ? 500 : fault.status(), code,
                fault.message() == null ? "injected fault" : fault.message()));
    }

    // ---- persistence ---------------------------------------------------------------------------------------

    /** All VDOMs' tables plus version and revision; tokens are not persisted (seed them from the world file). */
    @Override
    public JsonNode snapshot() {
        return locked(() -> {
            ObjectNode o = MAPPER.createObjectNode();
            o.put("version", version);
            o.put("build", build);
            o.put("serial", serial);
            o.put("allowEmptyGroups", allowEmptyGroups);
            o.put("revision", revision);
            ObjectNode v = o.putObject("vdoms");
            vdoms.forEach((name, tables) -> v.set(name, tables.toJson()));
            return o;
        });
    }

    @Override
    public void restore(JsonNode snapshot) {
        locked(() -> {
            version = snapshot.path("version").asText(version);
            build = snapshot.path("build").asInt(build);
            serial = snapshot.path("serial").asText(serial);
            allowEmptyGroups = snapshot.path("allowEmptyGroups").asBoolean(allowEmptyGroups);
            maxEntries = snapshot.path("maxEntriesPerTable").asInt(maxEntries);
            maxMembers = snapshot.path("maxMembersPerGroup").asInt(maxMembers);
            revision = snapshot.path("revision").asLong(revision);
            vdoms.clear();
            snapshot.path("vdoms").fields().forEachRemaining(f -> vdoms.put(f.getKey(), FortiOsVdom.fromJson(f.getValue())));
            vdoms.computeIfAbsent("root", n -> new FortiOsVdom());
            transactions.clear();
            return null;
        });
    }
}
