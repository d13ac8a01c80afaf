package dev.gatewarden.sandbox.panos;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * One PAN-OS configuration (candidate or running) as a DOM tree, with the {@code set} (merge under the parent),
 * {@code edit} (replace the node) and {@code delete} actions and validation as strict as PAN-OS for the parts the
 * simulator models: address objects, address groups and tags in {@code shared}, vsys entries (firewall) and device
 * groups (Panorama).
 */
final class ConfigTree {
    static final String DEVICE = "localhost.localdomain";
    static final int MAX_NAME = 63;
    static final int MAX_TAG_NAME = 127;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._ -]*");
    private static final Pattern IPV4 = Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
    private static final Set<String> CONTAINERS = Set.of("address", "address-group", "tag");
    private static final Set<String> ADDRESS_CHILDREN = Set.of("ip-netmask", "ip-range", "ip-wildcard", "fqdn",
            "description", "tag");
    private static final Set<String> GROUP_CHILDREN = Set.of("static", "dynamic", "description", "tag");
    private static final Set<String> TAG_CHILDREN = Set.of("color", "comments");

    private final Document doc;
    int maxStaticMembers = 2500;

    private ConfigTree(Document doc) {
        this.doc = doc;
    }

    /** A fresh configuration with the given vsys entries (firewall) or device groups (Panorama). */
    static ConfigTree empty(boolean panorama, List<String> locations) {
        return empty(panorama, locations, null);
    }

    /**
     * A fresh configuration as a new device has it: {@code deviceconfig/system/hostname} (when given), the vsys
     * entries or device groups (without {@code address}, {@code address-group} or {@code tag} nodes) and an empty
     * {@code shared}.
     */
    static ConfigTree empty(boolean panorama, List<String> locations, String hostname) {
        Document d = Xml.newDocument();
        Element config = d.createElement("config");
        d.appendChild(config);
        Element devices = d.createElement("devices");
        config.appendChild(devices);
        Element device = d.createElement("entry");
        device.setAttribute("name", DEVICE);
        devices.appendChild(device);
        if (hostname != null) {
            Element deviceconfig = d.createElement("deviceconfig");
            Element system = d.createElement("system");
            Element host = d.createElement("hostname");
            host.setTextContent(hostname);
            system.appendChild(host);
            deviceconfig.appendChild(system);
            device.appendChild(deviceconfig);
        }
        Element holder = d.createElement(panorama ? "device-group" : "vsys");
        device.appendChild(holder);
        for (String l : locations) {
            Element e = d.createElement("entry");
            e.setAttribute("name", l);
            holder.appendChild(e);
        }
        config.appendChild(d.createElement("shared"));
        return new ConfigTree(d);
    }

    static ConfigTree fromXml(String xml) {
        try {
            Document d = Xml.parse(xml);
            Xml.strip(d.getDocumentElement());
            return new ConfigTree(d);
        } catch (Xml.MalformedXml e) {
            throw new IllegalArgumentException("snapshot holds malformed PAN-OS config XML", e);
        }
    }

    ConfigTree copy() {
        Document d = Xml.newDocument();
        d.appendChild(d.importNode(doc.getDocumentElement(), true));
        ConfigTree t = new ConfigTree(d);
        t.maxStaticMembers = maxStaticMembers;
        return t;
    }

    String toXml() {
        return Xml.toString(doc.getDocumentElement());
    }

    Document document() {
        return doc;
    }

    /** True when both trees serialise the same. */
    boolean sameAs(ConfigTree other) {
        return toXml().equals(other.toXml());
    }

    /** The node at {@code path}, or null. */
    Element find(ConfigXPath path) {
        Element cur = doc.getDocumentElement();
        if (!path.steps().get(0).matches(cur)) {
            return null;
        }
        for (int i = 1; i < path.size() && cur != null; i++) {
            ConfigXPath.Step s = path.steps().get(i);
            Element next = null;
            for (Element c : Xml.children(cur)) {
                if (s.matches(c)) {
                    next = c;
                    break;
                }
            }
            cur = next;
        }
        return cur;
    }

    /** Every node {@code path} selects (steps without a predicate select all such children), in document order. */
    List<Element> findAll(ConfigXPath path) {
        List<Element> cur = new ArrayList<>();
        if (path.steps().get(0).matches(doc.getDocumentElement())) {
            cur.add(doc.getDocumentElement());
        }
        for (int i = 1; i < path.size() && !cur.isEmpty(); i++) {
            ConfigXPath.Step s = path.steps().get(i);
            List<Element> next = new ArrayList<>();
            for (Element e : cur) {
                for (Element c : Xml.children(e)) {
                    if (s.matches(c)) {
                        next.add(c);
                    }
                }
            }
            cur = next;
        }
        if (path.attribute() != null) {
            cur.removeIf(e -> !e.hasAttribute(path.attribute()));
        }
        return cur;
    }

    /** Checks that a write targets an address, address-group or tag container (or below) of an existing location. */
    private void checkWritable(ConfigXPath path, boolean pathIsParent) throws PanOsError {
        if (!path.names()) {
            throw new PanOsError(12, "Invalid object: " + path + " does not name one node (an entry without [@name] or"
                    + " an attribute cannot be written)");
        }
        int loc = path.locationEnd();
        if (loc < 0 || (pathIsParent ? path.size() <= loc : path.size() <= loc + 1)
                || !CONTAINERS.contains(path.steps().get(loc).name())) {
            if (loc >= 0 && path.size() > loc && !CONTAINERS.contains(path.steps().get(loc).name())) {
                throw new PanOsError(12, "Invalid object: the sandbox models only address, address-group and tag ("
                        + path + ")");
            }
            throw new PanOsError(12, "Invalid object: " + path + " is not a valid location for this action");
        }
        Element location = find(new ConfigXPath(path.steps().subList(0, loc)));
        if (location == null) {
            ConfigXPath.Step s = path.steps().get(loc - 1);
            throw new PanOsError(12, "Invalid object: "
                    + (s.nameAttr() == null ? "shared" : path.steps().get(loc - 2).name() + " " + s.nameAttr())
                    + " does not exist on this device");
        }
    }

    /** Returns the node at {@code path}, creating missing steps below the location. */
    private Element findOrCreate(ConfigXPath path) throws PanOsError {
        Element cur = doc.getDocumentElement();
        for (int i = 1; i < path.size(); i++) {
            ConfigXPath.Step s = path.steps().get(i);
            Element next = null;
            for (Element c : Xml.children(cur)) {
                if (s.matches(c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                if (s.text() != null) {
                    next = doc.createElement(s.name());
                    next.setTextContent(s.text());
                } else {
                    next = doc.createElement(s.name());
                    if (s.nameAttr() != null) {
                        next.setAttribute("name", s.nameAttr());
                    }
                }
                cur.appendChild(next);
            }
            cur = next;
        }
        return cur;
    }

    /** {@code action=set}: merges each element under the node at {@code path} (its parent container). */
    void set(ConfigXPath path, List<Element> elements) throws PanOsError {
        checkWritable(path, true);
        Element target = findOrCreate(path);
        for (Element e : elements) {
            Element imported = (Element) doc.importNode(e, true);
            Xml.strip(imported);
            merge(target, imported);
        }
        validateOrThrow();
    }

    private void merge(Element target, Element incoming) {
        Element match = null;
        for (Element c : Xml.children(target)) {
            if (!c.getTagName().equals(incoming.getTagName())) {
                continue;
            }
            if (incoming.hasAttribute("name")) {
                if (incoming.getAttribute("name").equals(c.getAttribute("name"))) {
                    match = c;
                    break;
                }
            } else if (incoming.getTagName().equals("member")) {
                if (incoming.getTextContent().trim().equals(c.getTextContent().trim())) {
                    match = c;
                    break;
                }
            } else {
                match = c;
                break;
            }
        }
        if (match == null) {
            target.appendChild(incoming);
            return;
        }
        if (incoming.getTagName().equals("member")) {
            return;
        }
        List<Element> kids = Xml.children(incoming);
        if (kids.isEmpty()) {
            if (!incoming.getTextContent().isBlank() || Xml.children(match).isEmpty()) {
                while (match.getFirstChild() != null) {
                    match.removeChild(match.getFirstChild());
                }
                match.setTextContent(incoming.getTextContent().trim());
            }
            return;
        }
        for (Element k : kids) {
            merge(match, k);
        }
    }

    /** {@code action=edit}: replaces (or creates) the node at {@code path} with {@code element}. */
    void edit(ConfigXPath path, Element element) throws PanOsError {
        checkWritable(path, false);
        ConfigXPath.Step last = path.last();
        if (!element.getTagName().equals(last.name())
                || (last.nameAttr() != null && !last.nameAttr().equals(element.getAttribute("name")))
                || (last.text() != null && !last.text().equals(element.getTextContent().trim()))) {
            throw new PanOsError(12, "Invalid object: edit breaks config validity (element does not match "
                    + last + ")");
        }
        Element imported = (Element) doc.importNode(element, true);
        Xml.strip(imported);
        Element existing = find(path);
        if (existing != null) {
            existing.getParentNode().replaceChild(imported, existing);
        } else {
            findOrCreate(path.parent()).appendChild(imported);
        }
        validateOrThrow();
    }

    /** {@code action=delete}: removes the node; false when it was not there. */
    boolean delete(ConfigXPath path) throws PanOsError {
        checkWritable(path, false);
        Element existing = find(path);
        if (existing == null) {
            return false;
        }
        Node parent = existing.getParentNode();
        Node next = existing.getNextSibling();
        parent.removeChild(existing);
        List<Problem> problems = validate();
        List<String> refs = new ArrayList<>();
        for (Problem p : problems) {
            if (p.reference) {
                refs.add(" " + p.where);
            }
        }
        if (!refs.isEmpty()) {
            parent.insertBefore(existing, next);
            List<String> lines = new ArrayList<>();
            String name = existing.hasAttribute("name") ? existing.getAttribute("name") : existing.getTagName();
            lines.add(name + " cannot be deleted because of references from:");
            lines.addAll(refs);
            throw new PanOsError(10, lines);
        }
        if (!problems.isEmpty()) {
            parent.insertBefore(existing, next);
            throw new PanOsError(12, problems.stream().map(p -> p.line).toList());
        }
        return true;
    }

    /** {@code action=rename}: renames the entry at {@code path}, updating the references that name it. */
    void rename(ConfigXPath path, String newName) throws PanOsError {
        checkWritable(path, false);
        Element existing = existingEntry(path);
        requireNewName(existing.getParentNode(), newName);
        String old = existing.getAttribute("name");
        existing.setAttribute("name", newName);
        String container = ((Element) existing.getParentNode()).getTagName();
        Element location = (Element) existing.getParentNode().getParentNode();
        Element shared = Xml.child(doc.getDocumentElement(), "shared");
        for (Location loc : locations()) {
            if (location != shared && loc.element() != location) {
                continue;
            }
            for (String c : List.of("address", "address-group")) {
                for (Element e : entries(loc.element(), c).values()) {
                    List<Element> lists = new ArrayList<>();
                    if (container.equals("tag")) {
                        lists.add(Xml.child(e, "tag"));
                    } else if (c.equals("address-group")) {
                        lists.add(Xml.child(e, "static"));
                    }
                    for (Element list : lists) {
                        for (Element m : list == null ? List.<Element>of() : Xml.children(list, "member")) {
                            if (m.getTextContent().trim().equals(old)) {
                                m.setTextContent(newName);
                            }
                        }
                    }
                }
            }
        }
        validateOrThrow();
    }

    /** {@code action=clone}: copies the entry at {@code from} into the container at {@code parent} as {@code newName}. */
    void cloneEntry(ConfigXPath parent, ConfigXPath from, String newName) throws PanOsError {
        checkWritable(parent, true);
        checkWritable(from, false);
        Element source = existingEntry(from);
        Element target = findOrCreate(parent);
        if (!((Element) source.getParentNode()).getTagName().equals(target.getTagName())) {
            throw new PanOsError(12, "Invalid object: cannot clone " + from + " into " + parent);
        }
        requireNewName(target, newName);
        Element copy = (Element) source.cloneNode(true);
        copy.setAttribute("name", newName);
        target.appendChild(copy);
        validateOrThrow();
    }

    /** {@code action=move}: reorders the entry at {@code path} ({@code top}, {@code bottom}, {@code before}/{@code after} dst). */
    void move(ConfigXPath path, String where, String dst) throws PanOsError {
        checkWritable(path, false);
        Element existing = existingEntry(path);
        Node parent = existing.getParentNode();
        if (where == null || !List.of("top", "bottom", "before", "after").contains(where)) {
            throw new PanOsError(18, "Malformed Request: where must be top, bottom, before or after");
        }
        Element anchor = null;
        if (where.equals("before") || where.equals("after")) {
            anchor = dst == null ? null : Xml.entry((Element) parent, dst);
            if (anchor == null || anchor == existing) {
                throw new PanOsError(12, "Invalid object: dst " + dst + " is not another entry of " + path.parent());
            }
        }
        parent.removeChild(existing);
        switch (where) {
            case "top" -> parent.insertBefore(existing, parent.getFirstChild());
            case "bottom" -> parent.appendChild(existing);
            case "before" -> parent.insertBefore(existing, anchor);
            default -> parent.insertBefore(existing, anchor.getNextSibling());
        }
    }

    private Element existingEntry(ConfigXPath path) throws PanOsError {
        Element existing = find(path);
        if (existing == null || !existing.getTagName().equals("entry")) {
            throw new PanOsError(7, "Object doesn't exist: " + path);
        }
        return existing;
    }

    private static void requireNewName(Node container, String newName) throws PanOsError {
        if (newName == null || newName.isEmpty()) {
            throw new PanOsError(18, "Missing parameter 'newname'");
        }
        if (Xml.entry((Element) container, newName) != null) {
            throw new PanOsError(12, newName + " already exists");
        }
    }

    private void validateOrThrow() throws PanOsError {
        List<Problem> problems = validate();
        if (!problems.isEmpty()) {
            throw new PanOsError(12, problems.stream().map(p -> p.line).distinct().toList());
        }
    }

    record Problem(String line, boolean reference, String where) {
    }

    /** A location (shared, a vsys, a device group) with its label for messages. */
    record Location(String label, Element element) {
    }

    List<Location> locations() {
        List<Location> out = new ArrayList<>();
        Element config = doc.getDocumentElement();
        Element shared = Xml.child(config, "shared");
        if (shared != null) {
            out.add(new Location("shared", shared));
        }
        Element devices = Xml.child(config, "devices");
        Element device = Xml.entry(devices, DEVICE);
        if (device != null) {
            for (String holder : List.of("vsys", "device-group")) {
                Element h = Xml.child(device, holder);
                if (h != null) {
                    for (Element e : Xml.children(h, "entry")) {
                        out.add(new Location(holder + " -> " + e.getAttribute("name"), e));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Element> entries(Element location, String container) {
        Map<String, Element> m = new LinkedHashMap<>();
        Element c = location == null ? null : Xml.child(location, container);
        if (c != null) {
            for (Element e : Xml.children(c, "entry")) {
                m.put(e.getAttribute("name"), e);
            }
        }
        return m;
    }

    /** Every validation problem of the whole configuration. */
    List<Problem> validate() {
        List<Problem> out = new ArrayList<>();
        Element shared = Xml.child(doc.getDocumentElement(), "shared");
        for (Location loc : locations()) {
            boolean isShared = loc.element() == shared;
            Map<String, Element> addrs = entries(loc.element(), "address");
            Map<String, Element> groups = entries(loc.element(), "address-group");
            Map<String, Element> tags = entries(loc.element(), "tag");
            Set<String> visibleObjects = new HashSet<>(addrs.keySet());
            visibleObjects.addAll(groups.keySet());
            Set<String> visibleTags = new HashSet<>(tags.keySet());
            if (!isShared) {
                visibleObjects.addAll(entries(shared, "address").keySet());
                visibleObjects.addAll(entries(shared, "address-group").keySet());
                visibleTags.addAll(entries(shared, "tag").keySet());
            }
            String p = isShared ? "" : loc.label() + " -> ";
            for (String container : List.of("address", "address-group", "tag")) {
                Element c = Xml.child(loc.element(), container);
                if (c != null) {
                    for (Element e : Xml.children(c)) {
                        if (!e.getTagName().equals("entry") || !e.hasAttribute("name")) {
                            out.add(new Problem(p + container + " -> " + e.getTagName() + " unexpected here", false,
                                    null));
                        }
                    }
                }
            }
            for (Map.Entry<String, Element> a : addrs.entrySet()) {
                String where = p + "address -> " + a.getKey();
                checkName(out, where, a.getKey(), MAX_NAME);
                if (groups.containsKey(a.getKey())) {
                    out.add(new Problem(where + " is already in use", false, null));
                }
                checkChildren(out, where, a.getValue(), ADDRESS_CHILDREN);
                int kinds = 0;
                for (String k : List.of("ip-netmask", "ip-range", "ip-wildcard", "fqdn")) {
                    if (Xml.child(a.getValue(), k) != null) {
                        kinds++;
                    }
                }
                if (kinds != 1) {
                    out.add(new Problem(where + " is missing 'ip-netmask', 'ip-range', 'ip-wildcard' or 'fqdn'"
                            + (kinds > 1 ? " (exactly one is allowed)" : ""), false, null));
                }
                Element nm = Xml.child(a.getValue(), "ip-netmask");
                if (nm != null && !validIpNetmask(Xml.text(nm))) {
                    out.add(new Problem(where + " -> ip-netmask '" + Xml.text(nm) + "' is not a valid IP address"
                            + " or network", false, null));
                }
                checkTags(out, where, a.getValue(), visibleTags);
            }
            for (Map.Entry<String, Element> g : groups.entrySet()) {
                String where = p + "address-group -> " + g.getKey();
                checkName(out, where, g.getKey(), MAX_NAME);
                checkChildren(out, where, g.getValue(), GROUP_CHILDREN);
                Element st = Xml.child(g.getValue(), "static");
                Element dy = Xml.child(g.getValue(), "dynamic");
                if ((st == null) == (dy == null)) {
                    out.add(new Problem(where + " must be either 'static' or 'dynamic'", false, null));
                }
                if (st != null) {
                    List<String> members = Xml.members(st);
                    if (members.isEmpty()) {
                        out.add(new Problem(where + " -> static is missing 'member'", false, null));
                    }
                    if (members.size() > maxStaticMembers) {
                        out.add(new Problem(where + " -> static has " + members.size() + " members; at most "
                                + maxStaticMembers + " are allowed", false, null));
                    }
                    for (String m : members) {
                        if (!visibleObjects.contains(m) || m.equals(g.getKey())) {
                            out.add(new Problem(where + " -> static '" + m + "' is not a valid reference", true,
                                    where + " -> static"));
                        }
                    }
                }
                if (dy != null) {
                    Element f = Xml.child(dy, "filter");
                    if (f == null || Xml.text(f).isEmpty()) {
                        out.add(new Problem(where + " -> dynamic is missing 'filter'", false, null));
                    } else if (Xml.text(f).length() > 2047) {
                        out.add(new Problem(where + " -> dynamic -> filter is too long", false, null));
                    }
                }
                checkTags(out, where, g.getValue(), visibleTags);
            }
            for (Map.Entry<String, Element> t : tags.entrySet()) {
                String where = p + "tag -> " + t.getKey();
                if (t.getKey().isEmpty()) {
                    out.add(new Problem(where + " is not a valid name", false, null));
                } else if (t.getKey().length() > MAX_TAG_NAME) {
                    out.add(tooLong(where, t.getKey(), MAX_TAG_NAME));
                }
                checkChildren(out, where, t.getValue(), TAG_CHILDREN);
            }
        }
        return out;
    }

    private static void checkName(List<Problem> out, String where, String name, int max) {
        if (name.length() > max) {
            out.add(tooLong(where, name, max));
        } else if (!NAME.matcher(name).matches()) {
            out.add(new Problem(where + " is not a valid name: use letters, digits, space, '-', '_' and '.', "
                    + "starting with a letter or digit", false, null));
        }
    }

    /** PAN-OS's words for a name over its limit (error code 12). */
    private static Problem tooLong(String where, String name, int max) {
        return new Problem(where + " Node can be at most " + max + " characters, but current length: "
                + name.length() + " value: " + name.substring(0, Math.min(name.length(), 32)) + "...", false, null);
    }

    private static void checkChildren(List<Problem> out, String where, Element e, Set<String> allowed) {
        for (Element c : Xml.children(e)) {
            if (!allowed.contains(c.getTagName())) {
                out.add(new Problem(where + " -> " + c.getTagName() + " unexpected here", false, null));
            }
        }
    }

    private static void checkTags(List<Problem> out, String where, Element e, Set<String> visibleTags) {
        Element tag = Xml.child(e, "tag");
        if (tag == null) {
            return;
        }
        List<String> members = Xml.members(tag);
        if (members.size() > 64) {
            out.add(new Problem(where + " -> tag has more than 64 members", false, null));
        }
        for (String m : members) {
            if (!visibleTags.contains(m)) {
                out.add(new Problem(where + " -> tag '" + m + "' is not a valid reference", true, where + " -> tag"));
            }
        }
    }

    static boolean validIpNetmask(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        String ip = value;
        String len = null;
        int slash = value.indexOf('/');
        if (slash >= 0) {
            ip = value.substring(0, slash);
            len = value.substring(slash + 1);
        }
        boolean v6 = ip.indexOf(':') >= 0;
        if (!validIp(ip)) {
            return false;
        }
        if (len != null) {
            if (!len.matches("\\d{1,3}")) {
                return false;
            }
            int l = Integer.parseInt(len);
            return l <= (v6 ? 128 : 32);
        }
        return true;
    }

    /** An IPv4 or IPv6 literal (never resolved through DNS). */
    static boolean validIp(String ip) {
        if (ip == null || ip.isEmpty()) {
            return false;
        }
        if (ip.indexOf(':') < 0) {
            return IPV4.matcher(ip).matches();
        }
        if (!ip.matches("[0-9A-Fa-f:.]+") || ip.length() > 45) {
            return false;
        }
        try {
            return InetAddress.getByName(ip) instanceof java.net.Inet6Address;
        } catch (Exception e) {
            return false;
        }
    }
}
