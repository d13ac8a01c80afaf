package dev.gatewarden.aws;

import dev.gatewarden.model.NodeRef;
import dev.gatewarden.sandbox.ec2.Ec2Simulator;
import dev.gatewarden.sandbox.ec2.Ec2State;
import dev.gatewarden.sandbox.ec2.Ec2World;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** An EC2 simulator world on loopback and providers pointed at it through the real SDK. */
final class Ec2Fixture implements AutoCloseable {
    static final String CLOUD = "aws-test";
    static final String VPC = "vpc-0000000000000000a";
    static final String SUBNET_A = "subnet-0000000000000000a";
    static final String SUBNET_B = "subnet-0000000000000000b";
    static final String SUBNET_EGRESS = "subnet-000000000000000e1";
    static final int NODES = 7;
    /** A t3.medium node (6 IPv4 addresses per interface) in subnet A. */
    static final String SMALL = "i-000000000000000f1";

    final Ec2World world;
    final Ec2Simulator sim;
    final CallRecorder calls = new CallRecorder();

    Ec2Fixture() {
        this(Map.of());
    }

    Ec2Fixture(Map<String, Map<String, String>> extraAddresses) {
        this(extraAddresses, w -> { });
    }

    /** With {@code extra} adding to the world (more VPCs, interfaces) before the simulator starts. */
    Ec2Fixture(Map<String, Map<String, String>> extraAddresses, java.util.function.Consumer<Ec2World> extra) {
        world = Ec2World.region("eu-west-1")
                .vpc(VPC, "10.0.0.0/16")
                .subnet(SUBNET_A, VPC, "10.0.1.0/24", "eu-west-1a")
                .subnet(SUBNET_B, VPC, "10.0.2.0/24", "eu-west-1b")
                .subnet(SUBNET_EGRESS, VPC, "10.0.9.0/26", "eu-west-1a");
        for (int n = 1; n <= NODES; n++) {
            world.instance(instance(n), "m5.large", "eu-west-1a", SUBNET_A, "10.0.1." + (10 + n));
        }
        world.networkInterface(instance(1), 1, SUBNET_EGRESS);
        world.instance(SMALL, "t3.medium", "eu-west-1a", SUBNET_A, "10.0.1.99");
        extraAddresses.forEach((ip, tags) -> world.address(ip, tags));
        extra.accept(world);
        sim = new Ec2Simulator(world);
        sim.start(false);
    }

    static String instance(int n) {
        return String.format("i-%017x", n);
    }

    static NodeRef node(int n) {
        return NodeRef.parse("aws:///eu-west-1a/" + instance(n));
    }

    static List<NodeRef> nodes(int count) {
        List<NodeRef> out = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            out.add(node(n));
        }
        return out;
    }

    String eni(String instanceId, int deviceIndex) {
        return world.interfaceId(instanceId, deviceIndex);
    }

    Ec2State.Eni eniState(String instanceId, int deviceIndex) {
        return sim.state().interfaces.get(eni(instanceId, deviceIndex));
    }

    Settings settings(int pageSize) {
        return settings(pageSize, 4);
    }

    Settings settings(int pageSize, int maxAttempts) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("region", "eu-west-1");
        m.put("endpoint", sim.baseUri().toString());
        m.put("accessKeyId", new Secret("${env:AWS_TEST_KEY}", "AKIDSANDBOX"));
        m.put("secretAccessKey", new Secret("${env:AWS_TEST_SECRET}", "sandbox-secret"));
        m.put("maxAttempts", maxAttempts);
        m.put("pageSize", pageSize);
        return Settings.of("clouds[" + CLOUD + "]", m);
    }

    AwsCloudProvider provider(String owner) {
        return provider(owner, 1000);
    }

    AwsCloudProvider provider(String owner, int pageSize) {
        return provider(owner, pageSize, calls);
    }

    AwsCloudProvider provider(String owner, int pageSize, CallRecorder recorder) {
        return provider(owner, settings(pageSize), recorder);
    }

    AwsCloudProvider provider(String owner, Settings settings, CallRecorder recorder) {
        return new AwsCloudProviderFactory().create(CLOUD, settings, new PluginContext(owner, recorder, null),
                BackoffStrategy.fixedDelay(Duration.ofMillis(5)));
    }

    @Override
    public void close() {
        sim.close();
    }
}
