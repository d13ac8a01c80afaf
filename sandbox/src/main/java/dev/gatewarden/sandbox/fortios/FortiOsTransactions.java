package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The batch transaction API: start, commit (the writes replayed atomically on the VDOM) and abort with the id in the
 * JSON body ({@code {"transaction-id": N}}, as Fortinet documents them), {@code transaction-list} and
 * {@code transaction-show}, the {@value FortiOsSimulator#TRANSACTION_HEADER} header that puts a write inside one,
 * the table locks an open transaction holds, and expiry after the transaction's idle timeout (see
 * {@link FortiOsSimulator} for the visibility rules).
 */
final class FortiOsTransactions {
    /** An open transaction: its VDOM, idle timeout, own view of the VDOM and the writes to replay at commit. */
    static final class Transaction {
        final int id;
        final String vdom;
        final Duration timeout;
        Instant expires;
        final FortiOsVdom view;
        final List<Op> ops = new ArrayList<>();
        /** The tables this transaction wrote: locked against other transactions and plain writes until it ends. */
        final Set<String> locked = new LinkedHashSet<>();

        Transaction(int id, String vdom, Duration timeout, Instant now, FortiOsVdom view) {
            this.id = id;
            this.vdom = vdom;
            this.timeout = timeout;
            this.expires = now.plus(timeout);
            this.view = view;
        }
    }

    /** One write inside a transaction. */
    record Op(String method, String table, String mkey, JsonNode body) {
    }

    private final Map<String, FortiOsVdom> vdoms;
    private final FortiOsEnvelope envelope;
    private final Map<Integer, Transaction> open = new LinkedHashMap<>();
    private int next = 1;
    Clock clock = Clock.systemUTC();
    /**
     * Whether commit and abort also accept the id in the {@value FortiOsSimulator#TRANSACTION_HEADER} header alone
     * (no body). Fortinet documents only the body form, so the default refuses the header-only form: a client that
     * depends on it would be depending on something no FortiGate promises.
     */
    boolean headerOnlyFinish;
    /** The internal error number a write to a locked table answers (not documented publicly; the sim's choice). */
    int lockedError = FortiOsError.LOCKED;

    FortiOsTransactions(Map<String, FortiOsVdom> vdoms, FortiOsEnvelope envelope) {
        this.vdoms = vdoms;
        this.envelope = envelope;
    }

    /** Transactions started and neither committed, aborted nor expired (call {@link #expire()} first). */
    int size() {
        return open.size();
    }

    void clear() {
        open.clear();
    }

    /** The transaction the {@value FortiOsSimulator#TRANSACTION_HEADER} header names, or null; restarts its timeout. */
    Transaction of(SimRequest request, String vdom) {
        String header = request.header(FortiOsSimulator.TRANSACTION_HEADER);
        if (header == null) {
            return null;
        }
        return find(header, vdom);
    }

    /**
     * Refuses a write to {@code table} of {@code vdom} when another open transaction than {@code tx} (null: a plain
     * write) has written it; otherwise, inside {@code tx}, takes the lock.
     */
    void lock(Transaction tx, String vdom, String table) {
        for (Transaction other : open.values()) {
            if (other != tx && other.vdom.equals(vdom) && other.locked.contains(table)) {
                throw FortiOsError.cmdb(lockedError, "firewall " + table + " is locked by transaction " + other.id
                        + " (uncommitted changes); commit or abort it, or wait for it to expire");
            }
        }
        if (tx != null) {
            tx.locked.add(table);
        }
    }

    /** Drops the transactions idle for longer than their timeout. */
    void expire() {
        Instant now = clock.instant();
        open.values().removeIf(t -> now.isAfter(t.expires));
    }

