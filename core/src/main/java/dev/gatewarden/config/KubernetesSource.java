package dev.gatewarden.config;

import java.util.Locale;
import java.util.Objects;

/**
 * Where a gateway's nodes come from when they are discovered in a Kubernetes cluster instead of listed in the
 * config ({@code gateways[].kubernetes}). Reserved for node discovery: validated at load, used by the
 * {@code kubernetes} module.
 *
 * @param source    {@code calico}: a Calico egress gateway named {@code name} in {@code namespace};
 *                  {@code selector}: the nodes of the pods matching {@code selector} in {@code namespace}
 * @param namespace may be null (the client's default namespace)
 * @param name      for {@code calico}
 * @param selector  a label selector, for {@code selector}
 */
public record KubernetesSource(Kind source, String namespace, String name, String selector) {
    public enum Kind {
        CALICO,
        SELECTOR;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public KubernetesSource {
        Objects.requireNonNull(source, "source");
    }
}
