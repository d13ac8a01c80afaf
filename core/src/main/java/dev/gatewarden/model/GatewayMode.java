package dev.gatewarden.model;

/**
 * {@code MANAGED}: Gatewarden allocates and attaches the cloud addresses and publishes them.
 * {@code FIREWALL_ONLY}: something else (e.g. Calico Enterprise native IPs) owns the cloud side;
 * Gatewarden only publishes the addresses it is given to the firewalls.
 */
public enum GatewayMode {
    MANAGED,
    FIREWALL_ONLY
}
