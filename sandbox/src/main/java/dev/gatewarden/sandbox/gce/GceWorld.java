package dev.gatewarden.sandbox.gce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/** Builds Compute simulator worlds: subnetworks, instances with their interfaces, and Cloud Routers. */
public final class GceWorld {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final String API = "https://www.googleapis.com/compute/v1/";
    private final GceState state = new GceState();

    public static GceWorld builder(String project) {
        GceWorld w = new GceWorld();
        w.state.project = project;
        return w;
    }

    /**
     * The sandbox default: project {@code gatewarden-sandbox}, region {@code us-central1}, subnetwork
     * {@code gateways} 10.4.0.0/20 with the secondary range {@code egress} 10.4.16.0/24, nodes {@code gw-node-a}
     * (us-central1-a, 10.4.0.2) and {@code gw-node-b} (us-central1-b, 10.4.0.3), and the router {@code gw-router}.
     */
    public static GceWorld defaultWorld() {
        return builder("gatewarden-sandbox")
                .subnetwork("us-central1", "gateways", "10.4.0.0/20", Map.of("egress", "10.4.16.0/24"))
                .instance("us-central1-a", "gw-node-a", "gateways", "10.4.0.2")
                .instance("us-central1-b", "gw-node-b", "gateways", "10.4.0.3")
                .router("us-central1", "gw-router");
    }

    public GceWorld subnetwork(String region, String name, String cidr, Map<String, String> secondaryRanges) {
        GceState.Subnetwork s = new GceState.Subnetwork();
        s.region = region;
        s.ipCidrRange = cidr;
        s.secondaryIpRanges.putAll(new java.util.TreeMap<>(secondaryRanges));
        state.subnetworks.put(region + "/" + name, s);
        return this;
    }

    /** An instance with one interface {@code nic0} on a subnetwork of the zone's region. */
    public GceWorld instance(String zone, String name, String subnetwork, String networkIp) {
        String region = regionOf(zone);
        GceState.Subnetwork s = state.subnetworks.get(region + "/" + subnetwork);
        if (s == null) {
            throw new IllegalArgumentException("no subnetwork " + subnetwork + " in " + region);
        }
        String base = API + "projects/" + state.project + "/";
        ObjectNode i = resource("compute#instance", name);
        i.put("machineType", base + "zones/" + zone + "/machineTypes/e2-standard-4");
        i.put("status", "RUNNING");
        i.put("zone", base + "zones/" + zone);
        ObjectNode nic = i.putArray("networkInterfaces").addObject();
        nic.put("kind", "compute#networkInterface");
        nic.put("name", "nic0");
        nic.put("network", base + "global/networks/" + s.network);
        nic.put("subnetwork", base + "regions/" + region + "/subnetworks/" + subnetwork);
        nic.put("networkIP", networkIp);
        nic.put("stackType", "IPV4_ONLY");
        nic.put("fingerprint", GceSimulator.fingerprint(name + "/nic0/0"));
        i.put("selfLink", base + "zones/" + zone + "/instances/" + name);
        i.putObject("labels");
        i.put("labelFingerprint", GceSimulator.EMPTY_LABEL_FINGERPRINT);
        i.put("fingerprint", GceSimulator.fingerprint(name));
        state.instances.put(zone + "/" + name, i);
        return this;
    }

    public GceWorld router(String region, String name) {
        String base = API + "projects/" + state.project + "/";
        ObjectNode r = resource("compute#router", name);
        r.put("region", base + "regions/" + region);
        r.put("network", base + "global/networks/default");
        r.put("selfLink", base + "regions/" + region + "/routers/" + name);
        state.routers.put(region + "/" + name, r);
        return this;
    }

    private ObjectNode resource(String kind, String name) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("kind", kind);
        o.put("id", Long.toString(state.nextId++));
        o.put("creationTimestamp", "2026-12-01T00:00:00.000-08:00");
        o.put("name", name);
        return o;
    }

    public GceWorld staticAddressQuota(int limit) {
        state.staticAddressQuota = limit;
        return this;
    }

    public GceWorld operationPolls(int polls) {
        state.operationPolls = polls;
        return this;
    }

    public GceState build() {
        return GceSimulator.copy(state);
    }

    static String regionOf(String zone) {
        int dash = zone.lastIndexOf('-');
        return dash < 0 ? zone : zone.substring(0, dash);
    }
}
