package dev.gatewarden.paloalto;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code dynamic-tags}: each group is a dynamic address group (marked with the owner tag) whose filter matches
 * the group's registration tag {@code gw.<owner>.grp.<group>}; addresses are registered and unregistered through
 * the User-ID API in one {@code uid-message} per change set, with no commit (only creating or fixing a dynamic group
 * commits). A registered IP stands for the executor's address object: it carries {@code gw.<owner>.obj.<name>}
 * (so observe reports the same object name back), {@code gw.<owner>.gw.<gateway>} and the owner tag. Observe reads
 * the registrations back, so anything lost (reboot without persistence, expiry, an admin clearing them) is
 * registered again on the next round.
 */
final class DynamicTagsMode implements PanOsMode {
    private static final Logger LOG = LoggerFactory.getLogger(DynamicTagsMode.class);
    static final int MAX_ENTRIES_PER_MESSAGE = 1000;
    private final PanOsDevice device;
    private final PanOsNames names;
    private final PanOsSettings settings;

    DynamicTagsMode(PanOsDevice device, PanOsNames names, PanOsSettings settings) {
        this.device = device;
        this.names = names;
        this.settings = settings;
    }

    /** Our tags per registered IP, keyed by canonical IP; {@code printed} keeps the firewall's spelling. */
    private record Registered(String printed, Set<String> tags) {
    }

    private Map<String, Registered> readRegistrations() {
        Map<String, Registered> out = new LinkedHashMap<>();
        device.registeredIps(names.ownerTag()).forEach((ip, tags) -> {
            Set<String> ours = new LinkedHashSet<>();
            for (String t : tags) {
                if (names.isOurRegTag(t)) {
                    ours.add(t);
                }
            }
            out.put(PanOsNames.canonical(ip), new Registered(ip, ours));
        });
        return out;
    }

    @Override
    public ObservedFirewall observe(FirewallScope scope) {
        Map<String, PanOsConfig.Group> groups = PanOsConfig.parseGroups(device.readContainer("address-group", true));
        Map<String, Registered> regs = readRegistrations();
        List<FirewallObject> objects = new ArrayList<>();
        if (!scope.objectNames().isEmpty()) {
            // unowned address objects under names we would use are reported, so the planner shows the conflict
            for (PanOsConfig.Address a : PanOsConfig.parseAddresses(device.readContainer("address", true)).values()) {
                if (scope.objectNames().contains(a.name()) && !names.owner().equals(a.owner())) {
                    objects.add(new FirewallObject(a.name(), a.hostIp(), a.owner(), a.gateway()));
                }
            }
        }
        Map<String, List<String>> namesByTag = new LinkedHashMap<>();
        for (Registered r : regs.values()) {
            List<String> objectNames = new ArrayList<>();
            String gateway = null;
            for (String t : r.tags()) {
                String n = names.objectNameOf(t);
                if (n != null) {
                    objectNames.add(n);
                }
                String g = names.gatewayOfRegTag(t);
                if (g != null) {
                    gateway = g;
                }
            }
            if (objectNames.isEmpty()) {
                objectNames.add("registered-" + r.printed());
            }
            for (String n : objectNames) {
                objects.add(new FirewallObject(n, r.printed(), names.owner(), gateway));
            }
            for (String t : r.tags()) {
                namesByTag.computeIfAbsent(t, x -> new ArrayList<>()).addAll(objectNames);
            }
        }
        List<FirewallGroup> out = new ArrayList<>();
        for (PanOsConfig.Group g : groups.values()) {
            String owner = g.owner();
            if (owner == null && !scope.groups().contains(g.name())) {
                continue;
            }
            List<String> members = new ArrayList<>();
            if (names.owner().equals(owner) && g.dynamic()) {
                members.addAll(namesByTag.getOrDefault(names.regGroupTag(g.name()), List.of()));
            } else if (!g.dynamic()) {
                members.addAll(g.staticMembers());
            }
            out.add(new FirewallGroup(g.name(), members, owner));
        }
        return new ObservedFirewall(device.firewall(), objects, out);
    }

