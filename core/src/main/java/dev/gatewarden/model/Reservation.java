package dev.gatewarden.model;

import java.util.Locale;

/**
 * Who reserves a gateway's public IPs.
 *
 * <ul>
 *   <li>{@code GATEWARDEN} (the default): the engine allocates a public IP per slot, tagged as ours, and releases it
 *       when the slot is retired.</li>
 *   <li>{@code EXTERNAL}: something else reserves them, typically Terraform through the {@code cdk} constructs
 *       ({@code gatewarden synth}), tagged with the ownership keys plus {@code gatewarden-lifecycle=external}. The
 *       engine is attach-only for them: it never allocates (a slot without a reservation waits for it), never
 *       releases, and leaves the firewall objects of the gateway's public-address bindings to the one that
 *       reserves (those objects reference the reservation in the same Terraform configuration).</li>
 * </ul>
 */
public enum Reservation {
    GATEWARDEN,
    EXTERNAL;

    /** The spelling in the config: {@code gatewarden} or {@code external}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
