package dev.gatewarden.aws;

import dev.gatewarden.model.ObservedCloud;
import dev.gatewarden.ownership.IpRecord;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudScope;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.PrivateAddresses;
import dev.gatewarden.spi.PublicAddresses;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One AWS account and region. Public addresses are Elastic IPs tagged {@code gatewarden-owner/-gateway/-slot} at
 * creation; private addresses are secondary private IPs whose ownership records live as tags on the interface
 * holding them (see {@link IpRecord}), so {@link #observe} rebuilds the full state from EC2 alone.
 *
 * <p>Calls are serialized (both roles lock the provider); the work is done by {@link Ec2Observer} (observe), {@link ElasticIpChanges} (public
 * addresses) and {@link PrivateIpChanges} (secondary private IPs).
 */
public final class AwsCloudProvider implements CloudProvider {
    private final String name;
    private final Ec2Port ec2;
    private final Ec2Observer observer;
    private final ElasticIpChanges elasticIps;
    private final PrivateIpChanges privateIps;
    /** EC2 has no bulk form of these actions: one call per change, failures isolated per change. */
    private final PublicAddresses publicRole;
    private final PrivateAddresses privateRole;

    AwsCloudProvider(String name, PluginContext context, Ec2Port ec2, String where, String publicIpv4Pool,
                     boolean allowPrimaryIp) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(context, "context");
        this.ec2 = Objects.requireNonNull(ec2, "ec2");
        this.observer = new Ec2Observer(name, ec2);
        this.elasticIps = new ElasticIpChanges(name, context.owner(), ec2, where, publicIpv4Pool, allowPrimaryIp);
        this.privateIps = new PrivateIpChanges(name, context.owner(), ec2, where, observer);
        this.publicRole = PublicAddresses.oneByOne(elasticIps, this);
        this.privateRole = PrivateAddresses.oneByOne(privateIps, this);
    }

    @Override
    public String name() {
        return name;
    }

    /** See {@link Ec2Observer#observe}: one DescribeAddresses, paged DescribeNetworkInterfaces, new types only. */
    @Override
    public synchronized ObservedCloud observe(CloudScope scope) {
        return observer.observe(scope);
    }

    @Override
    public Set<Capability> capabilities() {
        return AwsCloudProviderFactory.CAPABILITIES;
    }

    @Override
    public Optional<PublicAddresses> publicAddresses() {
        return Optional.of(publicRole);
    }

    @Override
    public PrivateAddresses privateAddresses() {
        return privateRole;
    }

    @Override
    public void close() {
        ec2.close();
    }
}
