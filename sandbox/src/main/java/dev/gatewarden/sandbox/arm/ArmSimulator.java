package dev.gatewarden.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * A loopback simulator of Azure Resource Manager for one subscription in one region: Microsoft.Network network
 * interfaces, public IP addresses and subnets (api-version 2025-03-01; scale-set VM NIC lists 2018-10-01) and
 * Microsoft.Compute virtual machines (2025-04-01), plus an Entra ID client-credentials token endpoint
 * ({@code POST /{tenant}/oauth2/v2.0/token}) so the real token pipeline runs. Serve it over HTTPS
 * ({@code start(true)}): Azure token credentials refuse plain HTTP.
 *
 * <p>Protocol, as the REST reference and the azure-rest-api-specs examples describe it: {@code api-version} is
 * required (400 {@code MissingApiVersionParameter}) and must be one the resource type serves; PUT answers 201
 * (created) or 200 (updated) with {@code provisioningState: Updating}, {@code Azure-AsyncOperation} and
 * {@code Retry-After}, and the status endpoint answers {@code InProgress} for {@link ArmState#operationPolls}
 * polls, then {@code Succeeded} or {@code Failed} with the error; DELETE answers 202 with {@code Location} (then
 * 202 until done, then 204), 204 when there was nothing; errors are {@code CloudError} JSON; etags with
 * {@code If-Match} / {@code If-None-Match} (412 {@code PreconditionFailed}); 429 with {@code Retry-After} (at least
 * 1 s) when the Microsoft.Network budget is spent, on injected throttling, and
 * ({@code RetryableErrorDueToAnotherOperation}) for a write to a resource whose last operation is still running;
 * paged lists with {@code nextLink}; ids compare case-insensitively; 401 without a valid bearer token, 403
 * {@code AuthorizationFailed} / {@code LinkedAuthorizationFailed} for actions in {@link ArmState#deniedActions}.
 *
 * <p>Operations (for counting and faults) are the swagger operationIds: {@code NetworkInterfaces_Get},
 * {@code NetworkInterfaces_List}, {@code NetworkInterfaces_CreateOrUpdate},
 * {@code NetworkInterfaces_ListVirtualMachineScaleSetVMNetworkInterfaces}, {@code PublicIPAddresses_Get},
 * {@code PublicIPAddresses_List}, {@code PublicIPAddresses_CreateOrUpdate}, {@code PublicIPAddresses_Delete},
 * {@code PublicIPAddresses_UpdateTags}, {@code Subnets_Get}, {@code VirtualMachines_Get}, and
 * {@code AzureAsyncOperation_Get} / {@code OperationResult_Get} for polls, {@code Token} for the token endpoint.
 * A fault queued under {@link #asyncFailure(String)} makes that operation's next PUT be accepted and then end
 * {@code Failed} with the fault's code and message (the change is not applied).
 */
public final class ArmSimulator extends HttpSimulator {
    public static final String NETWORK_API = "2025-03-01";
    public static final String SCALE_SET_NIC_API = "2018-10-01";
    public static final String COMPUTE_API = "2025-04-01";
    /** Network api-versions served besides the current one (the SDK pins one; older tools send older ones). */
    private static final Set<String> NETWORK_APIS = Set.of(NETWORK_API, "2024-05-01", "2023-09-01", "2022-07-01");
    private static final Set<String> COMPUTE_APIS = Set.of(COMPUTE_API, "2024-11-01", "2024-07-01", "2023-09-01");
    private static final String NET = "Microsoft.Network";
    private final Clock clock;
    private final Set<String> issuedTokens = new HashSet<>();
    private final Deque<Instant> reads = new ArrayDeque<>();
    private final Deque<Instant> writes = new ArrayDeque<>();
    private ArmState state;

    public ArmSimulator(ArmState state) {
        this(state, Clock.systemUTC());
    }

    public ArmSimulator(ArmState state, Clock clock) {
        this.state = copy(state);
        this.clock = clock;
    }

    /** A simulator seeded with {@link ArmWorld#defaultWorld()}. */
    public static ArmSimulator withDefaultWorld() {
        return new ArmSimulator(ArmWorld.defaultWorld().build());
    }

    /** The fault key whose faults make an accepted PUT's long-running operation fail. */
    public static String asyncFailure(String operation) {
        return operation + "#async";
    }

    @Override
    public String kind() {
        return "arm";
    }

    /** A copy of the current state, for tests that inspect it. */
    public ArmState state() {
        return locked(() -> copy(state));
    }

    /** Changes the state under the lock (tests: quotas, denied actions, a concurrent change). */
    public void update(java.util.function.Consumer<ArmState> change) {
        locked(() -> {
            change.accept(state);
            return null;
        });
    }

    /** The base URL a client uses as both the ARM endpoint and the Entra ID authority host. */
    public String endpoint() {
        return baseUri() + "/";
    }

    @Override
    public JsonNode snapshot() {
        return locked(() -> ArmJson.MAPPER.valueToTree(state));
    }

    @Override
    public void restore(JsonNode snapshot) {
        try {
            ArmState s = ArmJson.MAPPER.treeToValue(snapshot, ArmState.class);
            locked(() -> state = s);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an ARM simulator snapshot: " + e.getMessage(), e);
        }
    }

    static ArmState copy(ArmState s) {
        try {
            return ArmJson.MAPPER.treeToValue(ArmJson.MAPPER.valueToTree(s), ArmState.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- routing --------------------------------------------------------------------------------------

    /** What a request is: operation id, the resource type's api-versions, the resource key and name. */
    private record Route(String operation, Set<String> versions, String resourceType, String group, String name,
                         String key) {
    }

    private Route route(SimRequest r) {
        ArmPath p = new ArmPath(r.path());
        String m = r.method();
        if (m.equals("POST") && p.matches("{}", "oauth2", "v2.0", "token")) {
            return new Route("Token", null, null, null, null, null);
        }
        String rg = "subscriptions/{}/resourceGroups/{}/providers/";
        if (p.matches(split(rg + NET + "/networkInterfaces"))) {
            return new Route("NetworkInterfaces_List", NETWORK_APIS, "networkInterfaces", p.get(3), null, null);
        }
        if (p.matches(split(rg + NET + "/networkInterfaces/{}"))) {
            return new Route("NetworkInterfaces_" + verb(m), NETWORK_APIS, "networkInterfaces", p.get(3), p.get(7), p.key(8));
        }
        if (p.matches(split(rg + NET + "/publicIPAddresses"))) {
            return new Route("PublicIPAddresses_List", NETWORK_APIS, "publicIPAddresses", p.get(3), null, null);
        }
        if (p.matches(split("subscriptions/{}/providers/" + NET + "/publicIPAddresses"))) {
            return new Route("PublicIPAddresses_ListAll", NETWORK_APIS, "publicIPAddresses", null, null, null);
        }
        if (p.matches(split(rg + NET + "/publicIPAddresses/{}"))) {
            String op = m.equals("PATCH") ? "UpdateTags" : verb(m);
            return new Route("PublicIPAddresses_" + op, NETWORK_APIS, "publicIPAddresses", p.get(3), p.get(7), p.key(8));
        }
        if (p.matches(split(rg + NET + "/virtualNetworks/{}/subnets/{}"))) {
            return new Route("Subnets_" + verb(m), NETWORK_APIS, "virtualNetworks/subnets", p.get(3), p.get(9), p.key(10));
        }
        if (p.matches(split(rg + "Microsoft.Compute/virtualMachines/{}"))) {
            return new Route("VirtualMachines_" + verb(m), COMPUTE_APIS, "virtualMachines", p.get(3), p.get(7), p.key(8));
        }
        if (p.matches(split(rg + "Microsoft.Compute/virtualMachineScaleSets/{}/virtualMachines/{}/networkInterfaces"))) {
            return new Route("NetworkInterfaces_ListVirtualMachineScaleSetVMNetworkInterfaces", Set.of(SCALE_SET_NIC_API),
                    "virtualMachineScaleSets/virtualMachines/networkInterfaces", p.get(3), p.get(9), p.key(10));
        }
        if (p.matches(split("subscriptions/{}/providers/" + NET + "/locations/{}/operations/{}"))) {
            return new Route("AzureAsyncOperation_Get", NETWORK_APIS, "locations/operations", null, p.get(7), p.get(7));
        }
        if (p.matches(split("subscriptions/{}/providers/" + NET + "/locations/{}/operationResults/{}"))) {
            return new Route("OperationResult_Get", NETWORK_APIS, "locations/operationResults", null, p.get(7), p.get(7));
        }
        return new Route("(unknown) " + m, null, null, null, null, null);
    }

    private static String[] split(String shape) {
        return shape.split("/");
    }

    private static String verb(String method) {
        return switch (method) {
            case "GET" -> "Get";
            case "PUT" -> "CreateOrUpdate";
            case "DELETE" -> "Delete";
            default -> method;
        };
    }

    @Override
    protected String operation(SimRequest request) {
        return route(request).operation();
    }

    @Override
    protected SimResponse renderFault(Fault fault, SimRequest request, String operation) {
        if (fault.type() == Fault.Type.THROTTLE) {
            return throttled("Number of requests for subscription '" + state.subscriptionId
                    + "' exceeded the limit for the time interval. Please try again after '" + state.retryAfterSeconds
                    + "' seconds.");
        }
        int status = fault.status() == 0 ? 500 : fault.status();
        SimResponse r = error(new ArmError(status, fault.code() == null ? "InternalServerError" : fault.code(),
                fault.message() == null ? "An error occurred." : fault.message()));
        return status == 429 || status == 503 ? r.withHeader("Retry-After", String.valueOf(retryAfter())) : r;
    }

    private SimResponse throttled(String message) {
        return error(new ArmError(429, "SubscriptionRequestsThrottled", message))
                .withHeader("Retry-After", String.valueOf(retryAfter()));
    }

    private int retryAfter() {
        return Math.max(1, state.retryAfterSeconds);
    }

    @Override
    protected SimResponse handle(SimRequest request, String operation) {
        Route route = route(request);
        try {
            if (route.operation().equals("Token")) {
                return token(request);
            }
            if (route.versions() == null) {
                throw new ArmError(404, "NotFound", "The requested path " + request.path() + " is not served.");
            }
            authenticate(request);
            checkApiVersion(request, route);
            boolean write = !request.method().equals("GET");
            Optional<SimResponse> budget = spend(write);
            if (budget.isPresent()) {
                return budget.get();
            }
            String sub = new ArmPath(request.path()).get(1);
            if (!sub.equalsIgnoreCase(state.subscriptionId)) {
                throw new ArmError(404, "SubscriptionNotFound", "The subscription '" + sub + "' could not be found.");
            }
            SimResponse response = dispatch(request, route);
            return response.withHeader("x-ms-ratelimit-remaining-subscription-" + (write ? "writes" : "reads"),
                    String.valueOf(remaining(write)));
        } catch (ArmError e) {
            SimResponse r = error(e);
            return e.status == 429 ? r.withHeader("Retry-After", String.valueOf(retryAfter())) : r;
        }
    }

    private SimResponse dispatch(SimRequest r, Route route) {
        ArmResources res = new ArmResources(state, new ArmNetwork(state), clock, endpoint(), this::nextAsyncFailure);
        String op = route.operation();
        return switch (op) {
            case "NetworkInterfaces_List" -> res.listNics(r, route.group());
            case "NetworkInterfaces_Get" -> res.getNic(route.key(), route.name(), route.group());
            case "NetworkInterfaces_CreateOrUpdate" -> {
                authorize(r, "Microsoft.Network/networkInterfaces/write", route.key());
                authorizeJoins(r, route.key());
                yield res.putNic(r, route.key(), route.name(), route.group(), op);
            }
            case "NetworkInterfaces_ListVirtualMachineScaleSetVMNetworkInterfaces" -> res.listScaleSetVmNics(r);
            case "PublicIPAddresses_List", "PublicIPAddresses_ListAll" -> res.listPublicIps(r, route.group());
            case "PublicIPAddresses_Get" -> res.getPublicIp(route.key(), route.name(), route.group());
            case "PublicIPAddresses_CreateOrUpdate" -> {
                authorize(r, "Microsoft.Network/publicIPAddresses/write", route.key());
                yield res.putPublicIp(r, route.key(), route.name(), route.group(), op);
            }
            case "PublicIPAddresses_UpdateTags" -> {
                authorize(r, "Microsoft.Network/publicIPAddresses/write", route.key());
                yield res.patchPublicIpTags(r, route.key(), route.name(), route.group());
            }
            case "PublicIPAddresses_Delete" -> {
                authorize(r, "Microsoft.Network/publicIPAddresses/delete", route.key());
                yield res.deletePublicIp(r, route.key());
            }
            case "Subnets_Get" -> {
                authorize(r, "Microsoft.Network/virtualNetworks/subnets/read", route.key());
                yield res.getSubnet(route.key(), route.name(), route.group());
            }
            case "VirtualMachines_Get" -> {
                authorize(r, "Microsoft.Compute/virtualMachines/read", route.key());
                yield res.getVm(route.key(), route.name(), route.group());
            }
            case "AzureAsyncOperation_Get" -> res.asyncOperation(route.key());
            case "OperationResult_Get" -> res.operationResult(route.key());
            default -> throw new ArmError(405, "MethodNotAllowed", "The requested resource does not support http method '"
                    + r.method() + "'.");
        };
    }

    private Optional<Fault> nextAsyncFailure(String operation) {
        return faults().next(asyncFailure(operation));
    }

    // ---- envelope: api-version, auth, budget ------------------------------------------------------------

    private void checkApiVersion(SimRequest r, Route route) {
        String v = r.queryParam("api-version");
        if (v == null || v.isBlank()) {
            throw new ArmError(400, "MissingApiVersionParameter",
                    "The api-version query parameter (?api-version=) is required for all requests.");
        }
        if (!route.versions().contains(v)) {
            throw new ArmError(400, "NoRegisteredProviderFound", "No registered resource provider found for location '"
                    + state.location + "' and API version '" + v + "' for type '" + route.resourceType()
                    + "'. The supported api-versions are '" + String.join(", ", new java.util.TreeSet<>(route.versions()))
                    + "'. The supported locations are '" + state.location + "'.");
        }
    }

    private void authenticate(SimRequest r) {
        String auth = r.header("authorization");
        if (auth == null) {
            throw new ArmError(401, "AuthenticationFailed", "Authentication failed. The 'Authorization' header is missing.");
        }
        if (!auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new ArmError(401, "AuthenticationFailed",
                    "Authentication failed. The 'Authorization' header is provided in an invalid format.");
        }
        String token = auth.substring(7).trim();
        if (!issuedTokens.contains(token) && !state.staticTokens.contains(token)) {
            throw new ArmError(401, "InvalidAuthenticationToken", "The access token is invalid.");
        }
    }

    private void authorize(SimRequest r, String action, String scope) {
        if (state.deniedActions.stream().anyMatch(action::equalsIgnoreCase)) {
            throw new ArmError(403, "AuthorizationFailed", "The client '" + caller(r) + "' with object id '" + caller(r)
                    + "' does not have authorization to perform action '" + action + "' over scope '" + scope
                    + "' or the scope is invalid. If access was recently granted, please refresh your credentials.");
        }
    }

    /** A NIC PUT re-checks join on every subnet and public IP it references (linked authorization). */
    private void authorizeJoins(SimRequest r, String nicKey) {
        JsonNode body = parse(r);
        List<String[]> linked = new ArrayList<>();
        for (JsonNode c : body.path("properties").path("ipConfigurations")) {
            String subnet = c.path("properties").path("subnet").path("id").asText(null);
            String pip = c.path("properties").path("publicIPAddress").path("id").asText(null);
            if (subnet != null) {
                linked.add(new String[] {"Microsoft.Network/virtualNetworks/subnets/join/action", subnet});
            }
            if (pip != null) {
                linked.add(new String[] {"Microsoft.Network/publicIPAddresses/join/action", pip});
            }
        }
        for (String[] l : linked) {
            if (state.deniedActions.stream().anyMatch(l[0]::equalsIgnoreCase)) {
                throw new ArmError(403, "LinkedAuthorizationFailed", "The client '" + caller(r) + "' has permission to"
                        + " perform action 'Microsoft.Network/networkInterfaces/write' on scope '" + nicKey
                        + "'; however, it does not have permission to perform action(s) '" + l[0]
                        + "' on the linked scope(s) '" + l[1] + "' (respectively) or the linked scope(s) are invalid.");
            }
        }
    }

    private String caller(SimRequest r) {
        return UUID.nameUUIDFromBytes(String.valueOf(r.header("authorization")).getBytes()).toString();
    }

    private Optional<SimResponse> spend(boolean write) {
        Deque<Instant> window = write ? writes : reads;
        Instant now = clock.instant();
        while (!window.isEmpty() && window.peekFirst().isBefore(now.minusSeconds(state.windowSeconds))) {
            window.pollFirst();
        }
        int limit = write ? state.writesPerWindow : state.readsPerWindow;
        if (window.size() >= limit) {
            return Optional.of(throttled("Number of " + (write ? "write" : "read") + " requests for subscription '"
                    + state.subscriptionId + "' exceeded the limit of '" + limit + "' for time interval '"
                    + java.time.Duration.ofSeconds(state.windowSeconds) + "'. Please try again after '"
                    + retryAfter() + "' seconds."));
        }
        window.addLast(now);
        return Optional.empty();
    }

    private int remaining(boolean write) {
        return (write ? state.writesPerWindow : state.readsPerWindow) - (write ? writes : reads).size();
    }

    // ---- token endpoint (Entra ID v2.0 client credentials) -----------------------------------------------

    private SimResponse token(SimRequest r) {
        Map<String, List<String>> form = r.params();
        String grant = first(form, "grant_type");
        String client = first(form, "client_id");
        if (!"client_credentials".equals(grant)) {
            return tokenError(400, "unsupported_grant_type", "AADSTS70003: The app requested an unsupported grant type '"
                    + grant + "'.");
        }
        String secret = client == null ? null : state.clients.get(client);
        if (secret == null) {
            return tokenError(400, "unauthorized_client", "AADSTS700016: Application with identifier '" + client
                    + "' was not found in the directory '" + state.tenantId + "'.");
        }
        String given = first(form, "client_secret");
        boolean assertion = first(form, "client_assertion") != null; // certificate credentials: not verified here
        if (!assertion && !secret.equals(given)) {
            return tokenError(401, "invalid_client", "AADSTS7000215: Invalid client secret provided. Ensure the secret"
                    + " being sent in the request is the client secret value, not the client secret ID.");
        }
        String token = "sim." + UUID.randomUUID();
        issuedTokens.add(token);
        ObjectNode body = ArmJson.MAPPER.createObjectNode();
        body.put("token_type", "Bearer").put("expires_in", 3599).put("ext_expires_in", 3599).put("access_token", token);
        return SimResponse.json(200, body.toString());
    }

    private static String first(Map<String, List<String>> form, String key) {
        List<String> v = form.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    private static SimResponse tokenError(int status, String error, String description) {
        ObjectNode body = ArmJson.MAPPER.createObjectNode();
        body.put("error", error).put("error_description", description).putArray("error_codes");
        return SimResponse.json(status, body.toString());
    }

    // ---- helpers --------------------------------------------------------------------------------------

    static JsonNode parse(SimRequest r) {
        if (r.body().length == 0) {
            return ArmJson.MAPPER.createObjectNode();
        }
        try {
            return ArmJson.MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw ArmError.badRequest("InvalidRequestFormat", "Cannot parse the request: " + e.getMessage());
        }
    }

    private static SimResponse error(ArmError e) {
        return SimResponse.json(e.status, ArmJson.cloudError(e.code, e.getMessage(), e.target).toString())
                .withHeader("x-ms-request-id", UUID.randomUUID().toString())
                .withHeader("x-ms-correlation-request-id", UUID.randomUUID().toString());
    }
}