    @Override
    public FirewallApplyResult apply(FirewallChangeSet cs) {
        for (AddressObject o : cs.create()) {
            check(o);
        }
        for (AddressObject o : cs.delete()) {
            check(o);
        }
        for (GroupMembers gm : cs.groups()) {
            PanOsNames.checkName("address group", gm.group());
            names.regGroupTag(gm.group());
            gm.members().forEach(this::check);
        }
        checkNameCollisions(cs);
        List<String> messages = new ArrayList<>();
        String job = ensureGroups(cs.groups());
        if (job != null) {
            messages.add("commit job " + job + " OK (dynamic groups)");
        }

        Map<String, Registered> cur = cs.isEmpty() ? Map.of() : readRegistrations();
        Map<String, Set<String>> des = new LinkedHashMap<>();
        Map<String, String> spelling = new LinkedHashMap<>();
        cur.forEach((ip, r) -> {
            des.put(ip, new LinkedHashSet<>(r.tags()));
            spelling.put(ip, r.printed());
        });
        for (AddressObject o : cs.delete()) {
            String ip = PanOsNames.canonical(o.ip());
            Set<String> tags = des.get(ip);
            if (tags == null) {
                continue;
            }
            tags.remove(names.regObjectTag(o.name()));
            boolean otherNames = tags.stream().anyMatch(t -> names.objectNameOf(t) != null);
            if (!otherNames) {
                des.remove(ip);
            }
        }
        for (AddressObject o : cs.create()) {
            want(des, spelling, o, null);
        }
        for (GroupMembers gm : cs.groups()) {
            String groupTag = names.regGroupTag(gm.group());
            Set<String> memberIps = new LinkedHashSet<>();
            gm.members().forEach(o -> memberIps.add(PanOsNames.canonical(o.ip())));
            des.forEach((ip, tags) -> {
                if (!memberIps.contains(ip)) {
                    tags.remove(groupTag);
                }
            });
            for (AddressObject o : gm.members()) {
                want(des, spelling, o, groupTag);
            }
        }
        des.values().removeIf(Set::isEmpty);

        boolean refresh = !settings.registrationTimeout().isZero();
        List<String> register = new ArrayList<>();
        List<String> unregister = new ArrayList<>();
        des.forEach((ip, tags) -> {
            Set<String> have = cur.containsKey(ip) ? cur.get(ip).tags() : Set.of();
            List<String> add = new ArrayList<>();
            for (String t : tags) {
                if (refresh || !have.contains(t)) {
                    add.add(t);
                }
            }
            if (!add.isEmpty()) {
                register.add(registerEntry(spelling.get(ip), add));
            }
        });
        cur.forEach((ip, r) -> {
            Set<String> keep = des.getOrDefault(ip, Set.of());
            List<String> drop = new ArrayList<>();
            for (String t : r.tags()) {
                if (!keep.contains(t)) {
                    drop.add(t);
                }
            }
            if (!drop.isEmpty()) {
                unregister.add("<entry ip=\"" + PanOsXml.esc(r.printed()) + "\"><tag>"
                        + StaticGroupMode.membersXml(drop) + "</tag></entry>");
            }
        });
        int calls = send(register, unregister);
        LOG.info("PAN-OS {}: {} registrations and {} unregistrations in {} User-ID call(s)", device.firewall(),
                register.size(), unregister.size(), calls);
        messages.add(register.size() + " IPs registered, " + unregister.size() + " unregistered");
        return new FirewallApplyResult(job == null ? null : "job " + job, messages);
    }

    /**
     * A registered IP stands for an address object of the executor's naming; an address object with that name
     * that is not ours means someone else uses the name: a conflict, as in static-group mode.
     */
    private void checkNameCollisions(FirewallChangeSet cs) {
        List<AddressObject> wanted = new ArrayList<>(cs.create());
        cs.groups().forEach(gm -> wanted.addAll(gm.members()));
        if (wanted.isEmpty()) {
            return;
        }
        Map<String, PanOsConfig.Address> addrs = PanOsConfig.parseAddresses(device.readContainer("address", false));
        for (AddressObject o : wanted) {
            PanOsConfig.Address a = addrs.get(o.name());
            if (a != null && !names.owner().equals(a.owner())) {
                throw new OwnershipConflictException("PAN-OS " + device.firewall() + ": address object '" + o.name()
                        + "' in " + settings.locationLabel() + (a.owner() == null
                        ? " exists without Gatewarden's tag " + names.ownerTag()
                        : " belongs to Gatewarden owner '" + a.owner() + "'")
                        + "; Gatewarden does not register " + o.ip() + " under that name. Rename or remove the "
                        + "object on the firewall, or change the name template");
            }
        }
    }

    private void check(AddressObject o) {
        PanOsNames.checkName("address object", o.name());
        PanOsNames.parseIp("address object " + o.name(), o.ip());
        names.regObjectTag(o.name());
        if (o.gateway() != null) {
            names.regGatewayTag(o.gateway());
        }
    }

    private void want(Map<String, Set<String>> des, Map<String, String> spelling, AddressObject o, String groupTag) {
        String ip = PanOsNames.canonical(o.ip());
        spelling.putIfAbsent(ip, o.ip());
        Set<String> tags = des.computeIfAbsent(ip, x -> new LinkedHashSet<>());
        tags.add(names.ownerTag());
        tags.add(names.regObjectTag(o.name()));
        if (o.gateway() != null) {
            tags.add(names.regGatewayTag(o.gateway()));
        }
        if (groupTag != null) {
            tags.add(groupTag);
        }
    }

