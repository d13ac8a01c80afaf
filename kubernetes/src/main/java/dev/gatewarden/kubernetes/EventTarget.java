package dev.gatewarden.kubernetes;

import java.util.Objects;

/** The object Kubernetes events about a gateway are recorded on: its EgressGateway, or its pods' owner. */
public record EventTarget(String apiVersion, String kind, String namespace, String name, String uid) {
    public EventTarget {
        Objects.requireNonNull(apiVersion, "apiVersion");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }

    @Override
    public String toString() {
        return kind + " " + (namespace == null ? "" : namespace + "/") + name;
    }
}
