package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.util.List;

/**
 * CRUD on one CMDB table ({@code /api/v2/cmdb/firewall/<table>[/<name>]}): GET a list (with {@code filter},
 * {@code format}, {@code start} and {@code count}) or one entry, POST, PUT and DELETE, on the VDOM or, inside a
 * transaction, on its view (the write is then kept for the commit instead of changing the revision).
 */
final class FortiOsTables {
    private final FortiOsEnvelope envelope;

    FortiOsTables(FortiOsEnvelope envelope) {
        this.envelope = envelope;
    }

    /** Serves one request on {@code table} ({@code mkey}: the entry, or null for the table) in {@code target}. */
    SimResponse serve(SimRequest request, String vdom, String table, String mkey, FortiOsVdom target,
            FortiOsTransactions.Transaction tx, FortiOsVdom.Rules rules) {
        switch (request.method()) {
            case "GET":
                return mkey == null ? list(request, vdom, table, target) : single(request, vdom, table, mkey, target);
            case "POST": {
                if (mkey != null) {
                    throw new FortiOsError(405, 0, "POST to an entry: use PUT to update, or POST to the table");
                }
                JsonNode body = FortiOsEnvelope.body(request);
                String created = target.create(table, body, rules);
                return mutated(request, vdom, table, created, tx,
                        new FortiOsTransactions.Op("POST", table, null, body));
            }
            case "PUT": {
                if (mkey == null) {
                    throw new FortiOsError(405, 0, "PUT needs an entry name in the path");
                }
                JsonNode body = FortiOsEnvelope.body(request);
                String updated = target.update(table, mkey, body, rules);
                return mutated(request, vdom, table, updated, tx,
                        new FortiOsTransactions.Op("PUT", table, mkey, body));
            }
            case "DELETE": {
                if (mkey == null) {
                    throw new FortiOsError(405, 0, "DELETE needs an entry name in the path");
                }
                target.delete(table, mkey);
                return mutated(request, vdom, table, mkey, tx,
                        new FortiOsTransactions.Op("DELETE", table, mkey, null));
            }
            default:
                throw new FortiOsError(405, 0, "method " + request.method() + " not allowed");
        }
    }

    private SimResponse list(SimRequest request, String vdom, String table, FortiOsVdom target) {
        FortiOsFilter filter = FortiOsFilter.parse(request.queryParams("filter"));
        List<ObjectNode> all = target.list(table);
        List<ObjectNode> matched = all.stream().filter(filter::matches).toList();
        int start = intParam(request, "start", 0);
        int count = intParam(request, "count", Integer.MAX_VALUE);
        List<ObjectNode> page = matched.stream().skip(start).limit(count).toList();
        ObjectNode env = envelope.create(request, vdom, table, 200);
        env.put("size", all.size());
        env.put("matched_count", matched.size());
        env.put("next_idx", Math.max(0, start + page.size() - 1));
        ArrayNode results = FortiOsEnvelope.MAPPER.createArrayNode();
        for (ObjectNode o : page) {
            results.add(format(request, o));
        }
        env.set("results", results);
        return FortiOsEnvelope.respond(FortiOsEnvelope.reorder(env));
    }

    private SimResponse single(SimRequest request, String vdom, String table, String mkey, FortiOsVdom target) {
        ObjectNode o = target.get(table, mkey);
        if (o == null) {
            throw FortiOsError.notFound("entry '" + mkey + "' not found in firewall " + table);
        }
        ObjectNode env = envelope.create(request, vdom, table, 200);
        env.putArray("results").add(format(request, o));
        return FortiOsEnvelope.respond(FortiOsEnvelope.reorder(env));
    }

    private static ObjectNode format(SimRequest request, ObjectNode o) {
        String format = request.queryParam("format");
        if (format == null || format.isBlank()) {
            return o.deepCopy();
        }
        ObjectNode out = FortiOsEnvelope.MAPPER.createObjectNode();
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

    private SimResponse mutated(SimRequest request, String vdom, String table, String mkey,
            FortiOsTransactions.Transaction tx, FortiOsTransactions.Op op) {
        if (tx != null) {
            tx.ops.add(op);
        } else {
            envelope.revision++;
        }
        ObjectNode env = envelope.create(request, vdom, table, 200);
        env.put("revision_changed", tx == null);
        env.put("mkey", mkey);
        return FortiOsEnvelope.respond(env);
    }
}
