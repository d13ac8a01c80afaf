package dev.gatewarden.gcp;

import com.google.api.gax.core.NoCredentialsProvider;
import com.google.api.gax.httpjson.HttpJsonCallContext;
import com.google.api.gax.rpc.ApiCallContext;
import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.ClientSettings;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.AccessConfig;
import com.google.cloud.compute.v1.AddAccessConfigInstanceRequest;
import com.google.cloud.compute.v1.Address;
import com.google.cloud.compute.v1.AddressList;
import com.google.cloud.compute.v1.AddressesClient;
import com.google.cloud.compute.v1.AddressesSettings;
import com.google.cloud.compute.v1.AliasIpRange;
import com.google.cloud.compute.v1.DeleteAccessConfigInstanceRequest;
import com.google.cloud.compute.v1.DeleteAddressRequest;
import com.google.cloud.compute.v1.GetAddressRequest;
import com.google.cloud.compute.v1.GetInstanceRequest;
import com.google.cloud.compute.v1.GetRouterRequest;
import com.google.cloud.compute.v1.GlobalOperationsClient;
import com.google.cloud.compute.v1.GlobalOperationsSettings;
import com.google.cloud.compute.v1.InsertAddressRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import com.google.cloud.compute.v1.ListAddressesRequest;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.PatchRouterRequest;
import com.google.cloud.compute.v1.RegionOperationsClient;
import com.google.cloud.compute.v1.RegionOperationsSettings;
import com.google.cloud.compute.v1.RegionSetLabelsRequest;
import com.google.cloud.compute.v1.Router;
import com.google.cloud.compute.v1.RouterNat;
import com.google.cloud.compute.v1.RoutersClient;
import com.google.cloud.compute.v1.RoutersSettings;
import com.google.cloud.compute.v1.SetLabelsAddressRequest;
import com.google.cloud.compute.v1.UpdateNetworkInterfaceInstanceRequest;
import com.google.cloud.compute.v1.WaitGlobalOperationRequest;
import com.google.cloud.compute.v1.WaitRegionOperationRequest;
import com.google.cloud.compute.v1.WaitZoneOperationRequest;
import com.google.cloud.compute.v1.ZoneOperationsClient;
import com.google.cloud.compute.v1.ZoneOperationsSettings;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.ProviderException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ComputePort} on the official Compute client over HTTP/JSON. Mutations go through the raw callables
 * ({@code insertCallable()}, not {@code insertAsync()}): the operation future loses {@code error.errors[].code},
 * so this class waits itself, looping on {@code wait} (which may answer before DONE) until DONE or the
 * connection's operation timeout. A call that fails in transit is tried again with the same {@code requestId},
 * so Compute answers the operation it already started instead of doing the change twice.
 */
final class SdkComputePort implements ComputePort {
    private static final Logger LOG = LoggerFactory.getLogger(SdkComputePort.class);
    private static final Set<StatusCode.Code> RETRYABLE = Set.of(StatusCode.Code.UNAVAILABLE,
            StatusCode.Code.DEADLINE_EXCEEDED, StatusCode.Code.INTERNAL, StatusCode.Code.RESOURCE_EXHAUSTED,
            StatusCode.Code.ABORTED, StatusCode.Code.UNKNOWN);
    static final int FINGERPRINT_ATTEMPTS = 5;
    private static final Pattern NAME = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private final GcpConnection conn;
    private final String where;
    private final Clock clock;
    private final Supplier<UUID> requestIds;
    private final AddressesClient addresses;
    private final InstancesClient instances;
    private final RoutersClient routers;
    private final RegionOperationsClient regionOperations;
    private final ZoneOperationsClient zoneOperations;
    private final GlobalOperationsClient globalOperations;
    private int pageSize = 500;

    private SdkComputePort(GcpConnection conn, Clock clock, Supplier<UUID> requestIds) throws IOException {
        this.conn = conn;
        this.where = "gcp project '" + conn.project() + "'";
        this.clock = clock;
        this.requestIds = requestIds;
        this.addresses = AddressesClient.create(settings(AddressesSettings.newBuilder()));
        this.instances = InstancesClient.create(settings(InstancesSettings.newBuilder()));
        this.routers = RoutersClient.create(settings(RoutersSettings.newBuilder()));
        this.regionOperations = RegionOperationsClient.create(settings(RegionOperationsSettings.newBuilder()));
        this.zoneOperations = ZoneOperationsClient.create(settings(ZoneOperationsSettings.newBuilder()));
        this.globalOperations = GlobalOperationsClient.create(settings(GlobalOperationsSettings.newBuilder()));
    }

