package dev.gatewarden.testing;

import dev.gatewarden.contract.CloudProviderContract;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import java.util.List;

/** Proves the cloud contract kit runs, against the in-memory provider. */
class InMemoryCloudProviderContractTest extends CloudProviderContract {
    private InMemoryCloud world;

    @Override
    protected void startWorld() {
        world = InMemoryCloud.withNodes(2);
    }

    @Override
    protected void stopWorld() {
        world = null;
    }

    @Override
    protected CloudProvider newProvider(String owner, CallRecorder calls) {
        return new InMemoryCloudProvider("mem-cloud", owner, world, calls);
    }

    @Override
    protected List<NodeRef> nodes() {
        return world.nodes();
    }

    @Override
    protected String freePrivateIp(int n) {
        return world.freePrivateIp(n);
    }
}
