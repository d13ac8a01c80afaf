package dev.gatewarden.fortinet;

import static dev.gatewarden.fortinet.FortiOsFirewallAdapter.escape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the four tables hold of interest: entries marked for one owner plus those named in scope, read with one
 * list call per table.
 */
final class FortiOsSnapshot {
    /** Above this many characters of name filter, a read fetches the whole table (still one call) instead. */
    static final int FILTER_BUDGET = 3500;
    private final Map<FortiOsTable, Map<String, JsonNode>> tables = new EnumMap<>(FortiOsTable.class);

    private FortiOsSnapshot() {
    }

    Iterable<JsonNode> entries(FortiOsTable t) {
        return tables.getOrDefault(t, Map.of()).values();
    }

    JsonNode get(FortiOsTable t, String name) {
        return tables.getOrDefault(t, Map.of()).get(name);
    }

    /** One GET per table, filtered to {@code who}'s mark and {@code names} unless the filter would be too long. */
    static FortiOsSnapshot read(FortiOsVdom target, String who, Set<String> names) {
        FortiOsSnapshot st = new FortiOsSnapshot();
        StringBuilder filter = new StringBuilder("comment=@").append(escape(FortiOsMark.PREFIX + who));
        for (String n : names) {
            filter.append(",name==").append(escape(n));
        }
        boolean filtered = HttpFortiOsApi.encode(filter.toString()).length() <= FILTER_BUDGET;
        for (FortiOsTable t : FortiOsTable.values()) {
            Map<String, String> query = new LinkedHashMap<>();
            if (filtered) {
                query.put("filter", filter.toString());
            }
            query.put("format", switch (t) {
                case ADDRESS -> "name|type|subnet|comment";
                case ADDRESS6 -> "name|type|ip6|comment";
                default -> "name|member|comment";
            });
            FortiOsReply r = target.api().send("GET", "/firewall/" + t.path(), query, null, null, "GET " + t.label());
            if (!r.ok()) {
                throw target.failure("list " + t.label(), r);
            }
            target.remember(r);
            Map<String, JsonNode> m = new LinkedHashMap<>();
            for (JsonNode e : r.body().path("results")) {
                m.put(e.path("name").asText(), e);
            }
            st.tables.put(t, m);
        }
        return st;
    }

    /** The member names of a group entry (none for null). */
    static List<String> members(JsonNode group) {
        List<String> out = new ArrayList<>();
        if (group != null) {
            for (JsonNode m : group.path("member")) {
                out.add(m.path("name").asText());
            }
        }
        return out;
    }

    /** The single address an object holds ({@code 10.0.0.5}, {@code 2001:db8::5}), a prefix, or null (other types). */
    static String ipOf(FortiOsTable t, JsonNode e) {
        if (!t.ipv6()) {
            if (!"ipmask".equals(e.path("type").asText("ipmask"))) {
                return null;
            }
            String[] s = e.path("subnet").asText("").trim().split("[ /]+");
            if (s.length != 2) {
                return null;
            }
            int len = s[1].matches("\\d{1,2}") ? Integer.parseInt(s[1]) : IpText.maskLength(s[1]);
            return len == 32 ? s[0] : s[0] + "/" + len;
        }
        if (!"ipprefix".equals(e.path("type").asText("ipprefix"))) {
            return null;
        }
        String ip6 = e.path("ip6").asText("");
        int slash = ip6.indexOf('/');
        String addr = slash < 0 ? ip6 : ip6.substring(0, slash);
        String canonical = IpText.canonical(addr);
        if (canonical == null) {
            return ip6;
        }
        return slash < 0 || ip6.substring(slash + 1).equals("128") ? canonical : canonical + ip6.substring(slash);
    }
}
