package dev.gatewarden.contract;

import dev.gatewarden.model.NodeRef;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import java.util.List;

/**
 * The contract every {@link CloudProvider} passes against its sandbox simulator, through the real SDK. A plugin
 * module's test extends this class and implements the hooks; the scenarios (test methods) live here so every
 * provider meets the same assertions.
 *
 * <p>Hooks are called per test: {@link #startWorld()} before each test gives a fresh, empty world (no addresses)
 * with at least two nodes.
 */
public abstract class CloudProviderContract {

    /** Starts (or resets) the simulator world for one test. */
    protected abstract void startWorld();

    /** Stops the simulator after one test. */
    protected abstract void stopWorld();

    /** A new provider instance for the world, owned by {@code owner}, counting calls into {@code calls}. */
    protected abstract CloudProvider newProvider(String owner, CallRecorder calls);

    /** Two or more nodes of the world (provider IDs as Kubernetes would give them). */
    protected abstract List<NodeRef> nodes();

    /** A free private IP inside the nodes' subnet that may be requested exactly for node 0 and node 1. */
    protected abstract String freePrivateIp(int n);
}
