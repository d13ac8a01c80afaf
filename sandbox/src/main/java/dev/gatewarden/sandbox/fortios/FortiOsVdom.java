package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * One VDOM's firewall object tables ({@code address}, {@code address6}, {@code addrgrp}, {@code addrgrp6}) with
 * FortiOS's validation: name ≤79 characters, comment ≤255, unique names across an address table and its group
 * table, valid IPs, group members that exist (424), no deletion of a referenced entry (-23), optionally no empty
 * group.
 */
final class FortiOsVdom {
    static final int MAX_NAME = 79;
    static final int MAX_COMMENT = 255;
    static final List<String> TABLES = List.of("address", "address6", "addrgrp", "addrgrp6");
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static final Set<String> ADDRESS_FIELDS = Set.of("name", "q_origin_key", "uuid", "type", "subnet",
            "start-ip", "end-ip", "fqdn", "country", "comment", "color", "associated-interface", "allow-routing",
            "tagging", "wildcard", "interface", "sub-type", "fabric-object");
    static final Set<String> ADDRESS6_FIELDS = Set.of("name", "q_origin_key", "uuid", "type", "ip6",
            "start-ip", "end-ip", "fqdn", "country", "comment", "color", "tagging", "host-type", "host",
            "fabric-object");
    static final Set<String> GROUP_FIELDS = Set.of("name", "q_origin_key", "uuid", "member", "comment",
            "color", "type", "exclude", "exclude-member", "allow-routing", "tagging", "fabric-object");
    static final Set<String> ADDRESS_TYPES = Set.of("ipmask", "iprange", "fqdn", "geography", "wildcard",
            "dynamic", "interface-subnet", "mac", "wildcard-fqdn");
    static final Set<String> ADDRESS6_TYPES = Set.of("ipprefix", "iprange", "fqdn", "geography", "dynamic",
            "template", "mac");

    /**
     * What the firmware accepts beyond the fixed rules.
     *
     * @param maxEntries per table and VDOM, 0 = no limit (model-dependent on real devices)
     * @param maxMembers per group, 0 = no limit (model-dependent)
     */
    record Rules(boolean allowEmptyGroups, int maxEntries, int maxMembers) {
    }

    private final Map<String, LinkedHashMap<String, ObjectNode>> tables = new LinkedHashMap<>();

    FortiOsVdom() {
        for (String t : TABLES) {
            tables.put(t, new LinkedHashMap<>());
        }
    }

    static boolean isTable(String name) {
        return TABLES.contains(name);
    }

    /** The attributes {@code table} has (anything else is -703 "unknown keyword"). */
    static Set<String> fields(String table) {
        return switch (table) {
            case "address" -> ADDRESS_FIELDS;
            case "address6" -> ADDRESS6_FIELDS;
            default -> GROUP_FIELDS;
        };
    }

    static boolean isGroup(String table) {
        return table.startsWith("addrgrp");
    }

    private static boolean v6(String table) {
        return table.endsWith("6");
    }

    private static String addressTable(String table) {
        return v6(table) ? "address6" : "address";
    }

    private static String groupTable(String table) {
        return v6(table) ? "addrgrp6" : "addrgrp";
    }

    List<ObjectNode> list(String table) {
        return new ArrayList<>(tables.get(table).values());
    }

    ObjectNode get(String table, String name) {
        return tables.get(table).get(name);
    }

    int size(String table) {
        return tables.get(table).size();
    }

