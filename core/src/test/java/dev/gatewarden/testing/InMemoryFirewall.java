package dev.gatewarden.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The running configuration of an in-memory firewall (test only): address objects and groups with an
 * ownership mark. Shared by {@link InMemoryFirewallAdapter} instances so that a new instance sees the same
 * state. Locking is on this object.
 */
public final class InMemoryFirewall {
    final Map<String, Obj> objects = new TreeMap<>();
    final Map<String, Grp> groups = new TreeMap<>();
    final Failures failures = new Failures();
    int commits;

    /** An address object; {@code owner} null when it carries no ownership mark. */
    public record Obj(String name, String ip, String owner, String gateway) {
    }

    /** An address group; {@code owner} null when it carries no ownership mark. */
    public record Grp(String name, List<String> members, String owner) {
        public Grp {
            members = List.copyOf(members);
        }
    }

    /** Fault injection: operations {@code observe}, {@code apply} (before any change) and {@code commit}. */
    public Failures failures() {
        return failures;
    }

    /** Creates an object without ownership mark, as an administrator would. */
    public synchronized void putForeignObject(String name, String ip) {
        objects.put(name, new Obj(name, ip, null, null));
    }

    /** Creates a group without ownership mark listing {@code members}. */
    public synchronized void putForeignGroup(String name, List<String> members) {
        groups.put(name, new Grp(name, members, null));
    }

    public synchronized Optional<Obj> object(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    public synchronized Optional<Grp> group(String name) {
        return Optional.ofNullable(groups.get(name));
    }

    public synchronized int commits() {
        return commits;
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(new LinkedHashMap<>(objects), new LinkedHashMap<>(groups));
    }

    synchronized void restore(Snapshot s) {
        objects.clear();
        objects.putAll(s.objects());
        groups.clear();
        groups.putAll(s.groups());
    }

    record Snapshot(Map<String, Obj> objects, Map<String, Grp> groups) {
    }

    synchronized List<String> referencing(String object) {
        List<String> out = new ArrayList<>();
        groups.values().forEach(g -> {
            if (g.members().contains(object)) {
                out.add(g.name());
            }
        });
        return out;
    }
}
