package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * {@code filter}/{@code format}/{@code start}/{@code count}, referential integrity, the {@code addrgrp/<g>/member}
 * child table, {@code ?action=schema}, {@code global=1}, {@code monitor/system/status}, and the batch transaction
 * API on versions 6.4 and later ({@code POST /api/v2/cmdb?action=transaction-start}, writes with
 * {@code X-TRANSACTION-ID}, {@code transaction-commit}/{@code transaction-abort} naming the transaction in the body
 * as {@code {"transaction-id": N}}, {@code GET …?action=transaction-list|transaction-show}).
 *
 * <p>Transactions: writes carrying {@code X-TRANSACTION-ID} are validated against the transaction's own view (the
 * VDOM at start plus the transaction's earlier writes) and answered at once, but the VDOM only changes at commit,
 * when they are replayed atomically; reads with the header see the transaction's view, reads without it do not.
 * A table an open transaction wrote is locked against other transactions and plain writes. Abort, or expiry after
 * {@code timeout} seconds without a call carrying the id, discards them. Changes inside a transaction do not change
 * the {@code revision}. (FortiOS documents the calls but not the visibility rules; this is the CLI workspace-mode
 * behaviour.) The header-only commit/abort form is not documented and is refused unless
 * {@link #headerOnlyTransactionFinish(boolean)} allows it.
 *
 * <p>Operations for counting and fault injection: {@code GET firewall/address}, {@code POST firewall/addrgrp},
 * {@code POST firewall/addrgrp/member}, {@code GET monitor/system/status}, …, {@code transaction-start},
 * {@code transaction-commit}, {@code transaction-abort}.
 *
 * <p>This class is authentication (tokens and their grants), routing and the test API; beside it are
 * {@link FortiOsTables} (table CRUD), {@link FortiOsTransactions}, {@link FortiOsEnvelope} (the JSON envelope with
 * version, serial and revision), {@link FortiOsSchema} and {@link FortiOsFilter}.
 */
public final class FortiOsSimulator extends HttpSimulator {
    public static final String DEFAULT_VERSION = "v7.2.5";
    public static final String TRANSACTION_HEADER = "X-TRANSACTION-ID";
    private static final String API = "/api/v2/";
    private static final String CMDB = "/api/v2/cmdb";
    private static final String STATUS = "/api/v2/monitor/system/status";
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

    private final Map<String, FortiOsVdom> vdoms = new TreeMap<>();
    private final Map<String, Grant> tokens = new LinkedHashMap<>();
    private final FortiOsEnvelope envelope = new FortiOsEnvelope();
    private final FortiOsTransactions transactions = new FortiOsTransactions(vdoms, envelope);
    private final FortiOsTables tables = new FortiOsTables(envelope, transactions);
    private boolean allowEmptyGroups;
    private int maxEntries;
    private int maxMembers;

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
            envelope.version = version.startsWith("v") ? version : "v" + version;
            envelope.build = build;
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

    /**
     * Whether {@code transaction-commit}/{@code transaction-abort} also accept the id in the
     * {@value #TRANSACTION_HEADER} header alone, without the documented body {@code {"transaction-id": N}}. Off by
     * default: Fortinet documents only the body form, so a client must not depend on the other.
     */
    public FortiOsSimulator headerOnlyTransactionFinish(boolean accept) {
        locked(() -> transactions.headerOnlyFinish = accept);
        return this;
    }

    /** The internal error number a write to a table locked by another transaction answers (default -34). */
    public FortiOsSimulator lockedTableError(int error) {
        locked(() -> transactions.lockedError = error);
        return this;
    }

    /** The clock for transaction expiry. */
    public FortiOsSimulator clock(Clock clock) {
        locked(() -> transactions.clock = clock);
        return this;
    }

    public String version() {
        return locked(() -> envelope.version);
    }

    /** Batch transactions exist from FortiOS 6.4 on. */
    public boolean transactionsSupported() {
        return locked(() -> atLeast(envelope.version, 6, 4));
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
     * <pre>{"version": "v7.2.5", "build": 1517, "allowEmptyGroups": false, "headerOnlyTransactionFinish": false,
     *  "lockedTableError": -34, "maxEntriesPerTable": 0,
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
        sim.headerOnlyTransactionFinish(section.path("headerOnlyTransactionFinish").asBoolean(false));
        sim.lockedTableError(section.path("lockedTableError").asInt(FortiOsError.LOCKED));
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
                envelope.revision++;
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
            transactions.expire();
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

    /** FortiOS takes a raw {@code |} in query strings ({@code format=name|subnet}), as curl and Ansible send it. */
    @Override
    protected boolean acceptsRawQueryCharacters() {
        return true;
    }

    @Override
    protected String operation(SimRequest request) {
        String path = request.uri().getRawPath();
        if (isCmdbRoot(path) && request.queryParam("action") != null) {
            return request.queryParam("action");
        }
        if (path.startsWith(FIREWALL)) {
            String[] seg = path.substring(FIREWALL.length()).split("/", -1);
            return request.method() + " firewall/" + seg[0] + (seg.length > 2 ? "/" + seg[2] : "");
        }
        if (path.startsWith(API)) {
            return request.method() + " " + path.substring(API.length());
        }
        return request.method() + " " + path;
    }

    private static boolean isCmdbRoot(String path) {
        return path.equals(CMDB) || path.equals(CMDB + "/");
    }

    @Override
    protected SimResponse handle(SimRequest request, String operation) {
        String token = token(request);
        Grant grant = token == null ? null : tokens.get(token);
        if (grant == null) {
            return envelope.unauthorized(request);
        }
        transactions.expire();
        if ("1".equals(request.queryParam("global"))) {
            return global(request, grant);
        }
        String vdom = request.queryParam("vdom") == null ? "root" : request.queryParam("vdom");
        return serve(request, vdom, grant);
    }

    /**
     * {@code global=1}: the same read in every VDOM the token may see, answered as a list of per-VDOM envelopes.
     * Writes are refused (Gatewarden's tables are per VDOM).
     */
    private SimResponse global(SimRequest request, Grant grant) {
        if (!request.method().equals("GET")) {
            return envelope.error(request, "root", null, new FortiOsError(405, 0,
                    "global=1 is for reads; write to one VDOM with vdom="));
        }
        ArrayNode answers = FortiOsEnvelope.MAPPER.createArrayNode();
        for (String vdom : vdoms.keySet()) {
            if (grant.allows(vdom)) {
                answers.add(FortiOsEnvelope.parse(serve(request, vdom, grant)));
            }
        }
        return SimResponse.json(200, answers.toString());
    }

    private SimResponse serve(SimRequest request, String vdom, Grant grant) {
        String path = request.uri().getRawPath();
        boolean cmdbAction = isCmdbRoot(path) && request.queryParam("action") != null;
        FortiOsTables.Target at = null;
        String table = null;
        if (path.startsWith(FIREWALL)) {
            String[] seg = path.substring(FIREWALL.length()).split("/", -1);
            table = seg[0];
            boolean blank = Arrays.stream(seg).skip(1).anyMatch(String::isEmpty);
            if (!FortiOsVdom.isTable(table) || seg.length > 4 || blank) {
                return envelope.error(request, vdom, "firewall", table, new FortiOsError(404, 0, "no such path "
                        + path));
            }
            at = new FortiOsTables.Target(table, seg.length > 1 ? mkey(seg[1]) : null,
                    seg.length > 2 ? seg[2] : null, seg.length > 3 ? mkey(seg[3]) : null);
        } else if (!cmdbAction && !path.equals(STATUS)) {
            String[] seg = path.startsWith(CMDB + "/") ? path.substring(CMDB.length() + 1).split("/", -1)
                    : new String[0];
            return envelope.error(request, vdom, seg.length > 0 ? seg[0] : null, seg.length > 1 ? seg[1] : null,
                    new FortiOsError(404, 0, "no such path " + path));
        }
        if (!vdoms.containsKey(vdom)) {
            return envelope.error(request, vdom, table, new FortiOsError(404, FortiOsError.NOT_FOUND,
                    "VDOM '" + vdom + "' does not exist"));
        }
        if (!grant.allows(vdom)) {
            return envelope.error(request, vdom, table, new FortiOsError(403, FortiOsError.PERMISSION,
                    "the token's admin profile has no access to VDOM '" + vdom + "'"));
        }
        if (WRITES.contains(request.method()) && !grant.write()) {
            return envelope.error(request, vdom, table, new FortiOsError(403, FortiOsError.PERMISSION,
                    "the token's admin profile has read-only access"));
        }
        try {
            if (path.equals(STATUS)) {
                return envelope.systemStatus(request, vdom);
            }
            if (cmdbAction) {
                String action = request.queryParam("action");
                if (action.equals("schema") && request.method().equals("GET")) {
                    ObjectNode env = envelope.create(request, vdom, null, 200);
                    env.set("results", FortiOsSchema.index());
                    return FortiOsEnvelope.respond(FortiOsEnvelope.reorder(env));
                }
                return transactions.action(request, vdom, action, rules());
            }
            FortiOsTransactions.Transaction tx = transactions.of(request, vdom);
            FortiOsVdom target = tx != null ? tx.view : vdoms.get(vdom);
            return tables.serve(request, vdom, at, target, tx, rules());
        } catch (FortiOsError e) {
            return envelope.error(request, vdom, table, e);
        }
    }

    private static String mkey(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    private static String token(SimRequest request) {
        String auth = request.header("authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        return request.queryParam("access_token");
    }

    @Override
    protected SimResponse renderFault(Fault fault, SimRequest request, String operation) {
        String vdom = request.queryParam("vdom") == null ? "root" : request.queryParam("vdom");
        if (fault.type() == Fault.Type.THROTTLE) {
            return envelope.error(request, vdom, null, new FortiOsError(429, 0, "too many requests"));
        }
        if (fault.status() == 401) {
            return envelope.unauthorized(request);
        }
        int code = 0;
        if (fault.code() != null) {
            try {
                code = Integer.parseInt(fault.code());
            } catch (NumberFormatException e) {
                code = 0;
            }
        }
        return envelope.error(request, vdom, null, new FortiOsError(fault.status() == 0 ? 500 : fault.status(), code,
                fault.message() == null ? "injected fault" : fault.message()));
    }

    // ---- persistence ---------------------------------------------------------------------------------------

    /** All VDOMs' tables plus version and revision; tokens are not persisted (seed them from the world file). */
    @Override
    public JsonNode snapshot() {
        return locked(() -> {
            ObjectNode o = FortiOsEnvelope.MAPPER.createObjectNode();
            o.put("version", envelope.version);
            o.put("build", envelope.build);
            o.put("serial", envelope.serial);
            o.put("allowEmptyGroups", allowEmptyGroups);
            o.put("revision", envelope.revision);
            ObjectNode v = o.putObject("vdoms");
            vdoms.forEach((name, tables) -> v.set(name, tables.toJson()));
            return o;
        });
    }

    @Override
    public void restore(JsonNode snapshot) {
        locked(() -> {
            envelope.version = snapshot.path("version").asText(envelope.version);
            envelope.build = snapshot.path("build").asInt(envelope.build);
            envelope.serial = snapshot.path("serial").asText(envelope.serial);
            allowEmptyGroups = snapshot.path("allowEmptyGroups").asBoolean(allowEmptyGroups);
            maxEntries = snapshot.path("maxEntriesPerTable").asInt(maxEntries);
            maxMembers = snapshot.path("maxMembersPerGroup").asInt(maxMembers);
            envelope.revision = snapshot.path("revision").asLong(envelope.revision);
            vdoms.clear();
            snapshot.path("vdoms").fields().forEachRemaining(f -> vdoms.put(f.getKey(), FortiOsVdom.fromJson(f.getValue())));
            vdoms.computeIfAbsent("root", n -> new FortiOsVdom());
            transactions.clear();
            return null;
        });
    }
}
