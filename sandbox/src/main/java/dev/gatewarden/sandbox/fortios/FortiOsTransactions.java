package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The batch transaction API: start, commit (the writes replayed atomically on the VDOM) and abort, the
 * {@value FortiOsSimulator#TRANSACTION_HEADER} header that puts a request inside one, and expiry after the
 * transaction's idle timeout (see {@link FortiOsSimulator} for the visibility rules).
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
        Transaction tx;
        try {
            tx = open.get(Integer.parseInt(header.trim()));
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

    /** Drops the transactions idle for longer than their timeout. */
    void expire() {
        Instant now = clock.instant();
        open.values().removeIf(t -> now.isAfter(t.expires));
    }

    /** {@code POST /api/v2/cmdb?action=transaction-start|transaction-commit|transaction-abort} (FortiOS 6.4 on). */
    SimResponse action(SimRequest request, String vdom, String action, FortiOsVdom.Rules rules) {
        if (!FortiOsSimulator.atLeast(envelope.version, 6, 4) || !action.startsWith("transaction-")) {
            throw new FortiOsError(404, 0, "action " + action + " not available on FortiOS " + envelope.version);
        }
        if (!request.method().equals("POST")) {
            throw new FortiOsError(405, 0, action + " needs POST");
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
                Transaction tx = require(request, vdom);
                open.remove(tx.id);
                FortiOsVdom replay = vdoms.get(vdom).copy();
                for (Op op : tx.ops) {
                    try {
                        switch (op.method()) {
                            case "POST" -> replay.create(op.table(), op.body(), rules);
                            case "PUT" -> replay.update(op.table(), op.mkey(), op.body(), rules);
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
                    envelope.revision++;
                }
                ObjectNode env = envelope.create(request, vdom, null, 200);
                env.put("revision_changed", changed);
                env.put("action", action);
                return FortiOsEnvelope.respond(env);
            }
            case "transaction-abort": {
                Transaction tx = require(request, vdom);
                open.remove(tx.id);
                ObjectNode env = envelope.create(request, vdom, null, 200);
                env.put("revision_changed", false);
                env.put("action", action);
                return FortiOsEnvelope.respond(env);
            }
            default:
                throw new FortiOsError(404, 0, "unknown action " + action);
        }
    }

    private Transaction require(SimRequest request, String vdom) {
        Transaction tx = of(request, vdom);
        if (tx == null) {
            throw new FortiOsError(400, FortiOsError.INVALID_VALUE, "header " + FortiOsSimulator.TRANSACTION_HEADER
                    + " is required");
        }
        return tx;
    }
}
