package dev.gatewarden.paloalto;

import dev.gatewarden.model.ObservedFirewall;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;

/** How addresses are published: static groups of address objects, or registered IPs behind dynamic groups. */
interface PanOsMode {
    ObservedFirewall observe(FirewallScope scope);

    FirewallApplyResult apply(FirewallChangeSet changes);
}