    /**
     * {@code POST /api/v2/cmdb?action=transaction-start|transaction-commit|transaction-abort} and
     * {@code GET …?action=transaction-list|transaction-show} (FortiOS 6.4 on; show from 7.4.1).
     */
    SimResponse action(SimRequest request, String vdom, String action, FortiOsVdom.Rules rules) {
        if (!FortiOsSimulator.atLeast(envelope.version, 6, 4) || !action.startsWith("transaction-")
                || action.equals("transaction-show") && !FortiOsSimulator.atLeast(envelope.version, 7, 4)) {
            throw new FortiOsError(404, 0, "action " + action + " not available on FortiOS " + envelope.version);
        }
        boolean read = action.equals("transaction-list") || action.equals("transaction-show");
        if (!request.method().equals(read ? "GET" : "POST")) {
            throw new FortiOsError(405, 0, action + " needs " + (read ? "GET" : "POST"));
        }
        switch (action) {
            case "transaction-start": {
                int timeout = 60;
                if (request.body().length > 0) {
                    JsonNode b = FortiOsEnvelope.body(request);
                    if (b.has("timeout")) {
                        if (!b.get("timeout").canConvertToInt() || b.get("timeout").asInt() < 1
                                || b.get("timeout").asInt() > 3600) {
                            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "timeout must be 1-3600 seconds");
                        }
                        timeout = b.get("timeout").asInt();
                    }
                }
                Transaction tx = new Transaction(next++, vdom, Duration.ofSeconds(timeout), clock.instant(),
                        vdoms.get(vdom).copy());
                open.put(tx.id, tx);
                ObjectNode env = envelope.create(request, vdom, null, 200);
                env.put("revision_changed", false);
                env.putObject("results").put("transaction-id", tx.id);
                env.put("action", action);
                return FortiOsEnvelope.respond(env);
            }
            case "transaction-commit": {
                Transaction tx = named(request, vdom);
                open.remove(tx.id);
                FortiOsVdom current = vdoms.get(vdom);
                FortiOsVdom replay = current.copy();
                for (Op op : tx.ops) {
                    try {
                        switch (op.method()) {
                            case "POST" -> replay.create(op.table(), op.body(), rules);
                            case "PUT" -> replay.update(op.table(), op.mkey(), op.body(), rules);
                            case "POST member" -> replay.addMember(op.table(), op.mkey(), op.body(), rules);
                            case "DELETE member" -> replay.removeMember(op.table(), op.mkey(),
                                    op.body().asText(), rules);
                            default -> replay.delete(op.table(), op.mkey());
                        }
                    } catch (FortiOsError e) {
                        throw new FortiOsError(e.httpStatus(), e.error(), "transaction " + tx.id
                                + " not committed, nothing applied: " + op.method() + " " + op.table()
                                + (op.mkey() == null ? "" : "/" + op.mkey()) + ": " + e.getMessage());
                    }
                }
                boolean changed = !replay.toJson().equals(current.toJson());
                vdoms.put(vdom, replay);
                if (changed) {
                    envelope.revision++;
                }
                ObjectNode env = envelope.create(request, vdom, null, 200);
                env.put("revision_changed", changed);
                env.put("action", action);
                return FortiOsEnvelope.respond(env);
            }
            case "transaction-abort": {
                Transaction tx = named(request, vdom);
                open.remove(tx.id);
                ObjectNode env = envelope.create(request, vdom, null, 200);
                env.put("revision_changed", false);
                env.put("action", action);
                return FortiOsEnvelope.respond(env);
            }
            case "transaction-list": {
                ObjectNode env = envelope.create(request, vdom, null, 200);
                ArrayNode list = env.putArray("results");
                for (Transaction tx : open.values()) {
                    if (tx.vdom.equals(vdom)) {
                        list.addObject().put("transaction-id", tx.id).put("vdom", tx.vdom)
                                .put("timeout", tx.timeout.toSeconds());
                    }
                }
                env.put("action", action);
                return FortiOsEnvelope.respond(env);
            }
            case "transaction-show": {
                String id = request.header(FortiOsSimulator.TRANSACTION_HEADER);
                Transaction tx = find(id == null ? request.queryParam("transaction-id") : id, vdom);
                ObjectNode env = envelope.create(request, vdom, null, 200);
                ArrayNode list = env.putArray("results");
                for (Op op : tx.ops) {
                    ObjectNode o = list.addObject().put("method", op.method().split(" ")[0])
                            .put("path", "firewall/" + op.table() + (op.mkey() == null ? "" : "/" + op.mkey())
                                    + (op.method().endsWith("member") ? "/member" : ""));
                    if (op.body() != null) {
                        o.set("data", op.body().deepCopy());
                    }
                }
                env.put("action", action);
                return FortiOsEnvelope.respond(env);
            }
            default:
                throw new FortiOsError(404, 0, "unknown action " + action);
        }
    }

    /**
     * The transaction a commit or abort names: {@code {"transaction-id": N}} in the body (the documented form); the
     * header alone only when {@link #headerOnlyFinish} allows it. Body and header naming different ids is refused.
     */
    private Transaction named(SimRequest request, String vdom) {
        String header = request.header(FortiOsSimulator.TRANSACTION_HEADER);
        JsonNode id = request.body().length == 0 ? null : FortiOsEnvelope.body(request).get("transaction-id");
        if (id == null || id.isNull()) {
            if (header == null || !headerOnlyFinish) {
                throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "the transaction to finish must be named in "
                        + "the request body: {\"transaction-id\": N}");
            }
            return find(header, vdom);
        }
        if (!id.canConvertToInt() && !(id.isTextual() && id.asText().matches("\\d{1,9}"))) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "transaction-id must be a number");
        }
        String text = id.asText();
        if (header != null && !header.trim().equals(text)) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "transaction-id " + text + " in the body and "
                    + header.trim() + " in " + FortiOsSimulator.TRANSACTION_HEADER + " differ");
        }
        return find(text, vdom);
    }

    private Transaction find(String id, String vdom) {
        Transaction tx;
        try {
            tx = id == null ? null : open.get(Integer.parseInt(id.trim()));
        } catch (NumberFormatException e) {
            tx = null;
        }
        if (tx == null) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "transaction " + id
                    + " does not exist (never started, committed, aborted or expired)");
        }
        if (!tx.vdom.equals(vdom)) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "transaction " + tx.id + " belongs to VDOM "
                    + tx.vdom + ", not " + vdom);
        }
        tx.expires = clock.instant().plus(tx.timeout); // the timeout counts idle time, as in CLI workspace mode
        return tx;
    }
}
