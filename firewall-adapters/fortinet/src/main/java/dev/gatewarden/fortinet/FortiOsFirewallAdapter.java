package dev.gatewarden.fortinet;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gatewarden.GatewardenException.ConfigException;
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
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
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
 *
 * <p>This class validates and observes; {@link FortiOsSnapshot} reads the tables, {@link FortiOsWritePlanner}
 * orders the writes (checking ownership with {@link FortiOsOwnership}) and {@link FortiOsWriter} sends them.
 */
public final class FortiOsFirewallAdapter implements FirewallAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(FortiOsFirewallAdapter.class);
    /** FortiOS accepts more (spaces, '/', ':' …), but this set is safe in URLs, filters, the CLI and the GUI. */
    static final NameRules NAME_RULES = new NameRules("FortiOS", 79, Pattern.compile("[A-Za-z0-9._-]+"),
            "letters, digits, '.', '_' and '-'");

    /** Whether to use FortiOS batch transactions: {@code auto} uses them when the firmware has them (6.4+). */
    public enum Transactions { AUTO, ON, OFF }

    private final String name;
    private final FortiOsApi api;
    private final String owner;
    private final String vdom;
    private final Transactions mode;
    private final FortiOsVdom target;
    private final FortiOsWritePlanner planner;
    private final FortiOsWriter writer;

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
        this.target = new FortiOsVdom(name, api, vdom);
        this.planner = new FortiOsWritePlanner(name, vdom, owner);
        this.writer = new FortiOsWriter(target, mode);
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
        return target.firmware();
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
        FortiOsSnapshot st = FortiOsSnapshot.read(target, who, names);
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
                objects.add(new FirewallObject(n, FortiOsSnapshot.ipOf(t, e), mark == null ? null : mark.owner(),
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
                List<String> members = FortiOsSnapshot.members(e).stream().filter(m -> !hidden.contains(m)).toList();
                groups.add(new FirewallGroup(n, members, mark == null ? null : mark.owner()));
            }
        }
        LOG.debug("FortiOS {} (vdom {}): observed {} objects and {} groups", name, vdom, objects.size(),
                groups.size());
        return new ObservedFirewall(name, objects, groups);
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

    // ---- apply ---------------------------------------------------------------------------------------------

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
        FortiOsSnapshot st = FortiOsSnapshot.read(target, owner, names);
        List<FortiOsWrite> writes = planner.plan(st, creates, groups, deletes);
        if (writes.isEmpty()) {
            LOG.info("FortiOS {} (vdom {}): already as desired, nothing to change", name, vdom);
            return FirewallApplyResult.nothingToCommit();
        }
        return writer.execute(writes);
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
}
