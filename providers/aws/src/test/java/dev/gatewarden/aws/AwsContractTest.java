package dev.gatewarden.aws;

import dev.gatewarden.contract.CloudProviderContract;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import java.util.List;

/** The shared cloud-provider contract, run through the real Ec2Client against the EC2 simulator. */
class AwsContractTest extends CloudProviderContract {
    private Ec2Fixture fx;

    @Override
    protected void startWorld() {
        fx = new Ec2Fixture();
    }

    @Override
    protected void stopWorld() {
        fx.close();
    }

    @Override
    protected CloudProvider newProvider(String owner, CallRecorder calls) {
        return fx.provider(owner, 1000, calls);
    }

    @Override
    protected List<NodeRef> nodes() {
        return Ec2Fixture.nodes(3);
    }

    @Override
    protected String freePrivateIp(int n) {
        return "10.0.1." + (100 + n);
    }
}