    static SdkComputePort create(GcpConnection conn) {
        return create(conn, Clock.systemUTC(), UUID::randomUUID);
    }

    static SdkComputePort create(GcpConnection conn, Clock clock, Supplier<UUID> requestIds) {
        try {
            return new SdkComputePort(conn, clock, requestIds);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the Compute client for " + conn.project(), e);
        }
    }

    private <S extends ClientSettings<S>, B extends ClientSettings.Builder<S, B>> S settings(B b) throws IOException {
        conn.clientEndpoint().ifPresent(b::setEndpoint);
        if (conn.anonymous()) {
            b.setCredentialsProvider(NoCredentialsProvider.create());
        }
        return b.build();
    }

    private ApiCallContext context() {
        return HttpJsonCallContext.createDefault().withTimeoutDuration(conn.callTimeout());
    }

    /** Page size for address lists (500, the maximum, unless a test wants to see paging). */
    SdkComputePort pageSize(int size) {
        if (size < 1 || size > 500) {
            throw new IllegalArgumentException("page size must be 1-500: " + size);
        }
        this.pageSize = size;
        return this;
    }

    /** Every name that goes into a request path is an RFC 1035 name; anything else is refused before a call. */
    private static void names(String... kindAndName) {
        for (int i = 0; i < kindAndName.length; i += 2) {
            String v = kindAndName[i + 1];
            if (v == null || !NAME.matcher(v).matches()) {
                throw new ConfigException(kindAndName[i] + " '" + v
                        + "' is not a valid Compute name (1-63 lowercase letters, digits or '-', starting with a"
                        + " letter)");
            }
        }
    }

    // ---- calls, retries, operations --------------------------------------------------------------------

