package dev.gatewarden.aws;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.Capability;
import dev.gatewarden.spi.CloudProvider;
import dev.gatewarden.spi.CloudProviderFactory;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.SettingSpec;
import dev.gatewarden.spi.Settings;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.retries.api.BackoffStrategy;

/** The {@code aws} provider: Elastic IPs and secondary private IPs on EC2 instances, through the AWS SDK v2. */
public final class AwsCloudProviderFactory implements CloudProviderFactory {
    public static final String ID = "aws";
    /**
     * Elastic IPs, exact secondary IPs, one-call moves (AssignPrivateIpAddresses with AllowReassignment; the EIP
     * association follows) and Terraform-reserved EIPs. Not IPv6: the ownership records and EIPs are IPv4 here.
     */
    static final Set<Capability> CAPABILITIES = Set.copyOf(EnumSet.of(Capability.PUBLIC_IPS,
            Capability.EXACT_PRIVATE_IP, Capability.SINGLE_CALL_MOVE, Capability.EXTERNAL_RESERVATION));
    static final String REGION = "region";
    static final String PROFILE = "profile";
    static final String ROLE_ARN = "roleArn";
    static final String EXTERNAL_ID = "externalId";
    static final String ENDPOINT = "endpoint";
    static final String ACCESS_KEY_ID = "accessKeyId";
    static final String SECRET_ACCESS_KEY = "secretAccessKey";
    static final String PUBLIC_IPV4_POOL = "publicIpv4Pool";
    static final String MAX_ATTEMPTS = "maxAttempts";
    static final String PAGE_SIZE = "pageSize";
    static final String ALLOW_PRIMARY_IP = "allowPrimaryIp";
    static final int DEFAULT_PAGE_SIZE = 1000;

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "AWS EC2: Elastic IPs and secondary private IPs on instances (AWS SDK for Java v2)";
    }

    @Override
    public List<SettingSpec> settings() {
        return List.of(
                SettingSpec.string(REGION, true, "AWS region of the gateway nodes, e.g. eu-west-1"),
                SettingSpec.string(PROFILE, false, "named profile from ~/.aws/config (default: the SDK default "
                        + "credential chain: environment, web identity/IRSA, EKS Pod Identity, instance profile)"),
                SettingSpec.string(ROLE_ARN, false, "IAM role to assume (STS AssumeRole) on top of the base credentials"),
                SettingSpec.string(EXTERNAL_ID, false, "external id passed when assuming roleArn"),
                SettingSpec.string(ENDPOINT, false, "EC2 endpoint override, e.g. an interface VPC endpoint "
                        + "(https://vpce-….ec2.eu-west-1.vpce.amazonaws.com) or the sandbox simulator"),
                SettingSpec.secret(ACCESS_KEY_ID, false, "static access key id (prefer roles; used by the sandbox)"),
                SettingSpec.secret(SECRET_ACCESS_KEY, false, "static secret access key, with accessKeyId"),
                SettingSpec.string(PUBLIC_IPV4_POOL, false, "allocate Elastic IPs from this BYOIP pool "
                        + "(ipv4pool-ec2-…) instead of Amazon's pool"),
                SettingSpec.integer(MAX_ATTEMPTS, false, "attempts per API call, adaptive retry mode (1-20)",
                        Ec2Clients.DEFAULT_MAX_ATTEMPTS),
                SettingSpec.integer(PAGE_SIZE, false, "MaxResults of paged Describe calls (5-1000)", DEFAULT_PAGE_SIZE),
                SettingSpec.bool(ALLOW_PRIMARY_IP, "allow associating Elastic IPs with a node's primary private IP "
                        + "(refused by default: the node's own traffic would leave through it)", false));
    }

    @Override
    public Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public CloudProvider create(String name, Settings settings, PluginContext context) {
        return create(name, settings, context, null);
    }

    /** As {@link #create(String, Settings, PluginContext)}, with a retry backoff override (tests keep retries fast). */
    AwsCloudProvider create(String name, Settings settings, PluginContext context, BackoffStrategy backoff) {
        Ec2Clients.Options options = Ec2Clients.options(settings);
        int pageSize = pageSize(settings);
        var clients = Ec2Clients.build(options, name, context.owner(), context.calls(), backoff);
        String where = where(name, options.region().id());
        return new AwsCloudProvider(name, context, new SdkEc2Port(clients, where, pageSize), where,
                settings.string(PUBLIC_IPV4_POOL).orElse(null), settings.bool(ALLOW_PRIMARY_IP, false));
    }

    static String where(String name, String region) {
        return "aws account '" + name + "' (" + region + ")";
    }

    static int pageSize(Settings settings) {
        int pageSize = settings.integer(PAGE_SIZE).orElse(DEFAULT_PAGE_SIZE);
        if (pageSize < 5 || pageSize > 1000) {
            throw new ConfigException(settings.where() + ": pageSize must be between 5 and 1000 (EC2 MaxResults), got "
                    + pageSize);
        }
        return pageSize;
    }
}
