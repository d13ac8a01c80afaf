package dev.gatewarden.paloalto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.testing.HostileInput;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * Generated injection strings as group names, through the real adapter against the PAN-OS simulator: a name the
 * PAN-OS rules refuse is refused before any write; a name they accept (spaces, dots, '-', '_') reaches the
 * device escaped, as exactly that one group — read back from the simulator's committed XML, with nothing else
 * created or changed.
 */
class PanOsInjectionTest {
    private static final String OWNER = "inject";
    private static final List<String> ACCEPTED_TRICKY = List.of("a b", "a.b", "x..y", "a -_. b", "0", "Z z. .");

    @Test
    void injectionStringsAreRefusedOrWrittenExactly() throws Exception {
        HostileInput in = new HostileInput(HostileInput.seed(20261202L));
        List<String> names = new ArrayList<>(ACCEPTED_TRICKY);
        names.addAll(in.injections(HostileInput.cases(3000) / 20));
        Set<String> accepted = new TreeSet<>();
        int refused = 0;
        try (PanOsTestBed bed = PanOsTestBed.firewall()) {
            CallRecorder calls = new CallRecorder();
            FirewallAdapter adapter = bed.adapter(OWNER, calls);
            for (int i = 0; i < names.size(); i++) {
                String group = names.get(i);
                List<AddressObject> objects = List.of(PanOsTestBed.addr(OWNER, "payments", "10.9." + (i / 250) + "."
                        + (i % 250 + 1), 0));
                long writes = writes(bed);
                if (PanOsNames.RULES.check(group) != null) {
                    assertThrows(ConfigException.class, () -> adapter.apply(PanOsTestBed.publish(group, objects)),
                            "refused: " + group);
                    assertEquals(writes, writes(bed), "nothing written for " + group);
                    refused++;
                    continue;
                }
                adapter.apply(PanOsTestBed.publish(group, objects));
                accepted.add(group);
                assertEquals(accepted, committedGroups(bed), "after " + group);
                assertEquals(Set.of(objects.get(0).name()),
                        Set.copyOf(adapter.observe(FirewallScope.of(OWNER, List.of(group))).group(group).orElseThrow()
                                .members()), group);
            }
        }
        System.out.println("PAN-OS injection corpus: " + names.size() + " group names, " + refused
                + " refused before any write, " + accepted.size() + " written exactly and read back");
    }

    private static long writes(PanOsTestBed bed) {
        return bed.sim.calls().count("multi-config") + bed.sim.calls().count("config/set")
                + bed.sim.calls().count("config/edit") + bed.sim.calls().count("config/delete");
    }

    /** The names of the address groups in the simulator's running config, parsed as XML. */
    private static Set<String> committedGroups(PanOsTestBed bed) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader(bed.sim.runningXml())));
        NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath().evaluate(
                "//vsys/entry[@name='vsys1']/address-group/entry/@name", doc, XPathConstants.NODESET);
        Set<String> out = new TreeSet<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add(nodes.item(i).getNodeValue());
        }
        return out;
    }
}