    private <T> T call(String what, String permission, Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (ApiException e) {
                boolean retry = RETRYABLE.contains(e.getStatusCode().getCode())
                        || ComputeErrors.hasReason(e, ComputeErrors.RATE_LIMIT);
                if (!retry || attempt >= conn.attempts()) {
                    throw ComputeErrors.translate(where, what, permission, e);
                }
                LOG.debug("{}: {} failed ({}), try {} of {}", where, what, e.getStatusCode().getCode(), attempt + 1,
                        conn.attempts());
                sleep(conn.retryBackoff().multipliedBy(attempt));
            }
        }
    }

    /** Sends a mutation with one requestId (kept across retries) and waits for its operation to be DONE. */
    private Operation mutate(String what, String permission, Function<String, Operation> send) {
        String requestId = requestId();
        Operation op = call(what, permission, () -> send.apply(requestId));
        return done(what, op);
    }

    private String requestId() {
        UUID id = requestIds.get();
        if (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
            throw new IllegalStateException("requestId must be a non-zero UUID");
        }
        return id.toString();
    }

    private Operation done(String what, Operation op) {
        Instant deadline = clock.instant().plus(conn.operationTimeout());
        int early = 0;
        while (op.getStatus() != Operation.Status.DONE) {
            if (clock.instant().isAfter(deadline)) {
                throw new ProviderException(where + ": " + what + ": operation " + op.getName() + " is still "
                        + op.getStatus() + " after " + conn.operationTimeout().toSeconds() + " s; the next round"
                        + " observes its outcome", "OPERATION_TIMEOUT", true);
            }
            if (early > 0) {
                sleep(conn.retryBackoff().multipliedBy(Math.min(early, 50)));
            }
            Operation current = op;
            op = call(what + " (waiting for " + op.getName() + ")", "compute.*Operations.get", () -> poll(current));
            early++;
        }
        ComputeErrors.OperationFailedException failure = ComputeErrors.failure(where, what, op).orElse(null);
        if (failure != null) {
            throw failure;
        }
        return op;
    }

    private Operation poll(Operation op) {
        if (!op.getZone().isEmpty()) {
            return zoneOperations.waitCallable().call(WaitZoneOperationRequest.newBuilder().setProject(conn.project())
                    .setZone(last(op.getZone())).setOperation(op.getName()).build(), context());
        }
        if (!op.getRegion().isEmpty()) {
            return regionOperations.waitCallable().call(WaitRegionOperationRequest.newBuilder()
                    .setProject(conn.project()).setRegion(last(op.getRegion())).setOperation(op.getName()).build(),
                    context());
        }
        return globalOperations.waitCallable().call(WaitGlobalOperationRequest.newBuilder().setProject(conn.project())
                .setOperation(op.getName()).build(), context());
    }

    private static String last(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    private static void sleep(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("interrupted while waiting for Compute", "INTERRUPTED", true);
        }
    }

    // ---- addresses -------------------------------------------------------------------------------------

    @Override
    public List<Address> listAddresses(String region, String filter) {
        names("region", region);
        List<Address> out = new ArrayList<>();
        String token = "";
        do {
            ListAddressesRequest.Builder req = ListAddressesRequest.newBuilder().setProject(conn.project())
                    .setRegion(region).setMaxResults(pageSize);
            if (filter != null && !filter.isEmpty()) {
                req.setFilter(filter);
            }
            if (!token.isEmpty()) {
                req.setPageToken(token);
            }
            ListAddressesRequest request = req.build();
            AddressList page = call("list addresses in " + region, "compute.addresses.list",
                    () -> addresses.listCallable().call(request, context()));
            out.addAll(page.getItemsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return out;
    }

    @Override
    public Address insertAddress(String region, Address address) {
        names("region", region, "address", address.getName());
        String what = "reserve address " + address.getName() + " in " + region;
        mutate(what, "compute.addresses.create", id -> addresses.insertCallable().call(InsertAddressRequest
                .newBuilder().setProject(conn.project()).setRegion(region).setAddressResource(address)
                .setRequestId(id).build(), context()));
        return call("read address " + address.getName(), "compute.addresses.get", () -> addresses.getCallable()
                .call(GetAddressRequest.newBuilder().setProject(conn.project()).setRegion(region)
                        .setAddress(address.getName()).build(), context()));
    }

    @Override
    public void setAddressLabels(String region, String name, Map<String, String> labels, String labelFingerprint) {
        names("region", region, "address", name);
        mutate("label address " + name + " in " + region, "compute.addresses.setLabels",
                id -> addresses.setLabelsCallable().call(SetLabelsAddressRequest.newBuilder()
                        .setProject(conn.project()).setRegion(region).setResource(name).setRequestId(id)
                        .setRegionSetLabelsRequestResource(RegionSetLabelsRequest.newBuilder().putAllLabels(labels)
                                .setLabelFingerprint(labelFingerprint))
                        .build(), context()));
    }

    @Override
    public void deleteAddress(String region, String name) {
        names("region", region, "address", name);
        mutate("release address " + name + " in " + region, "compute.addresses.delete",
                id -> addresses.deleteCallable().call(DeleteAddressRequest.newBuilder().setProject(conn.project())
                        .setRegion(region).setAddress(name).setRequestId(id).build(), context()));
    }

    // ---- instances -------------------------------------------------------------------------------------

    @Override
    public Instance getInstance(String zone, String name) {
        names("zone", zone, "instance", name);
        return call("read instance " + zone + "/" + name, "compute.instances.get", () -> instances.getCallable()
                .call(GetInstanceRequest.newBuilder().setProject(conn.project()).setZone(zone).setInstance(name)
                        .build(), context()));
    }

    private static NetworkInterface nic(Instance instance, String zone, String nic) {
        return instance.getNetworkInterfacesList().stream().filter(n -> n.getName().equals(nic)).findFirst()
                .orElseThrow(() -> new ProviderException("instance " + zone + "/" + instance.getName()
                        + " has no network interface " + nic, "NIC_NOT_FOUND", false));
    }

    @Override
    public List<AliasIpRange> updateAliasRanges(String zone, String instance, String nic,
                                                UnaryOperator<List<AliasIpRange>> change) {
        names("zone", zone, "instance", instance, "network interface", nic);
        String what = "update the alias IP ranges of " + zone + "/" + instance + " " + nic;
        for (int attempt = 1; ; attempt++) {
            NetworkInterface current = nic(getInstance(zone, instance), zone, nic);
            List<AliasIpRange> wanted = List.copyOf(change.apply(List.copyOf(current.getAliasIpRangesList())));
            if (wanted.equals(current.getAliasIpRangesList())) {
                return wanted;
            }
            NetworkInterface body = NetworkInterface.newBuilder().setFingerprint(current.getFingerprint())
                    .addAllAliasIpRanges(wanted).build();
            try {
                mutate(what, "compute.instances.updateNetworkInterface", id -> instances.updateNetworkInterfaceCallable()
                        .call(UpdateNetworkInterfaceInstanceRequest.newBuilder().setProject(conn.project())
                                .setZone(zone).setInstance(instance).setNetworkInterface(nic)
                                .setNetworkInterfaceResource(body).setRequestId(id).build(), context()));
                return wanted;
            } catch (ProviderException e) {
                if (!ComputeErrors.CONDITION_NOT_MET.equals(e.code()) || attempt >= FINGERPRINT_ATTEMPTS) {
                    throw e;
                }
                LOG.info("{}: {}: fingerprint changed meanwhile, reading again (try {} of {})", where, what,
                        attempt + 1, FINGERPRINT_ATTEMPTS);
            }
        }
    }

    @Override
    public void addAccessConfig(String zone, String instance, String nic, String accessConfigName, String natIp) {
        names("zone", zone, "instance", instance, "network interface", nic);
        AccessConfig config = AccessConfig.newBuilder().setName(accessConfigName).setType("ONE_TO_ONE_NAT")
                .setNatIP(natIp).build();
        mutate("attach " + natIp + " to " + zone + "/" + instance + " " + nic, "compute.instances.addAccessConfig",
                id -> instances.addAccessConfigCallable().call(AddAccessConfigInstanceRequest.newBuilder()
                        .setProject(conn.project()).setZone(zone).setInstance(instance).setNetworkInterface(nic)
                        .setAccessConfigResource(config).setRequestId(id).build(), context()));
    }

    @Override
    public void deleteAccessConfig(String zone, String instance, String nic, String accessConfigName) {
        names("zone", zone, "instance", instance, "network interface", nic);
        mutate("detach access config '" + accessConfigName + "' from " + zone + "/" + instance + " " + nic,
                "compute.instances.deleteAccessConfig", id -> instances.deleteAccessConfigCallable()
                        .call(DeleteAccessConfigInstanceRequest.newBuilder().setProject(conn.project())
                                .setZone(zone).setInstance(instance).setNetworkInterface(nic)
                                .setAccessConfig(accessConfigName).setRequestId(id).build(), context()));
    }

    // ---- routers ---------------------------------------------------------------------------------------

    @Override
    public Router getRouter(String region, String name) {
        names("region", region, "router", name);
        return call("read router " + region + "/" + name, "compute.routers.get", () -> routers.getCallable()
                .call(GetRouterRequest.newBuilder().setProject(conn.project()).setRegion(region).setRouter(name)
                        .build(), context()));
    }

    @Override
    public void patchRouterNats(String region, String router, UnaryOperator<List<RouterNat>> change) {
        names("region", region, "router", router);
        Router current = getRouter(region, router);
        List<RouterNat> wanted = List.copyOf(change.apply(List.copyOf(current.getNatsList())));
        if (wanted.equals(current.getNatsList())) {
            return;
        }
        Router body = Router.newBuilder().addAllNats(wanted).build();
        mutate("update the NATs of router " + region + "/" + router, "compute.routers.update",
                id -> routers.patchCallable().call(PatchRouterRequest.newBuilder().setProject(conn.project())
                        .setRegion(region).setRouter(router).setRouterResource(body).setRequestId(id).build(),
                        context()));
    }

    @Override
    public void close() {
        for (AutoCloseable c : new AutoCloseable[] {addresses, instances, routers, regionOperations, zoneOperations,
                globalOperations}) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing a Compute client: {}", e.toString());
            }
        }
    }
}
