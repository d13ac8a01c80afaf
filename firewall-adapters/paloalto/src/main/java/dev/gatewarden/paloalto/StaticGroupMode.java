package dev.gatewarden.paloalto;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mode {@code static-group}: one address object per address ({@code ip-netmask} /32 or /128) tagged
 * {@code gatewarden-owner-<owner>} and {@code gatewarden-gateway-<gateway>}, and static address groups whose owned
 * members are exactly the desired ones (other members are kept). A change set costs one {@code get} per container,
 * one {@code multi-config} transaction and one commit (plus job polls, and a push on Panorama).
 *
 * <p>PAN-OS refuses a static group without members; when a group would list none, it gets the owned placeholder
 * {@link PanOsNames#placeholderName()} ({@value PanOsNames#PLACEHOLDER_IP}/32, TEST-NET-1, never a real source) so the
 * group and the rules that use it stay valid and match nothing real. The placeholder is removed (and deleted once no
 * group lists it) as soon as the group has real members again; observe never reports it.
 */
final class StaticGroupMode implements PanOsMode {
    private static final Logger LOG = LoggerFactory.getLogger(StaticGroupMode.class);
    private final PanOsDevice device;
    private final PanOsNames names;
    private final PanOsSettings settings;

    StaticGroupMode(PanOsDevice device, PanOsNames names, PanOsSettings settings) {
        this.device = device;
        this.names = names;
        this.settings = settings;
    }

    @Override
    public ObservedFirewall observe(FirewallScope scope) {
        PanOsConfig c = mayList(device.read(true), device.read(false));
        String placeholder = names.placeholderName();
        List<FirewallObject> objects = new ArrayList<>();
        for (PanOsConfig.Address a : c.addresses().values()) {
            String owner = a.owner();
            if (a.name().equals(placeholder) && names.owner().equals(owner)) {
                continue;
            }
            if (owner != null || scope.objectNames().contains(a.name())) {
                objects.add(new FirewallObject(a.name(), a.hostIp(), owner, a.gateway()));
            }
        }
        List<FirewallGroup> groups = new ArrayList<>();
        for (PanOsConfig.Group g : c.groups().values()) {
            String owner = g.owner();
            if (owner != null || scope.groups().contains(g.name())) {
                List<String> members = new ArrayList<>(g.dynamic() ? List.of() : g.staticMembers());
                members.remove(placeholder);
                groups.add(new FirewallGroup(g.name(), members, owner));
            }
        }
        return new ObservedFirewall(device.firewall(), objects, groups);
    }

    /**
     * What the firewall may list: the running config, plus what the next commit would publish from the candidate.
     * An earlier round whose commit failed leaves our objects in the candidate only; {@link #apply} always commits,
     * so they would go live in the same round that (seeing only the running config) let their addresses be released.
     * Objects in both are reported as running has them; group members are the union of both.
     */
    static PanOsConfig mayList(PanOsConfig running, PanOsConfig candidate) {
        Map<String, PanOsConfig.Address> addresses = new LinkedHashMap<>(running.addresses());
        candidate.addresses().forEach(addresses::putIfAbsent);
        Map<String, PanOsConfig.Group> groups = new LinkedHashMap<>(running.groups());
        candidate.groups().forEach((name, g) -> {
            PanOsConfig.Group r = groups.get(name);
            if (r == null) {
                groups.put(name, g);
            } else if (!r.dynamic() && !g.dynamic()) {
                LinkedHashSet<String> members = new LinkedHashSet<>(r.staticMembers());
                members.addAll(g.staticMembers());
                groups.put(name, new PanOsConfig.Group(name, List.copyOf(members), r.filter(), r.tags()));
            }
        });
        return new PanOsConfig(addresses, groups);
    }

    @Override
    public FirewallApplyResult apply(FirewallChangeSet cs) {
        String placeholder = names.placeholderName();
        Map<String, AddressObject> ensure = new LinkedHashMap<>();
        for (AddressObject o : cs.create()) {
            addEnsure(ensure, o, placeholder);
        }
        for (GroupMembers gm : cs.groups()) {
            PanOsNames.checkName("address group", gm.group());
            if (gm.gateway() != null) {
                names.gatewayTag(gm.gateway());
            }
            for (AddressObject o : gm.members()) {
                addEnsure(ensure, o, placeholder);
            }
        }
        for (AddressObject o : cs.delete()) {
            PanOsNames.checkName("address object", o.name());
        }

        PanOsConfig cur = device.read(false);
        String ownerTag = names.ownerTag();
        Map<String, PanOsConfig.Address> addrs = new LinkedHashMap<>(cur.addresses());
        Set<String> tagEntries = new LinkedHashSet<>();
        tagEntries.add(ownerTag);
        List<String> newAddresses = new ArrayList<>();
        List<PanOsDevice.Action> editAddresses = new ArrayList<>();
        for (AddressObject o : ensure.values()) {
            List<String> tags = tagsFor(o.gateway());
            tagEntries.addAll(tags);
            String xml = addressXml(o.name(), PanOsNames.hostNetmask(o.ip()), tags,
                    "Gatewarden owner " + names.owner() + (o.gateway() == null ? "" : ", gateway " + o.gateway()));
            PanOsConfig.Address a = addrs.get(o.name());
            if (a == null) {
                newAddresses.add(xml);
            } else if (!names.owner().equals(a.owner())) {
                throw conflict("address object", o.name(), a.owner());
            } else if (!sameIp(a, o.ip()) || !a.tags().containsAll(tags)) {
                editAddresses.add(new PanOsDevice.Action("edit", device.entryXpath("address", o.name()), xml));
            }
            addrs.put(o.name(), new PanOsConfig.Address(o.name(), PanOsNames.hostNetmask(o.ip()), tags, null));
        }

        Map<String, List<String>> finalMembers = new LinkedHashMap<>();
        cur.groups().forEach((n, g) -> finalMembers.put(n, g.dynamic() ? List.of() : g.staticMembers()));
        List<String> newGroups = new ArrayList<>();
        List<PanOsDevice.Action> editGroups = new ArrayList<>();
        boolean needPlaceholder = false;
        for (GroupMembers gm : cs.groups()) {
            PanOsConfig.Group g = cur.groups().get(gm.group());
            if (g != null && !names.owner().equals(g.owner())) {
                throw conflict("address group", gm.group(), g.owner());
            }
            LinkedHashSet<String> wanted = new LinkedHashSet<>();
            if (g != null && !g.dynamic()) {
                for (String m : g.staticMembers()) {
                    PanOsConfig.Address a = addrs.get(m);
                    boolean ours = a != null && names.owner().equals(a.owner());
                    if (!ours && !m.equals(placeholder)) {
                        wanted.add(m);
                    }
                }
            }
            gm.members().forEach(o -> wanted.add(o.name()));
            if (wanted.isEmpty()) {
                wanted.add(placeholder);
                needPlaceholder = true;
            }
            List<String> members = List.copyOf(wanted);
            List<String> tags = tagsFor(gm.gateway());
            tagEntries.addAll(tags);
            if (g == null) {
                newGroups.add(groupXml(gm.group(), members, tags, gm.gateway()));
            } else if (g.dynamic() || !g.tags().containsAll(tags)) {
                editGroups.add(new PanOsDevice.Action("edit", device.entryXpath("address-group", gm.group()),
                        groupXml(gm.group(), members, tags, gm.gateway())));
            } else if (!new HashSet<>(g.staticMembers()).equals(new HashSet<>(members))) {
                editGroups.add(new PanOsDevice.Action("edit", device.entryXpath("address-group", gm.group())
                        + "/static", "<static>" + membersXml(members) + "</static>"));
            }
            finalMembers.put(gm.group(), members);
        }

        PanOsConfig.Address existingPlaceholder = addrs.get(placeholder);
        if (needPlaceholder) {
            String xml = addressXml(placeholder, PanOsNames.hostNetmask(PanOsNames.PLACEHOLDER_IP), List.of(ownerTag),
                    "Gatewarden placeholder: PAN-OS needs a member in a static group; "
                            + PanOsNames.PLACEHOLDER_IP + " is TEST-NET-1, never a real source");
            if (existingPlaceholder == null) {
                newAddresses.add(xml);
            } else if (!names.owner().equals(existingPlaceholder.owner())) {
                throw conflict("address object", placeholder, existingPlaceholder.owner());
            } else if (!sameIp(existingPlaceholder, PanOsNames.PLACEHOLDER_IP)) {
                editAddresses.add(new PanOsDevice.Action("edit", device.entryXpath("address", placeholder), xml));
            }
        }

        List<PanOsDevice.Action> deletes = new ArrayList<>();
        List<String> blocked = new ArrayList<>();
        for (AddressObject o : cs.delete()) {
            PanOsConfig.Address a = cur.addresses().get(o.name());
            if (a == null || ensure.containsKey(o.name())) {
                continue;
            }
            if (!names.owner().equals(a.owner())) {
                throw conflict("address object", o.name(), a.owner());
            }
            List<String> refs = referencing(finalMembers, o.name());
            if (!refs.isEmpty()) {
                blocked.add(o.name() + " (still listed in address group " + String.join(", ", refs) + ")");
                continue;
            }
            deletes.add(new PanOsDevice.Action("delete", device.entryXpath("address", o.name()), null));
        }
        if (!needPlaceholder && existingPlaceholder != null && names.owner().equals(existingPlaceholder.owner())
                && referencing(finalMembers, placeholder).isEmpty()) {
            deletes.add(new PanOsDevice.Action("delete", device.entryXpath("address", placeholder), null));
        }

        List<PanOsDevice.Action> actions = new ArrayList<>();
        if (!newAddresses.isEmpty() || !editAddresses.isEmpty() || !newGroups.isEmpty() || !editGroups.isEmpty()) {
            StringBuilder tags = new StringBuilder();
            for (String t : tagEntries) {
                tags.append("<entry name=\"").append(PanOsXml.esc(t)).append("\"/>");
            }
            actions.add(new PanOsDevice.Action("set", device.containerXpath("tag"), tags.toString()));
        }
        if (!newAddresses.isEmpty()) {
            actions.add(new PanOsDevice.Action("set", device.containerXpath("address"), String.join("", newAddresses)));
        }
        actions.addAll(editAddresses);
        if (!newGroups.isEmpty()) {
            actions.add(new PanOsDevice.Action("set", device.containerXpath("address-group"),
                    String.join("", newGroups)));
        }
        actions.addAll(editGroups);
        actions.addAll(deletes);
        device.write(actions);
        LOG.info("PAN-OS {}: {} config changes in {} ({} objects created, {} updated, {} groups created, {} "
                        + "updated, {} deletions)", device.firewall(), actions.size(), settings.locationLabel(),
                newAddresses.size(), editAddresses.size(), newGroups.size(), editGroups.size(), deletes.size());

        List<String> messages = new ArrayList<>();
        // Commit even without new actions: an earlier round may have written without a successful commit.
        String job = device.commit();
        messages.add(job == null ? "nothing to commit" : "commit job " + job + " OK");
        String pushJob = null;
        if (settings.panorama() && settings.deviceGroup() != null) {
            pushJob = device.push(settings.deviceGroup());
            messages.add("push of device group " + settings.deviceGroup() + (pushJob == null ? ": nothing to push"
                    : " job " + pushJob + " OK"));
        }
        if (!blocked.isEmpty()) {
            throw new ProviderException("PAN-OS " + device.firewall() + " kept address objects that other groups "
                    + "still list: " + String.join("; ", blocked) + ". Remove them from those groups; the next round "
                    + "deletes them (everything else was applied and committed)", "10", false);
        }
        String ref = job == null ? null : "job " + job + (pushJob == null ? "" : ", push job " + pushJob);
        if (ref == null && pushJob != null) {
            ref = "push job " + pushJob;
        }
        return new FirewallApplyResult(ref, messages);
    }

    private void addEnsure(Map<String, AddressObject> ensure, AddressObject o, String placeholder) {
        PanOsNames.checkName("address object", o.name());
        PanOsNames.parseIp("address object " + o.name(), o.ip());
        if (o.gateway() != null) {
            names.gatewayTag(o.gateway());
        }
        if (o.name().equals(placeholder)) {
            throw new ConfigException("address object name " + placeholder + " is reserved for Gatewarden's empty-group"
                    + " placeholder on PAN-OS; change the name template");
        }
        AddressObject prev = ensure.putIfAbsent(o.name(), o);
        if (prev != null && !PanOsNames.canonical(prev.ip()).equals(PanOsNames.canonical(o.ip()))) {
            throw new ConfigException("address object " + o.name() + " is asked for with two IPs (" + prev.ip() + ", "
                    + o.ip() + ")");
        }
    }

    private List<String> tagsFor(String gateway) {
        List<String> tags = new ArrayList<>();
        tags.add(names.ownerTag());
        if (gateway != null) {
            tags.add(names.gatewayTag(gateway));
        }
        return tags;
    }

    private static List<String> referencing(Map<String, List<String>> groups, String member) {
        List<String> out = new ArrayList<>();
        groups.forEach((g, members) -> {
            if (members.contains(member)) {
                out.add(g);
            }
        });
        return out;
    }

    private static boolean sameIp(PanOsConfig.Address a, String ip) {
        String have = a.hostIp();
        return have != null && have.indexOf('/') < 0 && PanOsNames.canonical(have).equals(PanOsNames.canonical(ip));
    }

    private OwnershipConflictException conflict(String what, String name, String otherOwner) {
        return new OwnershipConflictException("PAN-OS " + device.firewall() + ": " + what + " '" + name + "' in "
                + settings.locationLabel() + (otherOwner == null
                ? " exists without Gatewarden's tag " + names.ownerTag()
                : " belongs to Gatewarden owner '" + otherOwner + "'")
                + "; it was left untouched. Rename or remove it on the firewall, change the name template, or adopt"
                + " it explicitly");
    }

    static String addressXml(String name, String netmask, List<String> tags, String description) {
        return "<entry name=\"" + PanOsXml.esc(name) + "\"><ip-netmask>" + PanOsXml.esc(netmask)
                + "</ip-netmask><description>" + PanOsXml.esc(description) + "</description><tag>"
                + membersXml(tags) + "</tag></entry>";
    }

    private String groupXml(String name, List<String> members, List<String> tags, String gateway) {
        return "<entry name=\"" + PanOsXml.esc(name) + "\"><static>" + membersXml(members)
                + "</static><description>" + PanOsXml.esc("Gatewarden owner " + names.owner()
                + (gateway == null ? "" : ", gateway " + gateway)) + "</description><tag>" + membersXml(tags)
                + "</tag></entry>";
    }

    static String membersXml(List<String> members) {
        StringBuilder b = new StringBuilder();
        for (String m : members) {
            b.append("<member>").append(PanOsXml.esc(m)).append("</member>");
        }
        return b.toString();
    }
}
