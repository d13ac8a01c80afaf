package dev.gatewarden.sandbox.arm;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The ARM simulator's whole state as plain data: what {@link ArmSimulator#snapshot()} writes and
 * {@link ArmSimulator#restore} reads. One instance is one subscription in one region. Maps are keyed by the
 * lower-cased resource id (ARM ids compare case-insensitively); each value keeps the id as it was created.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public final class ArmState {
    public String subscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public String tenantId = "00000000-0000-0000-0000-0000000000f1";
    public String location = "westeurope";
    /** Availability zones of the region; empty for a region without zones. */
    public List<String> zones = new ArrayList<>(List.of("1", "2", "3"));
    /** Public IP addresses per subscription and region (the documented default is 10 for many offers). */
    public int publicIpQuota = 10;
    /** IP configurations (private IPs) per network interface. */
    public int ipConfigurationsPerNic = 256;
    /** Items per page of a list before a {@code nextLink}. */
    public int pageSize = 50;
    /** Status polls an operation answers {@code InProgress} before it ends. */
    public int operationPolls = 2;
    /** Seconds in {@code Retry-After} on 429s (ARM sends at least 1). */
    public int retryAfterSeconds = 1;
    /**
     * Seconds in {@code Retry-After} on long-running-operation answers (the 201/200/202 and the polls); ARM sends
     * it optionally there, so 0 leaves it out (clients then poll at their own interval).
     */
    public int operationRetryAfterSeconds = 1;
    /** Microsoft.Network budget per window (documented: 10,000 reads and 1,000 writes per 5 minutes). */
    public int readsPerWindow = 10_000;
    public int writesPerWindow = 1_000;
    public int windowSeconds = 300;
    /** Actions the caller's role lacks (e.g. {@code Microsoft.Network/publicIPAddresses/delete}): 403. */
    public List<String> deniedActions = new ArrayList<>();
    /** Service principals that may get a token: client id to secret. */
    public Map<String, String> clients = new TreeMap<>();
    /** Bearer tokens accepted besides those the token endpoint issued (for clients built without identity). */
    public List<String> staticTokens = new ArrayList<>();
    /** Where Standard public IPs come from. */
    public String publicPool = "20.50.0.0/24";
    /** Counter behind generated names, etags and addresses. */
    public long sequence = 1;
    public Map<String, VirtualNetwork> virtualNetworks = new TreeMap<>();
    public Map<String, Subnet> subnets = new TreeMap<>();
    public Map<String, VirtualMachine> virtualMachines = new TreeMap<>();
    public Map<String, NetworkInterface> networkInterfaces = new TreeMap<>();
    public Map<String, PublicIp> publicIps = new TreeMap<>();
    public Map<String, Operation> operations = new TreeMap<>();

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class VirtualNetwork {
        public String id;
        public String name;
        public String resourceGroup;
        public List<String> addressPrefixes = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Subnet {
        public String id;
        public String name;
        public String vnetId;
        public String addressPrefix;
        /** The NAT gateway on the subnet, if any: it then takes all outbound traffic. */
        public String natGatewayId;
        public String etag;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class VirtualMachine {
        public String id;
        public String name;
        public String resourceGroup;
        public String vmSize = "Standard_D4s_v5";
        public String vmId;
        public String zone;
        /** For a Flexible scale-set member, the scale set; for a Uniform instance, see {@link #uniform}. */
        public String scaleSetId;
        /** A Uniform scale-set instance ({@code …/virtualMachineScaleSets/S/virtualMachines/N}). */
        public boolean uniform;
        /** NIC ids, the primary first. */
        public List<String> nicIds = new ArrayList<>();
    }

    /** What every tracked Microsoft.Network resource has: identity, location, tags, etag, provisioning state. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public abstract static class Tracked {
        public String id;
        public String name;
        public String resourceGroup;
        public String location;
        public Map<String, String> tags = new TreeMap<>();
        public String etag;
        public String resourceGuid;
        public String provisioningState = "Succeeded";
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class NetworkInterface extends Tracked {
        public String macAddress;
        public String virtualMachineId;
        public boolean primary = true;
        public boolean enableIPForwarding;
        public boolean enableAcceleratedNetworking;
        public List<IpConfiguration> ipConfigurations = new ArrayList<>();
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class IpConfiguration {
        public String name;
        public boolean primary;
        public String privateIPAddress;
        /** {@code Static} or {@code Dynamic}. */
        public String privateIPAllocationMethod = "Dynamic";
        public String subnetId;
        public String publicIpId;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class PublicIp extends Tracked {
        public List<String> zones = new ArrayList<>();
        public String skuName = "Standard";
        public String skuTier = "Regional";
        public String allocationMethod = "Static";
        public String version = "IPv4";
        public int idleTimeoutInMinutes = 4;
        public String ipAddress;
        /** The ipConfiguration using it (read-only on the wire). */
        public String ipConfigurationId;
    }

    /** A long-running operation: answers {@code InProgress} for {@code pollsLeft} more polls, then ends. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static final class Operation {
        public String id;
        /** The resource it works on (lower-cased id). */
        public String resourceKey;
        /** {@code Succeeded}, {@code Failed} or {@code Canceled}: how it ends. */
        public String outcome = "Succeeded";
        public String errorCode;
        public String errorMessage;
        public int pollsLeft;
        /** Over: the resource shows the outcome and polls answer it. */
        public boolean done;
        public String startTime;
        /** A DELETE (polled through {@code Location}) rather than a PUT ({@code Azure-AsyncOperation}). */
        public boolean delete;
    }
}