    private String registerEntry(String ip, List<String> tags) {
        long timeout = settings.registrationTimeout().toSeconds();
        StringBuilder b = new StringBuilder("<entry ip=\"").append(PanOsXml.esc(ip)).append("\" persistent=\"1\"><tag>");
        for (String t : tags) {
            b.append("<member");
            if (timeout > 0) {
                b.append(" timeout=\"").append(timeout).append('"');
            }
            b.append('>').append(PanOsXml.esc(t)).append("</member>");
        }
        return b.append("</tag></entry>").toString();
    }

    private int send(List<String> register, List<String> unregister) {
        int calls = 0;
        int r = 0;
        int u = 0;
        while (r < register.size() || u < unregister.size()) {
            StringBuilder p = new StringBuilder();
            int budget = MAX_ENTRIES_PER_MESSAGE;
            if (r < register.size()) {
                p.append("<register>");
                while (r < register.size() && budget > 0) {
                    p.append(register.get(r++));
                    budget--;
                }
                p.append("</register>");
            }
            if (u < unregister.size() && budget > 0) {
                p.append("<unregister>");
                while (u < unregister.size() && budget > 0) {
                    p.append(unregister.get(u++));
                    budget--;
                }
                p.append("</unregister>");
            }
            device.userId(p.toString());
            calls++;
        }
        return calls;
    }

    /** Creates or fixes the dynamic groups (one multi-config, one commit); null when they were all fine. */
    private String ensureGroups(List<GroupMembers> groups) {
        if (groups.isEmpty()) {
            return null;
        }
        Map<String, PanOsConfig.Group> cur = PanOsConfig.parseGroups(device.readContainer("address-group", false));
        String ownerTag = names.ownerTag();
        List<String> entries = new ArrayList<>();
        List<PanOsDevice.Action> edits = new ArrayList<>();
        for (GroupMembers gm : groups) {
            PanOsConfig.Group g = cur.get(gm.group());
            if (g != null && !names.owner().equals(g.owner())) {
                throw new OwnershipConflictException("PAN-OS " + device.firewall() + ": address group '" + gm.group()
                        + "' in " + settings.locationLabel() + (g.owner() == null
                        ? " exists without Gatewarden's tag " + ownerTag
                        : " belongs to Gatewarden owner '" + g.owner() + "'")
                        + "; it was left untouched. Rename or remove it on the firewall, or adopt it explicitly");
            }
            String filter = "'" + names.regGroupTag(gm.group()) + "'";
            if (filter.indexOf('\'', 1) != filter.length() - 1) {
                throw new ConfigException("group name " + gm.group() + " cannot be quoted in a PAN-OS filter");
            }
            String xml = "<entry name=\"" + PanOsXml.esc(gm.group()) + "\"><dynamic><filter>" + PanOsXml.esc(filter)
                    + "</filter></dynamic><description>" + PanOsXml.esc("Gatewarden owner " + names.owner()
                    + (gm.gateway() == null ? "" : ", gateway " + gm.gateway()) + "; members are registered IPs")
                    + "</description><tag><member>" + PanOsXml.esc(ownerTag) + "</member></tag></entry>";
            if (g == null) {
                entries.add(xml);
            } else if (!g.dynamic() || !filter.equals(g.filter())) {
                edits.add(new PanOsDevice.Action("edit", device.entryXpath("address-group", gm.group()), xml));
            }
        }
        if (entries.isEmpty() && edits.isEmpty()) {
            // The candidate is right; commit only if an earlier round's commit did not make it to the running config.
            Map<String, PanOsConfig.Group> run = PanOsConfig.parseGroups(device.readContainer("address-group", true));
            boolean committed = true;
            for (GroupMembers gm : groups) {
                PanOsConfig.Group g = run.get(gm.group());
                committed &= g != null && g.dynamic() && ("'" + names.regGroupTag(gm.group()) + "'").equals(g.filter());
            }
            return committed ? null : device.commit();
        }
        List<PanOsDevice.Action> actions = new ArrayList<>();
        actions.add(new PanOsDevice.Action("set", device.containerXpath("tag"), "<entry name=\""
                + PanOsXml.esc(ownerTag) + "\"/>"));
        if (!entries.isEmpty()) {
            actions.add(new PanOsDevice.Action("set", device.containerXpath("address-group"),
                    String.join("", entries)));
        }
        actions.addAll(edits);
        device.write(actions);
        return device.commit();
    }
}
