package dev.gatewarden.paloalto;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/** Address objects and address groups of one location, as read in one {@code get}/{@code show} per container. */
record PanOsConfig(Map<String, Address> addresses, Map<String, Group> groups) {

    /** An address entry; {@code ipNetmask} null when it is an ip-range, fqdn or ip-wildcard object. */
    record Address(String name, String ipNetmask, List<String> tags, String description) {
        String owner() {
            return PanOsNames.ownerOf(tags);
        }

        String gateway() {
            return PanOsNames.gatewayOf(tags);
        }

        String hostIp() {
            return PanOsNames.hostIp(ipNetmask);
        }
    }

    /** An address group: {@code staticMembers} null for a dynamic group (then {@code filter} is set). */
    record Group(String name, List<String> staticMembers, String filter, List<String> tags) {
        String owner() {
            return PanOsNames.ownerOf(tags);
        }

        boolean dynamic() {
            return staticMembers == null;
        }
    }

    static Map<String, Address> parseAddresses(Element container) {
        Map<String, Address> m = new LinkedHashMap<>();
        for (Element e : PanOsXml.children(container, "entry")) {
            String name = e.getAttribute("name");
            m.put(name, new Address(name, PanOsXml.text(PanOsXml.child(e, "ip-netmask")),
                    PanOsXml.members(PanOsXml.child(e, "tag")), PanOsXml.text(PanOsXml.child(e, "description"))));
        }
        return m;
    }

    static Map<String, Group> parseGroups(Element container) {
        Map<String, Group> m = new LinkedHashMap<>();
        for (Element e : PanOsXml.children(container, "entry")) {
            String name = e.getAttribute("name");
            Element st = PanOsXml.child(e, "static");
            Element dy = PanOsXml.child(e, "dynamic");
            m.put(name, new Group(name, st == null && dy != null ? null : new ArrayList<>(PanOsXml.members(st)),
                    dy == null ? null : PanOsXml.text(PanOsXml.child(dy, "filter")),
                    PanOsXml.members(PanOsXml.child(e, "tag"))));
        }
        return m;
    }
}
