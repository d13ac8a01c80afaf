package dev.gatewarden.bench;

import dev.gatewarden.sandbox.ec2.Ec2World;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A generated world of one size: {@code slots} addresses spread over gateways of at most {@link #SLOTS_PER_GATEWAY}
 * slots, each gateway on its own nodes (at most {@link #SLOTS_PER_NODE} slots a node, so churn has room), every slot
 * with an Elastic IP, published to one PAN-OS firewall and one FortiGate in a group per gateway. The same layout
 * gives the EC2 world, the config of each scenario and the slots a scenario adds or retires, from which
 * {@link Minimum} computes the calls the APIs need.
 */
record Layout(int slots, List<String> gateways, Map<String, List<String>> nodes, Map<String, Integer> addresses) {
    static final int SLOTS_PER_GATEWAY = 100;
    static final int SLOTS_PER_NODE = 25;
    static final String INSTANCE_TYPE = "m5.24xlarge";
    static final String OWNER = "bench";
    static final String CLOUD = "aws-bench";
    static final String PANOS = "dc1-pa";
    static final String FORTIOS = "dc2-fgt";
    static final String REGION = "eu-west-1";
    private static final String VPC = "vpc-0b000000000000001";
    private static final String[] ZONES = {"eu-west-1a", "eu-west-1b"};
    private static final String[] SUBNETS = {"subnet-0b0000000000000a1", "subnet-0b0000000000000b1"};

    static Layout of(int slots) {
        if (slots < 2) {
            throw new IllegalArgumentException("a benchmark world needs at least 2 slots (2 gateways)");
        }
        int count = Math.max(2, (slots + SLOTS_PER_GATEWAY - 1) / SLOTS_PER_GATEWAY);
        List<String> gateways = new ArrayList<>();
        Map<String, List<String>> nodes = new LinkedHashMap<>();
        Map<String, Integer> addresses = new LinkedHashMap<>();
        int instance = 0;
        for (int g = 0; g < count; g++) {
            String name = String.format("g%03d", g);
            int n = slots / count + (g < slots % count ? 1 : 0);
            gateways.add(name);
            addresses.put(name, n);
            List<String> own = new ArrayList<>();
            for (int k = 0; k < Math.max(2, (n + SLOTS_PER_NODE - 1) / SLOTS_PER_NODE); k++) {
                own.add(String.format("i-%017x", 0xb0000L + instance++));
            }
            nodes.put(name, own);
        }
        return new Layout(slots, List.copyOf(gateways), Map.copyOf(nodes), Map.copyOf(addresses));
    }

    /** The same gateways and nodes with other address counts. */
    Layout withAddresses(Map<String, Integer> counts) {
        return new Layout(counts.values().stream().mapToInt(Integer::intValue).sum(), gateways, nodes, Map.copyOf(counts));
    }

    /** One slot in a hundred leaves the first gateway and as many are added to the last (at least one each). */
    Layout churned() {
        int k = Math.max(1, Math.round(slots / 100f));
        Map<String, Integer> counts = new LinkedHashMap<>(addresses);
        counts.merge(gateways.get(0), -Math.min(k, addresses.get(gateways.get(0))), Integer::sum);
        counts.merge(gateways.get(gateways.size() - 1), k, Integer::sum);
        return withAddresses(counts);
    }

    /** Every gateway kept, with no address. */
    Layout emptied() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        gateways.forEach(g -> counts.put(g, 0));
        return withAddresses(counts);
    }

    List<String> allNodes() {
        List<String> all = new ArrayList<>();
        gateways.forEach(g -> all.addAll(nodes.get(g)));
        return all;
    }

    static String zone(int node) {
        return ZONES[node % ZONES.length];
    }

    /** The slots as {@code gateway#index -> instance}, slot i of a gateway on its node i mod n (as the planner does). */
    Map<String, String> slotNodes() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String g : gateways) {
            List<String> own = nodes.get(g);
            for (int i = 0; i < addresses.get(g); i++) {
                m.put(g + "#" + i, own.get(i % own.size()));
            }
        }
        return m;
    }

    /** Slots in {@code other} that this layout does not have. */
    Set<String> added(Layout other) {
        Set<String> s = new LinkedHashSet<>(other.slotNodes().keySet());
        s.removeAll(slotNodes().keySet());
        return s;
    }

    /** The gateways whose slot count differs between this layout and {@code other}. */
    Set<String> changedGateways(Layout other) {
        Set<String> s = new LinkedHashSet<>();
        for (String g : gateways) {
            if (!addresses.get(g).equals(other.addresses.get(g))) {
                s.add(g);
            }
        }
        return s;
    }

    /** An EC2 world with every node (one interface each) and quota for twice the slots. */
    Ec2World world() {
        Ec2World w = Ec2World.region(REGION).accountId("123456789012").eipQuota(2 * slots + 10)
                .publicPool("amazon", "100.64.0.0/16").vpc(VPC, "10.0.0.0/16")
                .subnet(SUBNETS[0], VPC, "10.0.0.0/18", ZONES[0]).subnet(SUBNETS[1], VPC, "10.0.64.0/18", ZONES[1]);
        List<String> all = allNodes();
        for (int i = 0; i < all.size(); i++) {
            w.instance(all.get(i), INSTANCE_TYPE, zone(i), SUBNETS[i % SUBNETS.length]);
        }
        return w;
    }

    /** The config of this layout (endpoints and secrets are put in by {@link Bed}). */
    String config() {
        StringBuilder y = new StringBuilder();
        y.append("owner: ").append(OWNER).append("\n");
        y.append("clouds:\n  - {name: ").append(CLOUD).append(", provider: aws, region: ").append(REGION).append("}\n");
        y.append("firewalls:\n");
        y.append("  - {name: ").append(PANOS).append(", type: paloalto, url: 'https://pa.bench.invalid', ")
                .append("apiKey: '${env:PANOS_API_KEY}', username: gatewarden, vsys: vsys1}\n");
        y.append("  - {name: ").append(FORTIOS).append(", type: fortinet, url: 'https://fgt.bench.invalid', ")
                .append("token: '${env:FORTIOS_TOKEN}', vdom: root}\n");
        y.append("gateways:\n");
        List<String> all = allNodes();
        for (String g : gateways) {
            y.append("  - name: ").append(g).append("\n    cloud: ").append(CLOUD).append("\n    addresses: ")
                    .append(addresses.get(g)).append("\n    public: true\n    nodes:\n");
            for (String n : nodes.get(g)) {
                y.append("      - aws:///").append(zone(all.indexOf(n))).append('/').append(n).append('\n');
            }
            y.append("    publish:\n");
            y.append("      - {firewall: ").append(PANOS).append(", group: k8s-egress-").append(g)
                    .append(", addresses: public}\n");
            y.append("      - {firewall: ").append(FORTIOS).append(", group: k8s-egress-").append(g)
                    .append(", addresses: public}\n");
        }
        return y.toString();
    }
}
