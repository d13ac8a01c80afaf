package dev.gatewarden.fortinet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import dev.gatewarden.testing.HostileInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Generated injection strings as group names, through the real adapter against the FortiOS simulator (in
 * transactions and one call at a time): a name the FortiOS rules refuse is refused before any write; a name they
 * accept reaches the device's URL paths and JSON bodies escaped, as exactly that one group, read back from the
 * simulator's table, with nothing else created.
 */
class FortiOsInjectionTest {
    private static final String OWNER = "inject";
    private static final List<String> ACCEPTED_TRICKY = List.of(".", "..", "a.b", "x..y", "-x", "_", "a-_.b", "0");

    @Test
    void injectionStringsAreRefusedOrWrittenExactly() {
        for (String transactions : List.of("on", "off")) {
            HostileInput in = new HostileInput(HostileInput.seed(20261202L));
            List<String> names = new ArrayList<>(ACCEPTED_TRICKY);
            names.addAll(in.injections(HostileInput.cases(3000) / 20));
            Set<String> accepted = new TreeSet<>();
            int refused = 0;
            try (FortiOsTestSupport fx = new FortiOsTestSupport()) {
                FirewallAdapter adapter = fx.adapter(OWNER, fx.settings("root", transactions));
                for (int i = 0; i < names.size(); i++) {
                    String group = names.get(i);
                    AddressObject a = FortiOsTestSupport.address(OWNER, "payments", "10.9." + (i / 250) + "."
                            + (i % 250 + 1), 0);
                    FirewallChangeSet publish = new FirewallChangeSet(FortiOsTestSupport.NAME, List.of(a),
                            List.of(new GroupMembers(group, "payments", List.of(a))), List.of());
                    long writes = fx.simWrites();
                    if (FortiOsFirewallAdapter.NAME_RULES.check(group) != null) {
                        assertThrows(ConfigException.class, () -> adapter.apply(publish), "refused: " + group);
                        assertEquals(writes, fx.simWrites(), "nothing written for " + group);
                        refused++;
                        continue;
                    }
                    adapter.apply(publish);
                    accepted.add(group);
                    assertEquals(accepted, new TreeSet<>(fx.sim.names("root", "addrgrp")), "after " + group);
                    assertEquals(List.of(a.name()), adapter.observe(FirewallScope.of(OWNER, List.of(group)))
                            .group(group).orElseThrow().members(), group);
                    // a second member: the existing group is now addressed by its name in the URL path
                    AddressObject b = FortiOsTestSupport.address(OWNER, "payments", "10.8." + (i / 250) + "."
                            + (i % 250 + 1), 1);
                    adapter.apply(new FirewallChangeSet(FortiOsTestSupport.NAME, List.of(b),
                            List.of(new GroupMembers(group, "payments", List.of(a, b))), List.of()));
                    assertEquals(Set.of(a.name(), b.name()), Set.copyOf(adapter.observe(FirewallScope.of(OWNER,
                            List.of(group))).group(group).orElseThrow().members()), group);
                    assertEquals(accepted, new TreeSet<>(fx.sim.names("root", "addrgrp")), "after " + group);
                }
            }
            System.out.println("FortiOS injection corpus (transactions " + transactions + "): " + names.size()
                    + " group names, " + refused + " refused before any write, " + accepted.size()
                    + " written exactly and read back");
        }
    }
}
