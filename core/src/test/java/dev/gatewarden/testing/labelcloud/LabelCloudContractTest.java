package dev.gatewarden.testing.labelcloud;

import dev.gatewarden.contract.CloudProviderContract;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import java.util.List;

/** The third provider passes the same kit; the public-IP and single-call-move scenarios are gated off. */
class LabelCloudContractTest extends CloudProviderContract {
    private LabelCloud world;

    @Override
    protected void startWorld() {
        world = LabelCloud.withNodes(3);
    }

    @Override
    protected void stopWorld() {
        world = null;
    }

    @Override
    protected CloudProvider newProvider(String owner, CallRecorder calls) {
        return new LabelCloudProvider("label-cloud", owner, world, calls);
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
