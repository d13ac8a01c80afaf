package dev.gatewarden.azure;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * The few Azure Resource Manager calls the provider makes, behind a narrow port so unit tests can fake it. Every
 * call is one ARM request (lists: one per page) except {@link #updateNic}, which reads, changes and writes, and the
 * long-running writes, which poll to completion. Implementations throw
 * {@link dev.gatewarden.GatewardenException.ProviderException} carrying ARM's {@code CloudError} code.
 */
interface ArmPort extends AutoCloseable {

    /** The NICs of a resource group, every page ({@code nextLink}) followed. */
    List<Nic> nicsOfResourceGroup(String resourceGroup);

    /** One NIC by id; empty when ARM says it does not exist. */
    Optional<Nic> nic(String nicId);

    /** One VM GET: its NIC ids, the primary first. Uniform scale-set instances are refused before any call. */
    List<String> vmNicIds(String vmId);

    /** One subnet GET. */
    SubnetInfo subnet(String subnetId);

    /**
     * Read-change-write of a NIC's ipConfigurations: GET, {@code change} maps the current list to the wanted one,
     * then a PUT of the full GET body with {@code If-Match: <etag>}, polled to completion. A 412 (someone else
     * changed the NIC meanwhile) re-reads and re-applies {@code change}, up to a bound; the other writer's change
     * is never overwritten. Returns the NIC as ARM answers it after the operation. When {@code change} returns
     * the list unchanged, nothing is written.
     */
    Nic updateNic(String nicId, UnaryOperator<List<IpConfig>> change);

    /** PUT of a Standard, Static, IPv4 public IP with its tags set in the same request, polled to completion. */
    PublicIp createPublicIp(String resourceGroup, String name, Map<String, String> tags, List<String> zones);

    /** One public IP GET; empty when it does not exist. */
    Optional<PublicIp> publicIp(String resourceGroup, String name);

    /** The public IPs of a resource group, every page followed (ARM network lists have no {@code $filter}). */
    List<PublicIp> publicIpsOfResourceGroup(String resourceGroup);

    /** DELETE polled to completion ({@code Location}); deleting a public IP that does not exist is not an error. */
    void deletePublicIp(String resourceGroup, String name);

    @Override
    void close();

    /** A NIC as the provider needs it. Ids keep ARM's spelling; compare them with {@link AzureIds#same}. */
    record Nic(String id, String etag, String virtualMachineId, boolean primary, List<IpConfig> ipConfigurations) {
        public Nic {
            ipConfigurations = List.copyOf(ipConfigurations);
        }

        Optional<IpConfig> config(String name) {
            return ipConfigurations.stream().filter(c -> c.name().equalsIgnoreCase(name)).findFirst();
        }

        IpConfig primaryConfig() {
            return ipConfigurations.stream().filter(IpConfig::primary).findFirst().orElse(ipConfigurations.get(0));
        }
    }

    /**
     * One ipConfiguration. {@code privateIp} null with {@code Dynamic} asks ARM to pick one; {@code publicIpId}
     * null means none.
     */
    record IpConfig(String name, boolean primary, String privateIp, Allocation allocation, String subnetId,
                    String publicIpId) {
        IpConfig withPublicIp(String id) {
            return new IpConfig(name, primary, privateIp, allocation, subnetId, id);
        }

        IpConfig withStatic(String ip) {
            return new IpConfig(name, primary, ip, Allocation.STATIC, subnetId, publicIpId);
        }
    }

    enum Allocation { STATIC, DYNAMIC }

    /** A subnet: its prefix and, when it has one, the NAT gateway that then carries all its outbound traffic. */
    record SubnetInfo(String id, String addressPrefix, Optional<String> natGatewayId) {
    }

    record PublicIp(String id, String name, String ipAddress, Map<String, String> tags, List<String> zones,
                    Optional<String> ipConfigurationId, String provisioningState) {
        public PublicIp {
            tags = Map.copyOf(tags);
            zones = List.copyOf(zones);
        }
    }
}
