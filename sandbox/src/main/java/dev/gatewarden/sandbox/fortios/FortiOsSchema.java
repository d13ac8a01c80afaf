package dev.gatewarden.sandbox.fortios;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ?action=schema}: what a table is (category {@code table}, its key {@code mkey} = {@code name} of type
 * {@code string}) and its attributes with type, size and options, in the shape clients read (fortiosapi takes
 * {@code results.mkey}; the CMDB index lists {@code path} and {@code name}). Built from the same attribute lists that
 * {@link FortiOsVdom} accepts, so the schema never promises an attribute the tables refuse.
 */
final class FortiOsSchema {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Map<String, String> HELP = Map.of("address", "Configure IPv4 addresses.",
            "address6", "Configure IPv6 firewall addresses.", "addrgrp", "Configure IPv4 address groups.",
            "addrgrp6", "Configure IPv6 address groups.");
    private static final Set<String> INTEGERS = Set.of("color");
    private static final Set<String> TABLES_OF_NAMES = Set.of("member", "exclude-member", "tagging");
    private static final Set<String> ENABLE_DISABLE = Set.of("allow-routing", "exclude", "fabric-object");

    private FortiOsSchema() {
    }

    /** The schema of one of the four firewall tables. */
    static ObjectNode table(String table) {
        ObjectNode o = JSON.objectNode();
        o.put("name", table);
        o.put("category", "table");
        o.put("help", HELP.get(table));
        o.put("mkey", "name");
        o.put("mkey_type", "string");
        ObjectNode children = o.putObject("children");
        for (String f : new TreeSet<>(FortiOsVdom.fields(table))) {
            if (f.equals("q_origin_key")) {
                continue;
            }
            ObjectNode c = children.putObject(f);
            c.put("name", f);
            if (TABLES_OF_NAMES.contains(f)) {
                c.put("category", "table");
                c.put("mkey", "name");
                c.put("mkey_type", "string");
                c.putObject("children").putObject("name").put("name", "name").put("category", "unitary")
                        .put("type", "string").put("size", FortiOsVdom.MAX_NAME);
                continue;
            }
            c.put("category", "unitary");
            if (INTEGERS.contains(f)) {
                c.put("type", "integer").put("min-value", 0).put("max-value", 32);
            } else if (f.equals("uuid")) {
                c.put("type", "uuid");
            } else if (f.equals("type") || ENABLE_DISABLE.contains(f)) {
                c.put("type", "option");
                ArrayNode options = c.putArray("options");
                Set<String> values = !f.equals("type") ? Set.of("enable", "disable")
                        : table.equals("address") ? FortiOsVdom.ADDRESS_TYPES
                        : table.equals("address6") ? FortiOsVdom.ADDRESS6_TYPES : Set.of("default", "folder");
                new TreeSet<>(values).forEach(v -> options.addObject().put("name", v));
            } else {
                c.put("type", "string");
                c.put("size", f.equals("comment") ? FortiOsVdom.MAX_COMMENT : FortiOsVdom.MAX_NAME);
            }
        }
        return o;
    }

    /** {@code GET /api/v2/cmdb/?action=schema}: one line per table the simulator serves. */
    static ArrayNode index() {
        ArrayNode a = JSON.arrayNode();
        for (String t : FortiOsVdom.TABLES) {
            a.addObject().put("path", "firewall").put("name", t).put("category", "table").put("mkey", "name")
                    .put("help", HELP.get(t));
        }
        return a;
    }
}
