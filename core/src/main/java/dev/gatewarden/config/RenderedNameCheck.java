package dev.gatewarden.config;

import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.FirewallBinding;
import dev.gatewarden.ownership.NameRules;
import dev.gatewarden.ownership.NameTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cross-entry checks on the names the firewalls will see: each binding's group used by one gateway only, and the
 * rendered object and group names accepted by the firewall type's {@link NameRules}.
 */
final class RenderedNameCheck {
    private final Problems problems;
    private final PluginCatalog catalog;

    RenderedNameCheck(Problems problems, PluginCatalog catalog) {
        this.problems = problems;
        this.catalog = catalog;
    }

    void check(String owner, List<GatewayBinder.ParsedGateway> gateways,
               Map<String, Parsed<FirewallTarget>> firewalls) {
        Map<String, String> groupsUsed = new HashMap<>();
        for (GatewayBinder.ParsedGateway pg : gateways) {
            for (Parsed<FirewallBinding> pb : pg.bindings()) {
                FirewallBinding b = pb.value();
                Parsed<FirewallTarget> pf = firewalls.get(b.firewall());
                if (pf == null) {
                    continue;
                }
                FirewallTarget fw = pf.value();
                String gatewayName = pg.name();
                if (owner == null) {
                    continue;
                }
                String group = b.group() != null ? b.group() : fw.naming().groupName(owner, gatewayName);
                String key = fw.name() + "\u0000" + group;
                String other = groupsUsed.putIfAbsent(key, gatewayName + "\u0000" + pb.path());
                if (other != null) {
                    String[] parts = other.split("\u0000", 2);
                    problems.add(pb.node(), pb.path(), "group '" + group + "' on firewall '" + fw.name()
                            + "' is already used by " + (parts[0].equals(gatewayName) ? "this gateway" : "gateway '"
                            + parts[0] + "'") + " (" + parts[1] + "); a group lists one gateway's addresses of one "
                            + "kind: give this binding its own group"
                            + (b.group() == null ? " (the naming.group template needs {gateway})" : ""));
                }
                Optional<NameRules> rules = catalog.nameRules(fw.type());
                if (rules.isEmpty()) {
                    continue;
                }
                NameRules r = rules.get();
                List<String> ips = new ArrayList<>();
                ips.add(NameTemplate.WORST_IPV4);
                (b.addresses() == AddressKind.PUBLIC ? pg.publicIps() : pg.privateIps()).stream()
                        .filter(ip -> ip != null && ip.length() > NameTemplate.WORST_IPV4.length()).forEach(ips::add);
                int slot = Math.max(0, pg.addresses() - 1);
                for (String ip : ips) {
                    String object = fw.naming().objectName(owner, gatewayName, ip, slot);
                    String why = r.check(object);
                    if (why != null) {
                        // located at the gateway's name: the usual fix (the message names the other ones)
                        problems.add(pg.nameNode(), pg.path() + ".name", "too long for firewall '" + fw.name()
                                + "' (" + pb.path().substring(pg.path().length() + 1) + "): its address object "
                                + "names would be rejected: " + why + " (rendered with " + (ip.equals(NameTemplate.WORST_IPV4)
                                ? "the longest IPv4, " + NameTemplate.WORST_IPV4 : "IP " + ip) + ")"
                                + "; shorten the gateway or owner name, or set a shorter firewalls[" + fw.name()
                                + "].naming.object template (now '" + fw.naming().objectTemplate() + "')");
                        break;
                    }
                }
                String why = r.check(group);
                if (why != null) {
                    if (b.group() != null) {
                        problems.add(pb.node().get("group"), pb.path() + ".group", "firewall '" + fw.name()
                                + "' would reject this group name: " + why + "; choose a shorter group");
                    } else {
                        problems.add(pg.nameNode(), pg.path() + ".name", "too long for firewall '" + fw.name() + "' ("
                                + pb.path().substring(pg.path().length() + 1) + "): its default group name would be rejected: "
                                + why + "; shorten the gateway or owner name, set group: on that binding, or set a "
                                + "shorter firewalls[" + fw.name() + "].naming.group template (now '"
                                + fw.naming().groupTemplate() + "')");
                    }
                }
            }
        }
    }
}
