package dev.gatewarden.sandbox.ec2;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The simulator's whole state as plain data: what {@link Ec2Simulator#snapshot()} writes and
 * {@link Ec2Simulator#restore} reads. One instance is one region of one account.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class Ec2State {
    public String region = "eu-west-1";
    public String accountId = "123456789012";
    /** EC2-VPC Elastic IPs quota for the region. */
    public int eipQuota = 5;
    /** Without {@code AllowReassociation}, AssociateAddress moves an associated EIP (EC2-VPC-only accounts). */
    public boolean reassociateByDefault = true;
    /** Public IPv4 pools: {@code amazon} plus any BYOIP pools, each a list of CIDR blocks. */
    public Map<String, List<String>> publicPools = new TreeMap<>(Map.of("amazon",
            new ArrayList<>(List.of("198.51.100.0/24", "203.0.113.0/24"))));
    /** Counter behind generated ids. */
    public long sequence = 1;
    public Map<String, Vpc> vpcs = new TreeMap<>();
    public Map<String, Subnet> subnets = new TreeMap<>();
    public Map<String, Instance> instances = new TreeMap<>();
    public Map<String, Eni> interfaces = new TreeMap<>();
    public Map<String, Address> addresses = new TreeMap<>();
    /** Association ids that existed once: disassociating them again is not an error. */
    public List<String> retiredAssociations = new ArrayList<>();
    /**
     * Actions the caller's IAM policy denies (e.g. {@code AssociateAddress}): they answer 403
     * {@code UnauthorizedOperation}, with {@code DryRun} too.
     */
    public List<String> deniedActions = new ArrayList<>();
    /**
     * EC2's eventual consistency: for this long after AllocateAddress, the new Elastic IP is invisible to
     * DescribeAddresses (by id: {@code InvalidAllocationID.NotFound}); 0 (default) = visible at once.
     */
    public long consistencyLagMillis;
    /** Behaviours of other EC2 implementations and proxies (API-NOTES H.1); all off by default. */
    public Quirks quirks = new Quirks();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Quirks {
        /** Absent fields of DescribeAddresses items are sent as empty elements ({@code <instanceId/>}). */
        public boolean emptyStringsForAbsent;
        /** An AssignPrivateIpAddresses response also lists the secondary IPs the interface held before. */
        public boolean assignResponseListsHeld;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Vpc {
        public String id;
        public String cidr;
        /** A default VPC: ReleaseAddress of an associated Elastic IP disassociates it instead of failing. */
        public boolean isDefault;
        public Map<String, String> tags = new TreeMap<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Subnet {
        public String id;
        public String vpcId;
        public String cidr;
        public String az;
        public Map<String, String> tags = new TreeMap<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Instance {
        public String id;
        public String type;
        public String az;
        public String subnetId;
        public String vpcId;
        public String state = "running";
        public String reservationId;
        /** Interface ids, in device-index order. */
        public List<String> interfaces = new ArrayList<>();
        public Map<String, String> tags = new TreeMap<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Eni {
        public String id;
        public String subnetId;
        public String vpcId;
        public String az;
        public String mac;
        public String description = "";
        public String instanceId;
        public String attachmentId;
        public int deviceIndex;
        /** Private IPs, the primary first. */
        public List<String> privateIps = new ArrayList<>();
        public Map<String, String> tags = new TreeMap<>();

        public String primaryIp() {
            return privateIps.isEmpty() ? null : privateIps.get(0);
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Address {
        public String allocationId;
        public String publicIp;
        public String pool;
        public String associationId;
        public String interfaceId;
        public String privateIp;
        /** Epoch millis before which Describe does not see this address (eventual consistency); 0 = visible. */
        public long visibleAt;
        public Map<String, String> tags = new TreeMap<>();
    }
}
