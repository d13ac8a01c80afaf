package dev.gatewarden.aws;

import dev.gatewarden.contract.CloudProviderContract;
import dev.gatewarden.model.AddressKind;
import dev.gatewarden.model.CloudAddress;
import dev.gatewarden.model.NodeRef;
import dev.gatewarden.sandbox.ec2.Ec2State;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.CloudProvider;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The shared cloud-provider contract, run through the real Ec2Client against the EC2 simulator. */
class AwsContractTest extends CloudProviderContract {
    /** An Elastic IP someone allocated by hand, without tags, present in every world. */
    private static final String UNTAGGED = "198.51.100.250";
    private Ec2Fixture fx;

    @Override
    protected void startWorld() {
        fx = new Ec2Fixture(Map.of(UNTAGGED, Map.of()));
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

    @Override
    protected Optional<CloudAddress> plantUntaggedPublicIp() {
        return fx.sim.state().addresses.values().stream().filter(a -> UNTAGGED.equals(a.publicIp)).findFirst()
                .map(a -> new CloudAddress(Ec2Fixture.CLOUD, null, AddressKind.PUBLIC, a.publicIp, a.allocationId,
                        null, null, null, null, false));
    }

    @Override
    protected boolean untaggedPublicIpStillExists(CloudAddress planted) {
        Ec2State.Address a = fx.sim.state().addresses.get(planted.ref());
        return a != null && a.tags.isEmpty();
    }
}
