package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * CRUD on one CMDB table ({@code /api/v2/cmdb/firewall/<table>[/<name>]}): GET a list (with {@code filter},
 * {@code format}, {@code start} and {@code count}), one entry or the table's {@code ?action=schema}, POST, PUT and
 * DELETE, and a group's child table ({@code …/addrgrp/<group>/member[/<name>]}), on the VDOM or, inside a
 * transaction, on its view (the write is then kept for the commit instead of changing the revision). Every write
 * first checks the table lock of {@link FortiOsTransactions}. {@code revision_changed} says whether the committed
 * configuration changed: false for a PUT that changes nothing and for every write inside a transaction.
 */
final class FortiOsTables {
    private final FortiOsEnvelope envelope;
    private final FortiOsTransactions transactions;

    FortiOsTables(FortiOsEnvelope envelope, FortiOsTransactions transactions) {
        this.envelope = envelope;
        this.transactions = transactions;
    }

    /** The parts of a path below {@code firewall/}: table, entry, child table ({@code member}) and child entry. */
    record Target(String table, String mkey, String child, String childKey) {
    }

    /** Serves one request on {@code at} in {@code target} (the VDOM, or the transaction's view). */
    SimResponse serve(SimRequest request, String vdom, Target at, FortiOsVdom target,
            FortiOsTransactions.Transaction tx, FortiOsVdom.Rules rules) {
        String table = at.table();
        String mkey = at.mkey();
        if (at.child() != null) {
            return child(request, vdom, at, target, tx, rules);
        }
        switch (request.method()) {
            case "GET":
                if ("schema".equals(request.queryParam("action"))) {
                    return schema(request, vdom, table);
                }
                return mkey == null ? list(request, vdom, table, target) : single(request, vdom, table, mkey, target);
            case "POST": {
                if (mkey != null) {
                    throw new FortiOsError(405, 0, "POST to an entry: use PUT to update, or POST to the table");
                }
                JsonNode body = FortiOsEnvelope.body(request);
                transactions.lock(tx, vdom, table);
                String created = target.create(table, body, rules);
                return mutated(request, vdom, table, created, tx, true,
                        new FortiOsTransactions.Op("POST", table, null, body));
            }
            case "PUT": {
                if (mkey == null) {
                    throw new FortiOsError(405, 0, "PUT needs an entry name in the path");
                }
                JsonNode body = FortiOsEnvelope.body(request);
                transactions.lock(tx, vdom, table);
                JsonNode before = target.get(table, mkey) == null ? null : target.get(table, mkey).deepCopy();
                String updated = target.update(table, mkey, body, rules);
                boolean changed = !updated.equals(mkey) || !target.get(table, updated).equals(before);
                return mutated(request, vdom, table, updated, tx, changed,
                        new FortiOsTransactions.Op("PUT", table, mkey, body));
            }
            case "DELETE": {
                if (mkey == null) {
                    throw new FortiOsError(405, 0, "DELETE needs an entry name in the path");
                }
                transactions.lock(tx, vdom, table);
                target.delete(table, mkey);
                return mutated(request, vdom, table, mkey, tx, true,
                        new FortiOsTransactions.Op("DELETE", table, mkey, null));
            }
            default:
                throw new FortiOsError(405, 0, "method " + request.method() + " not allowed");
        }
    }

    /** {@code …/addrgrp/<group>/member[/<name>]}: list, read, add (POST), keep (PUT) and remove one member. */
    private SimResponse child(SimRequest request, String vdom, Target at, FortiOsVdom target,
            FortiOsTransactions.Transaction tx, FortiOsVdom.Rules rules) {
        String table = at.table();
        if (!FortiOsVdom.isGroup(table) || !at.child().equals("member")) {
            throw new FortiOsError(404, 0, "no child table " + at.child() + " in firewall " + table);
        }
        ObjectNode group = target.get(table, at.mkey());
        if (group == null) {
            throw FortiOsError.notFound("entry '" + at.mkey() + "' not found in firewall " + table);
        }
        List<JsonNode> members = new ArrayList<>();
        group.path("member").forEach(members::add);
        JsonNode named = at.childKey() == null ? null : members.stream()
                .filter(m -> m.path("name").asText().equals(at.childKey())).findFirst().orElse(null);
        switch (request.method()) {
            case "GET": {
                ObjectNode env = envelope.create(request, vdom, table, 200);
                env.put("child_path", "member");
                if (at.childKey() != null) {
                    if (named == null) {
                        throw FortiOsError.notFound("member '" + at.childKey() + "' not found in " + table + " '"
                                + at.mkey() + "'");
                    }
                    env.putArray("results").add(named.deepCopy());
                } else {
                    ArrayNode results = env.putArray("results");
                    members.forEach(m -> results.add(m.deepCopy()));
                }
                return FortiOsEnvelope.respond(FortiOsEnvelope.reorder(env));
            }
            case "POST": {
                if (at.childKey() != null) {
                    throw new FortiOsError(405, 0, "POST to a member: POST to the member table");
                }
                JsonNode body = FortiOsEnvelope.body(request);
                transactions.lock(tx, vdom, table);
                target.addMember(table, at.mkey(), body, rules);
                return mutated(request, vdom, table, body.path("name").asText(), tx, true,
                        new FortiOsTransactions.Op("POST member", table, at.mkey(), body));
            }
            case "PUT": {
                if (named == null) {
                    throw FortiOsError.notFound("member '" + at.childKey() + "' not found in " + table + " '"
                            + at.mkey() + "'");
                }
                JsonNode body = FortiOsEnvelope.body(request);
                String rename = body.path("name").asText(at.childKey());
                if (!rename.equals(at.childKey())) {
                    throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "a member is its name: remove it and add "
                            + rename + " instead");
                }
                transactions.lock(tx, vdom, table);
                return mutated(request, vdom, table, at.childKey(), tx, false, null);
            }
            case "DELETE": {
                if (at.childKey() == null) {
                    throw new FortiOsError(405, 0, "DELETE needs a member name in the path");
                }
                transactions.lock(tx, vdom, table);
                target.removeMember(table, at.mkey(), at.childKey(), rules);
                return mutated(request, vdom, table, at.childKey(), tx, true, new FortiOsTransactions.Op(
                        "DELETE member", table, at.mkey(), JsonNodeFactory.instance.textNode(at.childKey())));
            }
            default:
                throw new FortiOsError(405, 0, "method " + request.method() + " not allowed");
        }
    }

    /** {@code GET …/firewall/<table>?action=schema}: the table's key and attributes, as clients read them. */
    private SimResponse schema(SimRequest request, String vdom, String table) {
        ObjectNode env = envelope.create(request, vdom, table, 200);
        env.set("results", FortiOsSchema.table(table));
        return FortiOsEnvelope.respond(FortiOsEnvelope.reorder(env));
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
            FortiOsTransactions.Transaction tx, boolean changed, FortiOsTransactions.Op op) {
        if (tx != null) {
            if (op != null) {
                tx.ops.add(op);
            }
        } else if (changed) {
            envelope.revision++;
        }
        ObjectNode env = envelope.create(request, vdom, table, 200);
        env.put("revision_changed", tx == null && changed);
        env.put("mkey", mkey);
        return FortiOsEnvelope.respond(env);
    }
}
