package dev.gatewarden.gcp;

import com.google.cloud.compute.v1.Address;
import com.google.cloud.compute.v1.AliasIpRange;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.Router;
import com.google.cloud.compute.v1.RouterNat;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The narrow port over the Compute Engine client that the GCP provider needs: one project, regional addresses,
 * instance interfaces and Cloud Routers. Every mutation carries a non-zero UUID {@code requestId} (reused when the
 * call is retried) and returns only once its Operation is DONE; an operation that ended with an error throws
 * {@link ComputeErrors.OperationFailedException} carrying the {@code error.errors[].code}s. Other refusals throw
 * {@link dev.gatewarden.GatewardenException.ProviderException} with an actionable message.
 */
interface ComputePort extends AutoCloseable {

    /**
     * Every address of the region matching {@code filter} (see {@link GcpNames#nameFilter} and
     * {@link GcpNames#labelFilter}; one syntax per request), in as many pages as needed.
     */
    List<Address> listAddresses(String region, String filter);

    /** Reserves {@code address} (name, description, type, tier, subnetwork) and returns it as stored. */
    Address insertAddress(String region, Address address);

    /** Replaces an address's labels; {@code labelFingerprint} is the one last read (412 when stale). */
    void setAddressLabels(String region, String name, Map<String, String> labels, String labelFingerprint);

    void deleteAddress(String region, String name);

    Instance getInstance(String zone, String name);

    /**
     * Changes the alias IP ranges of one interface: reads the instance, applies {@code change} to the current
     * ranges and sends them with the interface fingerprint; when the fingerprint went stale (412
     * {@code conditionNotMet}) it reads again and retries, a bounded number of times.
     *
     * @return the ranges sent
     */
    List<AliasIpRange> updateAliasRanges(String zone, String instance, String nic,
                                         UnaryOperator<List<AliasIpRange>> change);

    /** Adds a ONE_TO_ONE_NAT access config with {@code natIp} (a reserved static address of the region). */
    void addAccessConfig(String zone, String instance, String nic, String accessConfigName, String natIp);

    void deleteAccessConfig(String zone, String instance, String nic, String accessConfigName);

    Router getRouter(String region, String name);

    /** Patches a router's {@code nats[]} with {@code change} applied to the NATs just read. */
    void patchRouterNats(String region, String router, UnaryOperator<List<RouterNat>> change);

    @Override
    void close();
}