    /** POST: creates an entry; returns its mkey. */
    String create(String table, JsonNode body, Rules rules) {
        if (body == null || !body.isObject()) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "request body must be a JSON object");
        }
        ObjectNode entry = defaults(table);
        merge(table, entry, (ObjectNode) body);
        String name = entry.path("name").asText("");
        checkName(name);
        if (exists(table, name)) {
            throw FortiOsError.cmdb(FortiOsError.DUPLICATE, "entry '" + name + "' already exists");
        }
        if (rules.maxEntries() > 0 && tables.get(table).size() >= rules.maxEntries()) {
            throw FortiOsError.cmdb(FortiOsError.TABLE_FULL, "firewall " + table + " is full (" + rules.maxEntries()
                    + " entries on this model)");
        }
        if (!body.hasNonNull("uuid")) {
            entry.put("uuid", UUID.randomUUID().toString());
        }
        validate(table, entry, name, rules);
        entry.put("q_origin_key", name);
        tables.get(table).put(name, entry);
        return name;
    }

    /** PUT: merges the given attributes ({@code member} replaces the list); a new {@code name} renames. */
    String update(String table, String mkey, JsonNode body, Rules rules) {
        ObjectNode current = tables.get(table).get(mkey);
        if (current == null) {
            throw FortiOsError.notFound("entry '" + mkey + "' not found in firewall " + table);
        }
        if (body == null || !body.isObject()) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "request body must be a JSON object");
        }
        ObjectNode entry = current.deepCopy();
        merge(table, entry, (ObjectNode) body);
        String name = entry.path("name").asText("");
        checkName(name);
        boolean rename = !name.equals(mkey);
        if (rename && exists(table, name)) {
            throw FortiOsError.cmdb(FortiOsError.DUPLICATE, "entry '" + name + "' already exists");
        }
        validate(table, entry, name, rules);
        entry.put("q_origin_key", name);
        if (rename) {
            LinkedHashMap<String, ObjectNode> rebuilt = new LinkedHashMap<>();
            tables.get(table).forEach((k, v) -> rebuilt.put(k.equals(mkey) ? name : k, k.equals(mkey) ? entry : v));
            tables.put(table, rebuilt);
            renameReferences(table, mkey, name);
        } else {
            tables.get(table).put(name, entry);
        }
        return name;
    }

    /** POST {@code …/addrgrp/{group}/member}: adds one member (child table); a member already listed is -5. */
    void addMember(String table, String group, JsonNode body, Rules rules) {
        ObjectNode g = groupOrFail(table, group);
        if (body == null || !body.isObject() || body.path("name").asText("").isEmpty()) {
            throw FortiOsError.cmdb(FortiOsError.BLANK, "member name must not be blank");
        }
        String member = body.path("name").asText();
        for (JsonNode m : g.path("member")) {
            if (m.path("name").asText().equals(member)) {
                throw FortiOsError.cmdb(FortiOsError.DUPLICATE, "member '" + member + "' already exists in "
                        + table + " '" + group + "'");
            }
        }
        ArrayNode members = g.path("member").deepCopy();
        members.addObject().put("name", member);
        update(table, group, JSON.objectNode().set("member", members), rules);
    }

    /** DELETE {@code …/addrgrp/{group}/member/{name}}: removes one member (child table). */
    void removeMember(String table, String group, String member, Rules rules) {
        ObjectNode g = groupOrFail(table, group);
        ArrayNode members = JSON.arrayNode();
        boolean found = false;
        for (JsonNode m : g.path("member")) {
            if (m.path("name").asText().equals(member)) {
                found = true;
            } else {
                members.addObject().put("name", m.path("name").asText());
            }
        }
        if (!found) {
            throw FortiOsError.notFound("member '" + member + "' not found in " + table + " '" + group + "'");
        }
        update(table, group, JSON.objectNode().set("member", members), rules);
    }

    private ObjectNode groupOrFail(String table, String group) {
        if (!isGroup(table)) {
            throw new FortiOsError(404, 0, "firewall " + table + " has no member table");
        }
        ObjectNode g = tables.get(table).get(group);
        if (g == null) {
            throw FortiOsError.notFound("entry '" + group + "' not found in firewall " + table);
        }
        return g;
    }

    void delete(String table, String mkey) {
        if (!tables.get(table).containsKey(mkey)) {
            throw FortiOsError.notFound("entry '" + mkey + "' not found in firewall " + table);
        }
        for (ObjectNode g : tables.get(groupTable(table)).values()) {
            for (JsonNode m : g.path("member")) {
                if (m.path("name").asText().equals(mkey) && !(isGroup(table) && g.path("name").asText().equals(mkey))) {
                    throw FortiOsError.cmdb(FortiOsError.IN_USE, "entry '" + mkey + "' is used by firewall "
                            + groupTable(table) + " '" + g.path("name").asText() + "'");
                }
            }
        }
        tables.get(table).remove(mkey);
    }

    private boolean exists(String table, String name) {
        return tables.get(addressTable(table)).containsKey(name) || tables.get(groupTable(table)).containsKey(name);
    }

    private static void checkName(String name) {
        if (name.isEmpty()) {
            throw FortiOsError.cmdb(FortiOsError.BLANK, "name must not be blank");
        }
        if (name.length() > MAX_NAME) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_LENGTH, "name '" + name + "' is longer than " + MAX_NAME
                    + " characters");
        }
        for (char c : name.toCharArray()) {
            if (c == '"' || c == '\'' || c == '<' || c == '>' || c < 0x20) {
                throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "name '" + name
                        + "' contains a character FortiOS does not accept in names");
            }
        }
    }

    private static ObjectNode defaults(String table) {
        ObjectNode o = JSON.objectNode();
        o.put("name", "");
        o.put("q_origin_key", "");
        o.put("uuid", "");
        switch (table) {
            case "address" -> {
                o.put("type", "ipmask");
                o.put("subnet", "0.0.0.0 0.0.0.0");
                o.put("associated-interface", "");
                o.put("allow-routing", "disable");
            }
            case "address6" -> {
                o.put("type", "ipprefix");
                o.put("ip6", "::/0");
            }
            default -> {
                o.putArray("member");
                o.put("type", "default");
                o.put("exclude", "disable");
                o.putArray("exclude-member");
                o.put("allow-routing", "disable");
            }
        }
        o.put("comment", "");
        o.put("color", 0);
        o.putArray("tagging");
        return o;
    }

    private static void merge(String table, ObjectNode entry, ObjectNode body) {
        Set<String> allowed = fields(table);
        Iterator<Map.Entry<String, JsonNode>> it = body.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!allowed.contains(f.getKey())) {
                throw FortiOsError.cmdb(FortiOsError.UNKNOWN_KEYWORD, "unknown attribute '" + f.getKey()
                        + "' for firewall " + table);
            }
            if (f.getKey().equals("q_origin_key")) {
                continue;
            }
            entry.set(f.getKey(), f.getValue().deepCopy());
        }
    }

    private void validate(String table, ObjectNode e, String name, Rules rules) {
        String comment = e.path("comment").asText("");
        if (comment.length() > MAX_COMMENT) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_LENGTH, "comment is longer than " + MAX_COMMENT
                    + " characters");
        }
        e.put("comment", comment);
        JsonNode color = e.get("color");
        if (color == null || !color.canConvertToInt() || color.asInt() < 0 || color.asInt() > 32) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "color must be 0-32");
        }
        switch (table) {
            case "address" -> {
                String type = e.path("type").asText();
                if (!ADDRESS_TYPES.contains(type)) {
                    throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "invalid address type '" + type + "'");
                }
                if (type.equals("ipmask")) {
                    String subnet = FortiOsIp.subnet(e.path("subnet").asText(null));
                    if (subnet == null) {
                        throw FortiOsError.cmdb(FortiOsError.INVALID_IP, "invalid subnet '"
                                + e.path("subnet").asText() + "'");
                    }
                    e.put("subnet", subnet);
                } else if (type.equals("iprange")) {
                    if (FortiOsIp.v4(e.path("start-ip").asText(null)) < 0
                            || FortiOsIp.v4(e.path("end-ip").asText(null)) < 0) {
                        throw FortiOsError.cmdb(FortiOsError.INVALID_IP, "invalid start-ip/end-ip");
                    }
                }
            }
            case "address6" -> {
                String type = e.path("type").asText();
                if (!ADDRESS6_TYPES.contains(type)) {
                    throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "invalid address6 type '" + type + "'");
                }
                if (type.equals("ipprefix")) {
                    String ip6 = FortiOsIp.prefix6(e.path("ip6").asText(null));
                    if (ip6 == null) {
                        throw FortiOsError.cmdb(FortiOsError.INVALID_IP, "invalid ip6 '" + e.path("ip6").asText()
                                + "'");
                    }
                    e.put("ip6", ip6);
                }
            }
            default -> validateGroup(table, e, name, rules);
        }
    }

    private void validateGroup(String table, ObjectNode e, String name, Rules rules) {
        JsonNode members = e.get("member");
        if (members == null || !members.isArray()) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "member must be a list of {\"name\": ...}");
        }
        Set<String> names = new LinkedHashSet<>();
        for (JsonNode m : members) {
            String n = m.isObject() ? m.path("name").asText("") : "";
            if (n.isEmpty()) {
                throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "member must be a list of {\"name\": ...}");
            }
            if (n.equals(name)) {
                throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "group '" + name + "' cannot contain itself");
            }
            if (!tables.get(addressTable(table)).containsKey(n) && !tables.get(groupTable(table)).containsKey(n)) {
                throw new FortiOsError(424, FortiOsError.NOT_FOUND, "member '" + n + "' of " + table + " '" + name
                        + "' does not exist in firewall " + addressTable(table) + " or " + groupTable(table));
            }
            names.add(n);
        }
        if (names.isEmpty() && !rules.allowEmptyGroups()) {
            throw FortiOsError.cmdb(FortiOsError.INVALID_VALUE, "Attribute 'member' MUST be set.");
        }
        if (rules.maxMembers() > 0 && names.size() > rules.maxMembers()) {
            throw FortiOsError.cmdb(FortiOsError.TABLE_FULL, "group '" + name + "' would have " + names.size()
                    + " members; this model allows " + rules.maxMembers());
        }
        ArrayNode normalized = JSON.arrayNode();
        for (String n : names) {
            normalized.addObject().put("name", n).put("q_origin_key", n);
        }
        e.set("member", normalized);
    }

    private void renameReferences(String table, String from, String to) {
        for (ObjectNode g : tables.get(groupTable(table)).values()) {
            for (JsonNode m : g.path("member")) {
                if (m.path("name").asText().equals(from)) {
                    ((ObjectNode) m).put("name", to).put("q_origin_key", to);
                }
            }
        }
    }

    FortiOsVdom copy() {
        FortiOsVdom c = new FortiOsVdom();
        tables.forEach((t, m) -> m.forEach((k, v) -> c.tables.get(t).put(k, v.deepCopy())));
        return c;
    }

    ObjectNode toJson() {
        ObjectNode o = JSON.objectNode();
        tables.forEach((t, m) -> {
            ArrayNode a = o.putArray(t);
            m.values().forEach(v -> a.add(v.deepCopy()));
        });
        return o;
    }

    static FortiOsVdom fromJson(JsonNode node) {
        FortiOsVdom v = new FortiOsVdom();
        for (String t : TABLES) {
            for (JsonNode e : node.path(t)) {
                v.tables.get(t).put(e.path("name").asText(), (ObjectNode) e.deepCopy());
            }
        }
        return v;
    }
}
