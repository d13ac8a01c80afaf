package dev.gatewarden.contract;

import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;

/**
 * The contract every {@link FirewallAdapter} passes against its sandbox simulator, over the real HTTP API. A
 * plugin module's test extends this class (once per mode/location worth covering) and implements the hooks.
 */
public abstract class FirewallAdapterContract {

    /** Starts (or resets) the simulator for one test: an empty firewall. */
    protected abstract void startFirewall();

    /** Stops the simulator after one test. */
    protected abstract void stopFirewall();

    /** A new adapter instance for the firewall, owned by {@code owner}, counting calls into {@code calls}. */
    protected abstract FirewallAdapter newAdapter(String owner, CallRecorder calls);

    /** Creates, directly in the simulator, an address object that carries no ownership mark. */
    protected abstract void createForeignAddress(String name, String ip);

    /** Whether the adapter publishes IPv6 addresses. */
    protected boolean supportsIpv6() {
        return true;
    }
}
