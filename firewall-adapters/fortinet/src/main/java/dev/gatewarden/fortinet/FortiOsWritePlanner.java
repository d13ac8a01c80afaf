package dev.gatewarden.fortinet;

import static dev.gatewarden.fortinet.FortiOsFirewallAdapter.placeholderName;
import static dev.gatewarden.fortinet.FortiOsSnapshot.ipOf;
import static dev.gatewarden.fortinet.FortiOsSnapshot.members;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.GroupMembers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a validated change set and what the tables hold into the writes that apply it, in a safe order: create or
 * update addresses (the placeholder first), then replace group member lists, then delete retired addresses. Only
 * entries with our mark are written; a group that would be empty lists the owner's placeholder address instead.
 */
final class FortiOsWritePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(FortiOsFirewallAdapter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private final String name;
    private final String vdom;
    private final String owner;
    private final FortiOsOwnership ownership;

    FortiOsWritePlanner(String name, String vdom, String owner) {
        this.name = name;
        this.vdom = vdom;
        this.owner = owner;
        this.ownership = new FortiOsOwnership(name, vdom, owner);
    }

    /** The writes in order; empty when the firewall already is as desired. */
    List<FortiOsWrite> plan(FortiOsSnapshot st, List<AddressObject> creates, List<GroupMembers> groups,
                            List<AddressObject> deletes) {
        List<FortiOsWrite> addressWrites = new ArrayList<>();
        List<FortiOsWrite> groupWrites = new ArrayList<>();
        List<FortiOsWrite> deleteWrites = new ArrayList<>();
        Set<String> created = new HashSet<>();
        for (AddressObject a : creates) {
            FortiOsTable t = FortiOsTable.addresses(a.ipv6());
            ownership.requireNameFree(st, t.sibling(), a.name(), "address object");
            JsonNode cur = st.get(t, a.name());
            FortiOsMark want = FortiOsMark.of(owner, a.gateway());
            ObjectNode body = addressBody(t, a.ip());
            if (cur == null) {
                body.put("name", a.name());
                body.put("comment", want.comment());
                addressWrites.add(new FortiOsWrite("POST", t, a.name(), fieldsFirst(body, "name"),
                        "create " + t.label() + " " + a.name() + " (" + a.ip() + ")"));
            } else {
                FortiOsMark mark = ownership.requireOwned(t, cur, "address object");
                boolean sameIp = a.ip().equals(ipOf(t, cur));
                boolean sameMark = Objects.equals(mark.gateway(), a.gateway()) && !mark.placeholder();
                if (!sameIp || !sameMark) {
                    body.put("comment", sameMark ? cur.path("comment").asText() : want.comment());
                    addressWrites.add(new FortiOsWrite("PUT", t, a.name(), body, "update " + t.label() + " " + a.name()
                            + " (" + a.ip() + ")"));
                }
            }
            created.add(a.name());
        }
        boolean[] needPlaceholder = new boolean[2];
        for (GroupMembers g : groups) {
            JsonNode cur4 = st.get(FortiOsTable.ADDRGRP, g.group());
            JsonNode cur6 = st.get(FortiOsTable.ADDRGRP6, g.group());
            boolean v6 = g.members().isEmpty() ? cur4 == null && cur6 != null : g.members().get(0).ipv6();
            FortiOsTable t = FortiOsTable.groups(v6);
            JsonNode cur = v6 ? cur6 : cur4;
            if (cur == null && (v6 ? cur4 : cur6) != null) {
                throw new ProviderException("FortiOS " + name + " (vdom " + vdom + "): group '" + g.group()
                        + "' exists as " + FortiOsTable.groups(!v6).label() + " but its addresses are now IPv"
                        + (v6 ? "6" : "4") + "; FortiOS keeps IPv4 and IPv6 groups apart: publish this family to a "
                        + "group of another name", "family", false);
            }
            ownership.requireNameFree(st, t.sibling(), g.group(), "address group");
            if (cur != null) {
                ownership.requireOwned(t, cur, "address group");
            }
            FortiOsTable addresses = FortiOsTable.addresses(v6);
            Set<String> ours = new HashSet<>();
            for (JsonNode e : st.entries(addresses)) {
                FortiOsMark m = FortiOsMark.parse(e.path("comment").asText(null));
                if (m != null && m.ownedBy(owner)) {
                    ours.add(e.path("name").asText());
                }
            }
            List<String> current = members(cur);
            LinkedHashSet<String> next = new LinkedHashSet<>();
            current.stream().filter(m -> !ours.contains(m)).forEach(next::add);
            for (AddressObject a : g.members()) {
                if (st.get(addresses, a.name()) == null && !created.contains(a.name())) {
                    throw new ProviderException("FortiOS " + name + " (vdom " + vdom + "): group '" + g.group()
                            + "' should list " + a.name() + ", which exists neither on the firewall nor in this "
                            + "change set; rerun so the address is created first", "member", false);
                }
                next.add(a.name());
            }
            if (next.isEmpty()) {
                next.add(placeholderName(owner, v6));
                needPlaceholder[v6 ? 1 : 0] = true;
            }
            FortiOsMark want = FortiOsMark.of(owner, g.gateway());
            ObjectNode body = JSON.createObjectNode();
            ArrayNode member = body.putArray("member");
            next.forEach(m -> member.addObject().put("name", m));
            String list = String.join(", ", next);
            if (cur == null) {
                body.put("name", g.group());
                body.put("comment", want.comment());
                groupWrites.add(new FortiOsWrite("POST", t, g.group(), fieldsFirst(body, "name"), "create "
                        + t.label() + " " + g.group() + " [" + list + "]"));
            } else {
                FortiOsMark mark = FortiOsMark.parse(cur.path("comment").asText(null));
                boolean sameMark = Objects.equals(mark.gateway(), g.gateway());
                if (!new HashSet<>(current).equals(next) || !sameMark) {
                    if (!sameMark) {
                        body.put("comment", want.comment());
                    }
                    groupWrites.add(new FortiOsWrite("PUT", t, g.group(), body, "set " + t.label() + " " + g.group()
                            + " members [" + list + "]"));
                }
            }
        }
        for (boolean v6 : new boolean[] {false, true}) {
            if (!needPlaceholder[v6 ? 1 : 0]) {
                continue;
            }
            FortiOsTable t = FortiOsTable.addresses(v6);
            String p = placeholderName(owner, v6);
            ownership.requireNameFree(st, t.sibling(), p, "placeholder address");
            JsonNode cur = st.get(t, p);
            if (cur == null) {
                ObjectNode body = JSON.createObjectNode().put("name", p);
                body.setAll(addressBody(t, v6 ? "::" : "0.0.0.0"));
                body.put("comment", FortiOsMark.placeholderOf(owner).comment());
                addressWrites.add(0, new FortiOsWrite("POST", t, p, body, "create " + t.label() + " " + p
                        + " (placeholder that keeps an empty group valid; matches no traffic)"));
            } else {
                ownership.requirePlaceholder(t, cur);
            }
        }
        for (AddressObject d : deletes) {
            FortiOsTable t = FortiOsTable.addresses(d.ipv6());
            JsonNode cur = st.get(t, d.name());
            if (cur == null && st.get(FortiOsTable.addresses(!d.ipv6()), d.name()) != null) {
                t = FortiOsTable.addresses(!d.ipv6());
                cur = st.get(t, d.name());
            }
            if (cur == null) {
                LOG.debug("FortiOS {} (vdom {}): {} is already gone", name, vdom, d.name());
                continue;
            }
            ownership.requireOwned(t, cur, "address object");
            deleteWrites.add(new FortiOsWrite("DELETE", t, d.name(), null, "delete " + t.label() + " " + d.name()));
        }
        List<FortiOsWrite> all = new ArrayList<>(addressWrites);
        all.addAll(groupWrites);
        all.addAll(deleteWrites);
        return all;
    }

    private static ObjectNode addressBody(FortiOsTable t, String ip) {
        ObjectNode body = JSON.createObjectNode();
        if (t.ipv6()) {
            body.put("type", "ipprefix");
            body.put("ip6", ip + "/128");
        } else {
            body.put("type", "ipmask");
            body.put("subnet", ip + " 255.255.255.255");
        }
        return body;
    }

    private static ObjectNode fieldsFirst(ObjectNode body, String first) {
        ObjectNode o = JSON.createObjectNode();
        o.set(first, body.get(first));
        o.setAll(body);
        return o;
    }
}
