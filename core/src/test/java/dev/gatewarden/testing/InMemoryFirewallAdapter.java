package dev.gatewarden.testing;

import dev.gatewarden.GatewardenException.OwnershipConflictException;
import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.model.FirewallGroup;
import dev.gatewarden.model.FirewallObject;
import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import dev.gatewarden.testing.InMemoryFirewall.Grp;
import dev.gatewarden.testing.InMemoryFirewall.Obj;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A {@link FirewallAdapter} over an {@link InMemoryFirewall} (test only). Applies a change set atomically:
 * validates it first (ownership, references), changes the configuration, then commits; a failed commit
 * reverts. Counts {@code observe}, {@code apply} and {@code commit} calls into the {@link CallRecorder}.
 */
public final class InMemoryFirewallAdapter implements FirewallAdapter {
    private final String name;
    private final String owner;
    private final InMemoryFirewall fw;
    private final CallRecorder calls;

    public InMemoryFirewallAdapter(String name, String owner, InMemoryFirewall firewall, CallRecorder calls) {
        this.name = Objects.requireNonNull(name, "name");
        this.owner = Objects.requireNonNull(owner, "owner");
        this.fw = Objects.requireNonNull(firewall, "firewall");
        this.calls = calls == null ? new CallRecorder() : calls;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ObservedFirewall observe(FirewallScope scope) {
        calls.record(name, "observe");
        fw.failures.check("observe", scope);
        synchronized (fw) {
            List<FirewallObject> objects = new ArrayList<>();
            for (Obj o : fw.objects.values()) {
                if (owner.equals(o.owner()) || scope.objectNames().contains(o.name())) {
                    objects.add(new FirewallObject(o.name(), o.ip(), o.owner(), o.gateway()));
                }
            }
            List<FirewallGroup> groups = new ArrayList<>();
            for (Grp g : fw.groups.values()) {
                if (owner.equals(g.owner()) || scope.groups().contains(g.name())) {
                    groups.add(new FirewallGroup(g.name(), g.members(), g.owner()));
                }
            }
            return new ObservedFirewall(name, objects, groups);
        }
    }

    @Override
    public FirewallApplyResult apply(FirewallChangeSet changes) {
        calls.record(name, "apply");
        fw.failures.check("apply", changes);
        synchronized (fw) {
            validate(changes);
            InMemoryFirewall.Snapshot before = fw.snapshot();
            for (AddressObject o : changes.create()) {
                fw.objects.put(o.name(), new Obj(o.name(), o.ip(), owner, o.gateway()));
            }
            for (GroupMembers g : changes.groups()) {
                Grp existing = fw.groups.get(g.group());
                List<String> members = new ArrayList<>();
                if (existing != null) {
                    for (String m : existing.members()) {
                        Obj o = fw.objects.get(m);
                        if (o == null || !owner.equals(o.owner())) {
                            members.add(m); // not ours: never touched
                        }
                    }
                }
                g.members().forEach(m -> {
                    if (!members.contains(m.name())) {
                        members.add(m.name());
                    }
                });
                fw.groups.put(g.group(), new Grp(g.group(), members, owner));
            }
            for (AddressObject o : changes.delete()) {
                List<String> users = fw.referencing(o.name());
                if (!users.isEmpty()) {
                    fw.restore(before);
                    throw new ProviderException("firewall " + name + " cannot delete " + o.name()
                            + ": it is still a member of " + users, "ObjectInUse", false);
                }
                fw.objects.remove(o.name());
            }
            if (changes.isEmpty()) {
                return FirewallApplyResult.nothingToCommit();
            }
            calls.record(name, "commit");
            try {
                fw.failures.check("commit", changes);
            } catch (RuntimeException e) {
                fw.restore(before);
                throw e;
            }
            fw.commits++;
            return new FirewallApplyResult("commit-" + fw.commits, List.of());
        }
    }

    private void validate(FirewallChangeSet changes) {
        for (AddressObject o : changes.create()) {
            Obj existing = fw.objects.get(o.name());
            if (existing != null && !owner.equals(existing.owner())) {
                throw new OwnershipConflictException("firewall " + name + " already has an address object named "
                        + o.name() + " that is not marked as owned by " + owner + "; it is left alone (adopt it "
                        + "explicitly or change the naming template)");
            }
        }
        for (GroupMembers g : changes.groups()) {
            Grp existing = fw.groups.get(g.group());
            if (existing != null && !owner.equals(existing.owner())) {
                throw new OwnershipConflictException("firewall " + name + " already has a group named " + g.group()
                        + " that is not marked as owned by " + owner + "; it is left alone");
            }
            for (AddressObject m : g.members()) {
                boolean created = changes.create().stream().anyMatch(c -> c.name().equals(m.name()));
                if (!created && !fw.objects.containsKey(m.name())) {
                    throw new ProviderException("firewall " + name + " rejects group " + g.group() + ": member "
                            + m.name() + " does not exist", "InvalidReference", false);
                }
            }
        }
        for (AddressObject o : changes.delete()) {
            Obj existing = fw.objects.get(o.name());
            if (existing != null && !owner.equals(existing.owner())) {
                throw new OwnershipConflictException("firewall " + name + ": address object " + o.name()
                        + " is not marked as owned by " + owner + "; it is not deleted");
            }
        }
    }
}
