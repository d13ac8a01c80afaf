package dev.gatewarden.testing.labelcloud;

import dev.gatewarden.model.NodeRef;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The world of the test-only third provider: instances with one interface in one subnet, secondary private IPs, and
 * labels on the instance (GCP-style: the only place to keep a private IP's ownership record). No public IPs. Shared
 * by provider instances, so a new instance (a restart) sees the same world.
 */
public final class LabelCloud {
    static final String SUBNET = "net-a";
    final Map<String, Vm> vms = new LinkedHashMap<>();
    private int nextAuto = 200;

    static final class Vm {
        final NodeRef ref;
        final String nicId;
        final String primaryIp;
        final LinkedHashSet<String> secondary = new LinkedHashSet<>();
        final Map<String, String> labels = new TreeMap<>();
        final int maxIps = 8;

        Vm(NodeRef ref, String nicId, String primaryIp) {
            this.ref = ref;
            this.nicId = nicId;
            this.primaryIp = primaryIp;
        }

        boolean holds(String ip) {
            return primaryIp.equals(ip) || secondary.contains(ip);
        }
    }

    /** A world of {@code n} instances {@code labelcloud://proj/zone-a/vm-<i>}. */
    public static LabelCloud withNodes(int n) {
        LabelCloud w = new LabelCloud();
        for (int i = 1; i <= n; i++) {
            NodeRef ref = NodeRef.parse("labelcloud://proj/zone-a/vm-" + i);
            w.vms.put(ref.instance(), new Vm(ref, "nic-" + i, "10.1.0." + (10 + i)));
        }
        return w;
    }

    public List<NodeRef> nodes() {
        return vms.values().stream().map(v -> v.ref).toList();
    }

    /** The {@code n}-th IP nobody holds, for exact requests. */
    public String freePrivateIp(int n) {
        return "10.1.0." + (100 + n);
    }

    Optional<Vm> holder(String ip) {
        return vms.values().stream().filter(v -> v.holds(ip)).findFirst();
    }

    String nextFreeIp() {
        while (true) {
            String ip = "10.1.0." + nextAuto++;
            if (holder(ip).isEmpty()) {
                return ip;
            }
        }
    }
}
