package dev.gatewarden.spi;

import dev.gatewarden.GatewardenException.PluginException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The cloud providers and firewall adapters available, keyed by id. An unknown id fails listing the ids found;
 * two plugins claiming one id fail listing both, rather than one being picked silently.
 */
public final class Plugins {
    private final Map<String, CloudProviderFactory> clouds;
    private final Map<String, FirewallAdapterFactory> firewalls;

    public Plugins(Collection<CloudProviderFactory> clouds, Collection<FirewallAdapterFactory> firewalls) {
        this.clouds = index(clouds, CloudProviderFactory::id, "cloud provider");
        this.firewalls = index(firewalls, FirewallAdapterFactory::id, "firewall adapter");
    }

    /** Finds plugins through {@link ServiceLoader}: call once, in the composition root. */
    public static Plugins load(ClassLoader loader) {
        List<CloudProviderFactory> c = new ArrayList<>();
        ServiceLoader.load(CloudProviderFactory.class, loader).forEach(c::add);
        List<FirewallAdapterFactory> f = new ArrayList<>();
        ServiceLoader.load(FirewallAdapterFactory.class, loader).forEach(f::add);
        return new Plugins(c, f);
    }

    private static <T> Map<String, T> index(Collection<T> items, Function<T, String> id, String what) {
        Map<String, T> m = new TreeMap<>();
        for (T t : items) {
            T previous = m.putIfAbsent(id.apply(t), t);
            if (previous != null) {
                throw new PluginException("two " + what + " plugins claim id '" + id.apply(t) + "': "
                        + previous.getClass().getName() + " and " + t.getClass().getName()
                        + "; remove one of their jars from the class path");
            }
        }
        return m;
    }

    public Map<String, CloudProviderFactory> clouds() {
        return clouds;
    }

    public Map<String, FirewallAdapterFactory> firewalls() {
        return firewalls;
    }

    public CloudProviderFactory cloud(String id) {
        CloudProviderFactory f = clouds.get(id);
        if (f == null) {
            throw new PluginException("no cloud provider with id '" + id + "'; found: " + String.join(", ", clouds.keySet())
                    + " (add the gatewarden-provider-" + id + " jar to the class path)");
        }
        return f;
    }

    public FirewallAdapterFactory firewall(String id) {
        FirewallAdapterFactory f = firewalls.get(id);
        if (f == null) {
            throw new PluginException("no firewall adapter with id '" + id + "'; found: "
                    + String.join(", ", firewalls.keySet()) + " (add the gatewarden-firewall-" + id + " jar to the class path)");
        }
        return f;
    }
}
