package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.ownership.Ownership;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes Gatewarden's addresses to one FortiGate VDOM through the FortiOS REST API: one
 * {@code firewall/address} ({@code /32}) or {@code firewall/address6} ({@code /128}) per address and one
 * {@code firewall/addrgrp}/{@code addrgrp6} per group, each marked as owned by a {@code comment}
 * ({@code gatewarden owner=<owner> gateway=<gateway>}). Objects without our mark are never changed or deleted.
 *
 * <p>Reads are one list call per table (filtered to our mark and the names in scope). A change set is applied in
 * the order create addresses, replace group member lists, delete retired addresses; on FortiOS 6.4+ inside one
 * batch transaction that is aborted on the first failure, so nothing stays half-applied. See the module README.
 */
public final class FortiOsFirewallAdapter implements FirewallAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FortiOsFirewallAdapter.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** FortiOS accepts more (spaces, '/', ':' …), but this set is safe in URLs, filters, the CLI and the GUI. */
    static final NameRules NAME_RULES = new NameRules("FortiOS", 79, Pattern.compile("[A-Za-z0-9._-]+"),
            "letters, digits, '.', '_' and '-'");
    /** Above this many characters of name filter, a read fetches the whole table (still one call) instead. */
    static final int FILTER_BUDGET = 3500;
    /** Valid whether FortiOS reads it as seconds (REST example) or minutes (CLI: 1-60); the timeout is idle time. */
    static final int TRANSACTION_TIMEOUT = 60;
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.(\\d+).*");

    /** Whether to use FortiOS batch transactions: {@code auto} uses them when the firmware has them (6.4+). */
    public enum Transactions { AUTO, ON, OFF }

    private final String name;
    private final FortiOsApi api;
    private final String owner;
    private final String vdom;
    private final Transactions mode;
    private volatile String firmware = "";

    FortiOsFirewallAdapter(String name, FortiOsApi api, String owner, String vdom, Transactions mode) {
        this.name = Objects.requireNonNull(name, "name");
        this.api = Objects.requireNonNull(api, "api");
        if (!Ownership.isValidName(owner)) {
            throw new ConfigException("firewall " + name + ": owner '" + owner + "' is not valid; "
                    + Ownership.nameRule());
        }
        this.owner = owner;
        this.vdom = vdom;
        this.mode = mode;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return "FortiOsFirewallAdapter[" + name + " vdom=" + vdom + " at " + api.endpoint() + ", transactions="
                + mode.name().toLowerCase(java.util.Locale.ROOT) + "]";
    }

    /** The firmware version the last response reported (e.g. {@code v7.2.5}), or empty before the first call. */
    public String firmware() {
        return firmware;
    }

    static String placeholderName(String owner, boolean ipv6) {
        return (ipv6 ? "gw-empty6-" : "gw-empty-") + owner;
    }

    // ---- observe -------------------------------------------------------------------------------------------

    @Override
    public ObservedFirewall observe(FirewallScope scope) {
        String who = scope.owner() == null ? owner : scope.owner();
        Set<String> names = new TreeSet<>(scope.objectNames());
        names.addAll(scope.groups());
        State st = read(who, names);
        Set<String> hidden = Set.of(placeholderName(who, false), placeholderName(who, true));
        List<FirewallObject> objects = new ArrayList<>();
        for (FortiOsTable t : List.of(FortiOsTable.ADDRESS, FortiOsTable.ADDRESS6)) {
            for (JsonNode e : st.entries(t)) {
                String n = e.path("name").asText();
                FortiOsMark mark = FortiOsMark.parse(e.path("comment").asText(null));
                boolean ours = mark != null && mark.ownedBy(who);
                if (ours && mark.placeholder()) {
                    continue;
                }
                if (!ours && !scope.objectNames().contains(n) && !scope.groups().contains(n)) {
                    continue;
                }
                objects.add(new FirewallObject(n, ipOf(t, e), mark == null ? null : mark.owner(),
                        mark == null ? null : mark.gateway()));
            }
        }
        List<FirewallGroup> groups = new ArrayList<>();
        for (FortiOsTable t : List.of(FortiOsTable.ADDRGRP, FortiOsTable.ADDRGRP6)) {
            for (JsonNode e : st.entries(t)) {
                String n = e.path("name").asText();
                FortiOsMark mark = FortiOsMark.parse(e.path("comment").asText(null));
                boolean ours = mark != null && mark.ownedBy(who);
                if (!ours && !scope.groups().contains(n) && !scope.objectNames().contains(n)) {
                    continue;
                }
                List<String> members = members(e).stream().filter(m -> !hidden.contains(m)).toList();
                groups.add(new FirewallGroup(n, members, mark == null ? null : mark.owner()));
            }
        }
        LOG.debug("FortiOS {} (vdom {}): observed {} objects and {} groups", name, vdom, objects.size(),
                groups.size());
        return new ObservedFirewall(name, objects, groups);
    }

    /** What the four tables hold of interest: entries marked for {@code who} plus those named in {@code names}. */
    private static final class State {
        final Map<FortiOsTable, Map<String, JsonNode>> tables = new EnumMap<>(FortiOsTable.class);

        Iterable<JsonNode> entries(FortiOsTable t) {
            return tables.getOrDefault(t, Map.of()).values();
        }

        JsonNode get(FortiOsTable t, String name) {
            return tables.getOrDefault(t, Map.of()).get(name);
        }
    }

    private State read(String who, Set<String> names) {
        State st = new State();
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
            FortiOsReply r = api.send("GET", "/firewall/" + t.path(), query, null, null, "GET " + t.label());
            if (!r.ok()) {
                throw FortiOsErrors.failure(name, vdom, "list " + t.label(), r);
            }
            remember(r);
            Map<String, JsonNode> m = new LinkedHashMap<>();
            for (JsonNode e : r.body().path("results")) {
                m.put(e.path("name").asText(), e);
            }
            st.tables.put(t, m);
        }
        return st;
    }

    /** Escapes a filter value: {@code \}, {@code ,} and {@code .} (API-NOTES E.4). */
    static String escape(String value) {
        StringBuilder sb = new StringBuilder();
        for (char c : value.toCharArray()) {
            if (c == '\\' || c == ',' || c == '.') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }

    private void remember(FortiOsReply r) {
        if (!r.version().isEmpty()) {
            firmware = r.version();
        }
    }

    private static List<String> members(JsonNode group) {
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

    // ---- apply ---------------------------------------------------------------------------------------------

    private record Write(String method, FortiOsTable table, String mkey, ObjectNode body, String description) {
        String path() {
            return "/firewall/" + table.path() + (method.equals("POST") ? "" : "/" + HttpFortiOsApi.encode(mkey));
        }
    }

    @Override
    public FirewallApplyResult apply(FirewallChangeSet changes) {
        if (changes.isEmpty()) {
            return FirewallApplyResult.nothingToCommit();
        }
        List<AddressObject> creates = changes.create().stream().map(this::validated).toList();
        List<AddressObject> deletes = changes.delete().stream().map(this::named).toList();
        List<GroupMembers> groups = changes.groups().stream().map(this::validated).toList();
        Set<String> names = new TreeSet<>();
        creates.forEach(a -> names.add(a.name()));
        deletes.forEach(a -> names.add(a.name()));
        groups.forEach(g -> {
            names.add(g.group());
            g.members().forEach(a -> names.add(a.name()));
        });
        names.add(placeholderName(owner, false));
        names.add(placeholderName(owner, true));
        State st = read(owner, names);
        List<Write> writes = plan(st, creates, groups, deletes);
        if (writes.isEmpty()) {
            LOG.info("FortiOS {} (vdom {}): already as desired, nothing to change", name, vdom);
            return FirewallApplyResult.nothingToCommit();
        }
        return execute(writes);
    }

    /** Checks the name only: enough for objects that are referenced or deleted, never created. */
    private AddressObject named(AddressObject a) {
        String problem = NAME_RULES.check(a.name());
        if (problem != null) {
            throw new ConfigException("firewall " + name + ": address object name " + problem);
        }
        return a;
    }

    private AddressObject validated(AddressObject a) {
        named(a);
        String ip = IpText.canonical(a.ip());
        if (ip == null) {
            throw new ConfigException("firewall " + name + ": address object '" + a.name() + "' has an invalid IP '"
                    + a.ip() + "'");
        }
        checkGateway(a.gateway(), a.name());
        return new AddressObject(a.name(), ip, a.gateway(), a.slot());
    }

    private GroupMembers validated(GroupMembers g) {
        String problem = NAME_RULES.check(g.group());
        if (problem != null) {
            throw new ConfigException("firewall " + name + ": address group name " + problem);
        }
        checkGateway(g.gateway(), g.group());
        List<AddressObject> members = g.members().stream().map(this::named).toList();
        if (members.stream().map(AddressObject::ipv6).distinct().count() > 1) {
            throw new ConfigException("firewall " + name + ": group '" + g.group() + "' would mix IPv4 and IPv6 "
                    + "addresses; FortiOS keeps them in separate tables (addrgrp, addrgrp6): publish each family to "
                    + "its own group");
        }
        return new GroupMembers(g.group(), g.gateway(), members);
    }

    private void checkGateway(String gateway, String object) {
        if (gateway != null && !Ownership.isValidName(gateway)) {
            throw new ConfigException("firewall " + name + ": gateway '" + gateway + "' of '" + object
                    + "' is not valid; " + Ownership.nameRule());
        }
    }

    private List<Write> plan(State st, List<AddressObject> creates, List<GroupMembers> groups,
                             List<AddressObject> deletes) {
        List<Write> addressWrites = new ArrayList<>();
        List<Write> groupWrites = new ArrayList<>();
        List<Write> deleteWrites = new ArrayList<>();
        Set<String> created = new HashSet<>();
        for (AddressObject a : creates) {
            FortiOsTable t = FortiOsTable.addresses(a.ipv6());
            requireNameFree(st, t.sibling(), a.name(), "address object");
            JsonNode cur = st.get(t, a.name());
            FortiOsMark want = FortiOsMark.of(owner, a.gateway());
            ObjectNode body = addressBody(t, a.ip());
            if (cur == null) {
                body.put("name", a.name());
                body.put("comment", want.comment());
                addressWrites.add(new Write("POST", t, a.name(), fieldsFirst(body, "name"),
                        "create " + t.label() + " " + a.name() + " (" + a.ip() + ")"));
            } else {
                FortiOsMark mark = requireOwned(t, cur, "address object");
                boolean sameIp = a.ip().equals(ipOf(t, cur));
                boolean sameMark = Objects.equals(mark.gateway(), a.gateway()) && !mark.placeholder();
                if (!sameIp || !sameMark) {
                    body.put("comment", sameMark ? cur.path("comment").asText() : want.comment());
                    addressWrites.add(new Write("PUT", t, a.name(), body, "update " + t.label() + " " + a.name()
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
            requireNameFree(st, t.sibling(), g.group(), "address group");
            if (cur != null) {
                requireOwned(t, cur, "address group");
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
                groupWrites.add(new Write("POST", t, g.group(), fieldsFirst(body, "name"), "create " + t.label() + " "
                        + g.group() + " [" + list + "]"));
            } else {
                FortiOsMark mark = FortiOsMark.parse(cur.path("comment").asText(null));
                boolean sameMark = Objects.equals(mark.gateway(), g.gateway());
                if (!new HashSet<>(current).equals(next) || !sameMark) {
                    if (!sameMark) {
                        body.put("comment", want.comment());
                    }
                    groupWrites.add(new Write("PUT", t, g.group(), body, "set " + t.label() + " " + g.group()
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
            requireNameFree(st, t.sibling(), p, "placeholder address");
            JsonNode cur = st.get(t, p);
            if (cur == null) {
                ObjectNode body = JSON.createObjectNode().put("name", p);
                body.setAll(addressBody(t, v6 ? "::" : "0.0.0.0"));
                body.put("comment", FortiOsMark.placeholderOf(owner).comment());
                addressWrites.add(0, new Write("POST", t, p, body, "create " + t.label() + " " + p
                        + " (placeholder that keeps an empty group valid; matches no traffic)"));
            } else {
                FortiOsMark mark = requireOwned(t, cur, "placeholder address");
                if (!mark.placeholder()) {
                    throw conflict(t, cur, "placeholder address", "is marked as a regular Gatewarden address");
                }
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
            requireOwned(t, cur, "address object");
            deleteWrites.add(new Write("DELETE", t, d.name(), null, "delete " + t.label() + " " + d.name()));
        }
        List<Write> all = new ArrayList<>(addressWrites);
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

    private FortiOsMark requireOwned(FortiOsTable t, JsonNode e, String kind) {
        FortiOsMark mark = FortiOsMark.parse(e.path("comment").asText(null));
        if (mark == null) {
            throw conflict(t, e, kind, "carries no Gatewarden ownership mark");
        }
        if (!mark.ownedBy(owner)) {
            throw conflict(t, e, kind, "belongs to Gatewarden owner '" + mark.owner() + "'");
        }
        return mark;
    }

    private void requireNameFree(State st, FortiOsTable sibling, String n, String kind) {
        JsonNode other = st.get(sibling, n);
        if (other != null) {
            throw new OwnershipConflictException("FortiOS " + name + " (vdom " + vdom + "): cannot create " + kind
                    + " '" + n + "': " + sibling.label() + " '" + n + "' already uses the name (FortiOS addresses "
                    + "and groups share names); rename one of them");
        }
    }

    private OwnershipConflictException conflict(FortiOsTable t, JsonNode e, String kind, String why) {
        return new OwnershipConflictException("FortiOS " + name + " (vdom " + vdom + "): " + kind + " '"
                + e.path("name").asText() + "' (" + t.label() + ") exists but " + why + " (comment: '"
                + e.path("comment").asText("") + "'), so Gatewarden will not change or delete it; rename or "
                + "remove it, or adopt it explicitly");
    }

    private FirewallApplyResult execute(List<Write> writes) {
        Integer tx = useTransactions() ? startTransaction() : null;
        List<String> done = new ArrayList<>();
        String revision = "";
        try {
            for (Write w : writes) {
                FortiOsReply r = api.send(w.method(), w.path(), Map.of(), w.body(), tx,
                        w.method() + " " + w.table().label());
                remember(r);
                if (!r.ok()) {
                    if (w.method().equals("DELETE") && r.notFound()) {
                        done.add(w.description() + " (already gone)");
                        continue;
                    }
                    throw FortiOsErrors.failure(name, vdom, w.description(), r);
                }
                revision = r.revision();
                done.add(w.description());
                if (tx == null) {
                    LOG.info("FortiOS {} (vdom {}): {}", name, vdom, w.description());
                }
            }
        } catch (ProviderException e) {
            throw halfway(e, tx, done);
        }
        if (tx == null) {
            return new FirewallApplyResult(revision.isEmpty() ? null : "revision " + revision, done);
        }
        FortiOsReply c = api.send("POST", "", Map.of("action", "transaction-commit"), null, tx, "transaction-commit");
        if (!c.ok()) {
            ProviderException e = FortiOsErrors.failure(name, vdom, "commit transaction " + tx, c);
            throw new ProviderException(e.getMessage() + "; nothing was applied", e.code(), e.isTransient(), e);
        }
        for (String d : done) {
            LOG.info("FortiOS {} (vdom {}): {}", name, vdom, d);
        }
        LOG.info("FortiOS {} (vdom {}): committed transaction {} ({} changes)", name, vdom, tx, done.size());
        return new FirewallApplyResult("transaction " + tx + (c.revision().isEmpty() ? "" : " revision "
                + c.revision()), done);
    }

    private ProviderException halfway(ProviderException cause, Integer tx, List<String> done) {
        String tail;
        if (tx != null) {
            boolean aborted;
            try {
                aborted = api.send("POST", "", Map.of("action", "transaction-abort"), null, tx, "transaction-abort")
                        .ok();
            } catch (ProviderException e) {
                aborted = false;
            }
            tail = aborted ? "; transaction " + tx + " aborted, nothing was applied"
                    : "; transaction " + tx + " could not be aborted but was never committed: FortiOS discards it "
                    + "when its timeout (" + TRANSACTION_TIMEOUT + ") runs out, nothing was applied";
        } else {
            tail = done.isEmpty() ? "; nothing was applied"
                    : "; applied before the failure: " + String.join("; ", done) + ". Rerun to converge";
        }
        return new ProviderException(cause.getMessage() + tail, cause.code(), cause.isTransient(), cause);
    }

    private boolean useTransactions() {
        if (mode != Transactions.AUTO) {
            return mode == Transactions.ON;
        }
        Matcher m = VERSION.matcher(firmware);
        if (!m.matches()) {
            return true; // unknown firmware: try, and fall back if the call is refused
        }
        int major = Integer.parseInt(m.group(1));
        int minor = Integer.parseInt(m.group(2));
        return major > 6 || (major == 6 && minor >= 4);
    }

    /** The transaction id, or null to go on without one (auto mode on a firmware that refuses transactions). */
    private Integer startTransaction() {
        ObjectNode body = JSON.createObjectNode().put("timeout", TRANSACTION_TIMEOUT);
        FortiOsReply r = api.send("POST", "", Map.of("action", "transaction-start"), body, null, "transaction-start");
        remember(r);
        int id = r.body().path("results").path("transaction-id").asInt(-1);
        if (r.ok() && id >= 0) {
            return id;
        }
        boolean refusedAsUnsupported = r.status() != 401 && r.status() != 403 && r.status() != 429
                && (r.status() < 500 || r.status() == 500 && r.error() != 0 || r.ok());
        if (mode == Transactions.AUTO && refusedAsUnsupported) {
            LOG.warn("FortiOS {} (vdom {}): firmware {} refused batch transactions (HTTP {}); applying the changes "
                    + "one by one in a safe order instead", name, vdom, firmware.isEmpty() ? "?" : firmware,
                    r.status());
            return null;
        }
        ProviderException e = FortiOsErrors.failure(name, vdom, "start a batch transaction", r);
        throw new ProviderException(e.getMessage() + (mode == Transactions.ON ? "; FortiOS before 6.4 has no "
                + "transactions: set transactions: off (or auto) for this firewall" : "") + "; nothing was applied",
                e.code(), e.isTransient(), e);
    }
}
