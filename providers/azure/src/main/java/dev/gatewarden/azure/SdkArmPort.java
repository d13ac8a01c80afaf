package dev.gatewarden.azure;

import com.azure.core.management.SubResource;
import com.azure.core.management.exception.ManagementException;
import com.azure.core.management.polling.PollResult;
import com.azure.core.util.Context;
import com.azure.core.util.polling.LongRunningOperationStatus;
import com.azure.core.util.polling.PollResponse;
import com.azure.core.util.polling.SyncPoller;
import com.azure.resourcemanager.compute.fluent.models.VirtualMachineInner;
import com.azure.resourcemanager.compute.models.NetworkInterfaceReference;
import com.azure.resourcemanager.network.fluent.NetworkInterfacesClient;
import com.azure.resourcemanager.network.fluent.PublicIpAddressesClient;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceInner;
import com.azure.resourcemanager.network.fluent.models.NetworkInterfaceIpConfigurationInner;
import com.azure.resourcemanager.network.fluent.models.PublicIpAddressInner;
import com.azure.resourcemanager.network.fluent.models.SubnetInner;
import com.azure.resourcemanager.network.models.IpAllocationMethod;
import com.azure.resourcemanager.network.models.IpVersion;
import com.azure.resourcemanager.network.models.PublicIpAddressSku;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuName;
import com.azure.resourcemanager.network.models.PublicIpAddressSkuTier;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link ArmPort} on the Azure SDK's generated (fluent inner) clients: one SDK call per port call. */
final class SdkArmPort implements ArmPort {
    private static final Logger LOG = LoggerFactory.getLogger(SdkArmPort.class);
    /** Attempts of a NIC read-change-write that keeps meeting 412 before the round gives up (transient). */
    static final int NIC_ATTEMPTS = 5;
    private final AzureConnection connection;
    private final AzureClients clients;
    private final NetworkInterfacesClient nics;
    private final PublicIpAddressesClient publicIps;

    SdkArmPort(AzureConnection connection) {
        this(connection, new AzureClients(connection));
    }

    SdkArmPort(AzureConnection connection, AzureClients clients) {
        this.connection = connection;
        this.clients = clients;
        this.nics = clients.network.serviceClient().getNetworkInterfaces();
        this.publicIps = clients.network.serviceClient().getPublicIpAddresses();
    }

    /** ARM reads (GETs, polls included) and writes sent so far. */
    long reads() {
        return clients.calls.reads();
    }

    long writes() {
        return clients.calls.writes();
    }

    private <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (e instanceof dev.gatewarden.GatewardenException) {
                throw e;
            }
            throw ArmErrors.translate(connection.where(), what, e);
        }
    }

    private static boolean notFound(RuntimeException e) {
        return e instanceof ManagementException me && me.getResponse() != null && me.getResponse().getStatusCode() == 404;
    }

    @Override
    public List<Nic> nicsOfResourceGroup(String resourceGroup) {
        return call("list the network interfaces of resource group " + resourceGroup,
                () -> nics.listByResourceGroup(resourceGroup).stream().map(SdkArmPort::toNic).toList());
    }

    @Override
    public Optional<Nic> nic(String nicId) {
        return call("read network interface " + nicId, () -> inner(nicId).map(SdkArmPort::toNic));
    }

    private Optional<NetworkInterfaceInner> inner(String nicId) {
        return unlessNotFound(() -> nics.getByResourceGroup(AzureIds.resourceGroup(nicId), AzureIds.name(nicId)));
    }

    /** A GET's answer, or empty on 404. */
    private static <T> Optional<T> unlessNotFound(Supplier<T> get) {
        try {
            return Optional.of(get.get());
        } catch (RuntimeException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public List<String> vmNicIds(String vmId) {
        AzureIds.VmRef vm = AzureIds.vm(vmId);
        return call("read virtual machine " + vm.id(), () -> {
            VirtualMachineInner inner = clients.compute.serviceClient().getVirtualMachines()
                    .getByResourceGroup(vm.resourceGroup(), vm.name());
            List<NetworkInterfaceReference> refs = inner.networkProfile() == null
                    || inner.networkProfile().networkInterfaces() == null ? List.of()
                    : inner.networkProfile().networkInterfaces();
            List<NetworkInterfaceReference> sorted = new ArrayList<>(refs);
            // the primary NIC first; a VM with a single NIC may leave primary unset
            sorted.sort(Comparator.comparing(r -> !Boolean.TRUE.equals(r.primary())));
            return sorted.stream().map(NetworkInterfaceReference::id).toList();
        });
    }

    @Override
    public SubnetInfo subnet(String subnetId) {
        String[] parts = AzureIds.subnet(subnetId);
        return call("read subnet " + subnetId, () -> {
            SubnetInner s = clients.network.serviceClient().getSubnets().get(parts[0], parts[1], parts[2]);
            return new SubnetInfo(s.id(), s.addressPrefix(),
                    Optional.ofNullable(s.natGateway()).map(SubResource::id));
        });
    }

    @Override
    public Nic updateNic(String nicId, UnaryOperator<List<IpConfig>> change) {
        String what = "update the ipConfigurations of network interface " + nicId;
        return call(what, () -> {
            for (int attempt = 1; ; attempt++) {
                NetworkInterfaceInner current = inner(nicId).orElseThrow(() -> ArmErrors.of(connection.where(), what,
                        "NotFound", "the network interface does not exist", 404, null));
                List<IpConfig> before = toNic(current).ipConfigurations();
                List<IpConfig> wanted = change.apply(before);
                if (wanted.equals(before)) {
                    return toNic(current);
                }
                apply(current, wanted);
                try {
                    SyncPoller<PollResult<NetworkInterfaceInner>, NetworkInterfaceInner> poller = nics.beginCreateOrUpdate(
                            AzureIds.resourceGroup(nicId), AzureIds.name(nicId), current,
                            IfMatchPolicy.ifMatch(current.etag()));
                    return toNic(finish(poller, what));
                } catch (ManagementException e) {
                    if (!ArmErrors.PRECONDITION_FAILED.equals(code(e)) || attempt >= NIC_ATTEMPTS) {
                        throw e;
                    }
                    LOG.info("network interface {} changed while we wrote it (412); re-reading (attempt {} of {})",
                            nicId, attempt + 1, NIC_ATTEMPTS);
                }
            }
        });
    }

    private static String code(ManagementException e) {
        return e.getValue() == null ? null : e.getValue().getCode();
    }

    /** Polls an LRO to its end; a Failed or Canceled end is an error carrying the operation's CloudError code. */
    private <T> T finish(SyncPoller<PollResult<T>, T> poller, String what) {
        PollResponse<PollResult<T>> last = poller.waitForCompletion();
        if (last.getStatus() != LongRunningOperationStatus.SUCCESSFULLY_COMPLETED) {
            PollResult.Error error = last.getValue() == null ? null : last.getValue().getError();
            throw ArmErrors.operationFailed(connection.where(), what,
                    error == null ? null : ArmErrors.codeOf(error.getResponseBody()),
                    error == null ? String.valueOf(last.getStatus()) : error.getMessage());
        }
        return poller.getFinalResult();
    }

    /** Writes {@code wanted} into the GET body: kept configurations keep every field ARM sent, new ones are added. */
    private static void apply(NetworkInterfaceInner nic, List<IpConfig> wanted) {
        List<NetworkInterfaceIpConfigurationInner> result = new ArrayList<>();
        for (IpConfig w : wanted) {
            NetworkInterfaceIpConfigurationInner c = nic.ipConfigurations().stream()
                    .filter(x -> x.name().equalsIgnoreCase(w.name())).findFirst()
                    .orElseGet(() -> new NetworkInterfaceIpConfigurationInner().withName(w.name()));
            c.withPrimary(w.primary())
                    .withPrivateIpAllocationMethod(w.allocation() == Allocation.STATIC ? IpAllocationMethod.STATIC
                            : IpAllocationMethod.DYNAMIC)
                    .withPrivateIpAddress(w.privateIp())
                    .withPrivateIpAddressVersion(IpVersion.IPV4)
                    .withSubnet(new SubnetInner().withId(w.subnetId()))
                    .withPublicIpAddress(w.publicIpId() == null ? null : new PublicIpAddressInner().withId(w.publicIpId()));
            result.add(c);
        }
        nic.withIpConfigurations(result);
    }

    static Nic toNic(NetworkInterfaceInner n) {
        List<IpConfig> configs = new ArrayList<>();
        if (n.ipConfigurations() != null) {
            for (NetworkInterfaceIpConfigurationInner c : n.ipConfigurations()) {
                configs.add(new IpConfig(c.name(), Boolean.TRUE.equals(c.primary()), c.privateIpAddress(),
                        IpAllocationMethod.STATIC.equals(c.privateIpAllocationMethod()) ? Allocation.STATIC
                                : Allocation.DYNAMIC,
                        c.subnet() == null ? null : c.subnet().id(),
                        c.publicIpAddress() == null ? null : c.publicIpAddress().id()));
            }
        }
        return new Nic(n.id(), n.etag(), n.virtualMachine() == null ? null : n.virtualMachine().id(),
                !Boolean.FALSE.equals(n.primary()), configs);
    }

    @Override
    public PublicIp createPublicIp(String resourceGroup, String name, Map<String, String> tags, List<String> zones) {
        String what = "create public IP " + name + " in resource group " + resourceGroup;
        return call(what, () -> {
            PublicIpAddressInner body = new PublicIpAddressInner();
            body.withLocation(connection.location()).withTags(tags);
            body.withZones(zones.isEmpty() ? null : zones)
                    .withSku(new PublicIpAddressSku().withName(PublicIpAddressSkuName.STANDARD)
                            .withTier(PublicIpAddressSkuTier.REGIONAL))
                    .withPublicIpAllocationMethod(IpAllocationMethod.STATIC)
                    .withPublicIpAddressVersion(IpVersion.IPV4);
            return toPublicIp(finish(publicIps.beginCreateOrUpdate(resourceGroup, name, body, Context.NONE), what));
        });
    }

    @Override
    public Optional<PublicIp> publicIp(String resourceGroup, String name) {
        return call("read public IP " + name + " in resource group " + resourceGroup,
                () -> unlessNotFound(() -> publicIps.getByResourceGroup(resourceGroup, name)).map(SdkArmPort::toPublicIp));
    }

    @Override
    public List<PublicIp> publicIpsOfResourceGroup(String resourceGroup) {
        return call("list the public IPs of resource group " + resourceGroup,
                () -> publicIps.listByResourceGroup(resourceGroup).stream().map(SdkArmPort::toPublicIp).toList());
    }

    @Override
    public void deletePublicIp(String resourceGroup, String name) {
        String what = "delete public IP " + name + " in resource group " + resourceGroup;
        call(what, () -> finish(publicIps.beginDelete(resourceGroup, name, Context.NONE), what));
    }

    static PublicIp toPublicIp(PublicIpAddressInner p) {
        return new PublicIp(p.id(), p.name(), p.ipAddress(), p.tags() == null ? Map.of() : p.tags(),
                p.zones() == null ? List.of() : p.zones(),
                Optional.ofNullable(p.ipConfiguration()).map(c -> c.id()),
                p.provisioningState() == null ? null : p.provisioningState().toString());
    }

    @Override
    public void close() {
        // the JDK HTTP client holds no resources that need closing
    }
}
