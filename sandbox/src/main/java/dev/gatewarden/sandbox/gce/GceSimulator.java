package dev.gatewarden.sandbox.gce;

import static dev.gatewarden.sandbox.gce.GceWorld.API;
import static dev.gatewarden.sandbox.gce.GceWorld.MAPPER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A loopback simulator of the Compute Engine REST API v1 ({@code /compute/v1/projects/{project}/...}) for what
 * egress gateways need: regional addresses (insert, get, list with {@code filter}/{@code maxResults}/
 * {@code pageToken}, delete, setLabels with {@code labelFingerprint}), instances (get, updateNetworkInterface
 * with the interface fingerprint and alias IP ranges, addAccessConfig, deleteAccessConfig), routers (get, patch
 * with Cloud NAT and NAT rules) and zonal/regional/global operations (get, wait).
 *
 * <p>Protocol, as the REST reference describes it: every mutation answers an Operation that is PENDING, then
 * RUNNING, then DONE after {@link GceState#operationPolls} polls ({@code get} or {@code wait}; {@code wait}
 * answers at once, so it may return before DONE and the caller loops); the change itself is applied when the
 * mutation is accepted. A mutation with a {@code requestId} (a non-zero UUID) seen before answers the operation
 * it started, without doing anything again. Errors are the Google JSON envelope ({@code error.code},
 * {@code error.message}, {@code error.errors[]} with {@code reason} and {@code domain}): 404 {@code notFound},
 * 409 {@code alreadyExists}, 400 {@code invalid} / {@code resourceInUseByAnotherResource}, 412
 * {@code conditionNotMet} for a stale label or interface fingerprint, 403 {@code quotaExceeded} for
 * {@code STATIC_ADDRESSES} / {@code INTERNAL_ADDRESSES}, 403 {@code forbidden} naming the permission for
 * {@link GceState#deniedPermissions}, 403 {@code rateLimitExceeded} for injected throttling. PATCH also arrives
 * as POST with {@code X-HTTP-Method-Override: PATCH} (what the Java client sends). Labels cannot be set by
 * {@code addresses.insert} (ignored there; {@code setLabels} sets them). One access config per interface; a
 * {@code natIP} must be a RESERVED static external address of the instance's region, which then is IN_USE with
 * the instance in {@code users}; addresses named by a router's NATs are IN_USE by the router.
 *
 * <p>Operations for counting and faults are the discovery method ids without {@code compute.}:
 * {@code addresses.insert}, {@code addresses.get}, {@code addresses.list}, {@code addresses.delete},
 * {@code addresses.setLabels}, {@code instances.get}, {@code instances.updateNetworkInterface},
 * {@code instances.addAccessConfig}, {@code instances.deleteAccessConfig}, {@code routers.get},
 * {@code routers.patch}, {@code zoneOperations.get|wait}, {@code regionOperations.get|wait},
 * {@code globalOperations.get|wait}. A fault queued under {@link #asyncFailure(String)} makes that mutation's
 * next call be accepted and its operation end DONE with the fault's code and message (nothing changes).
 */
public final class GceSimulator extends HttpSimulator {
    static final String EMPTY_LABEL_FINGERPRINT = "42WmSpB8rSM=";
    private static final Pattern RFC1035 = Pattern.compile("[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final Pattern LABEL_KEY = Pattern.compile("[a-z][-_a-z0-9]{0,62}");
    private static final Pattern LABEL_VALUE = Pattern.compile("[-_a-z0-9]{0,63}");
    private static final int MAX_OPERATIONS = 5000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx");
    private final Clock clock;
    private GceState state;

    public GceSimulator(GceState state) {
        this(state, Clock.systemUTC());
    }

    public GceSimulator(GceState state, Clock clock) {
        this.state = copy(state);
        this.clock = clock;
    }

    public static GceSimulator withDefaultWorld() {
        return new GceSimulator(GceWorld.defaultWorld().build());
    }

    /** The fault key whose faults make an accepted mutation's operation end DONE with an error. */
    public static String asyncFailure(String operation) {
        return operation + "#async";
    }

    @Override
    public String kind() {
        return "gce";
    }

    /** The endpoint a Compute client is given ({@code http://127.0.0.1:port}, no path). */
    public String endpoint() {
        return baseUri().toString();
    }

    /** A copy of the state, for tests that inspect it. */
    public GceState state() {
        return locked(() -> copy(state));
    }

    /** Changes the state under the lock (tests: quotas, denied permissions, a concurrent change). */
    public void update(Consumer<GceState> change) {
        locked(() -> {
            change.accept(state);
            return null;
        });
    }

    @Override
    public JsonNode snapshot() {
        return locked(() -> MAPPER.valueToTree(state));
    }

    @Override
    public void restore(JsonNode snapshot) {
        try {
            GceState s = MAPPER.treeToValue(snapshot, GceState.class);
            locked(() -> state = s);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a Compute simulator snapshot: " + e.getMessage(), e);
        }
    }

    static GceState copy(GceState s) {
        try {
            return MAPPER.treeToValue(MAPPER.valueToTree(s), GceState.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- routing ---------------------------------------------------------------------------------------

    /** A parsed request: operation id, project, scope (zone or region, null for global), resource, verb. */
    private record Route(String operation, String project, String scope, String name, String permission) {
    }

    private static String method(SimRequest r) {
        String override = r.header("x-http-method-override");
        return r.method().equals("POST") && override != null ? override.toUpperCase(java.util.Locale.ROOT)
                : r.method();
    }

    private Route route(SimRequest r) {
        String prefix = "/compute/v1/projects/";
        if (!r.path().startsWith(prefix)) {
            return new Route("(unknown)", null, null, null, null);
        }
        String[] p = r.path().substring(prefix.length()).split("/", -1);
        String m = method(r);
        String project = p[0];
        int n = p.length;
        if (n >= 3 && p[1].equals("global") && p[2].equals("operations")) {
            return operationRoute("globalOperations", project, null, p, 3, m);
        }
        if (n < 4 || !(p[1].equals("regions") || p[1].equals("zones"))) {
            return new Route("(unknown)", project, null, null, null);
        }
        String scope = p[2];
        String collection = p[3];
        String name = n > 4 ? p[4] : null;
        String action = n > 5 ? p[5] : null;
        if (n > 6) {
            return new Route("(unknown)", project, scope, name, null);
        }
        if (p[1].equals("regions") && collection.equals("addresses")) {
            if (name == null) {
                return switch (m) {
                    case "GET" -> new Route("addresses.list", project, scope, null, "compute.addresses.list");
                    case "POST" -> new Route("addresses.insert", project, scope, null, "compute.addresses.create");
                    default -> new Route("(unknown)", project, scope, null, null);
                };
            }
            if (action == null) {
                return switch (m) {
                    case "GET" -> new Route("addresses.get", project, scope, name, "compute.addresses.get");
                    case "DELETE" -> new Route("addresses.delete", project, scope, name, "compute.addresses.delete");
                    default -> new Route("(unknown)", project, scope, name, null);
                };
            }
            if (action.equals("setLabels") && m.equals("POST")) {
                return new Route("addresses.setLabels", project, scope, name, "compute.addresses.setLabels");
            }
        }
        if (p[1].equals("zones") && collection.equals("instances") && name != null) {
            if (action == null && m.equals("GET")) {
                return new Route("instances.get", project, scope, name, "compute.instances.get");
            }
            if ("updateNetworkInterface".equals(action) && m.equals("PATCH")) {
                return new Route("instances.updateNetworkInterface", project, scope, name,
                        "compute.instances.updateNetworkInterface");
            }
            if (("addAccessConfig".equals(action) || "deleteAccessConfig".equals(action)) && m.equals("POST")) {
                return new Route("instances." + action, project, scope, name, "compute.instances." + action);
            }
        }
        if (p[1].equals("regions") && collection.equals("routers") && name != null && action == null) {
            if (m.equals("GET")) {
                return new Route("routers.get", project, scope, name, "compute.routers.get");
            }
            if (m.equals("PATCH")) {
                return new Route("routers.patch", project, scope, name, "compute.routers.update");
            }
        }
        if (collection.equals("operations")) {
            return operationRoute(p[1].equals("zones") ? "zoneOperations" : "regionOperations", project, scope, p, 4,
                    m);
        }
        return new Route("(unknown)", project, scope, name, null);
    }

    private static Route operationRoute(String kind, String project, String scope, String[] p, int at, String m) {
        String name = p.length > at ? p[at] : null;
        if (name != null && p.length == at + 1 && m.equals("GET")) {
            return new Route(kind + ".get", project, scope, name, "compute." + kind + ".get");
        }
        if (name != null && p.length == at + 2 && p[at + 1].equals("wait") && m.equals("POST")) {
            return new Route(kind + ".wait", project, scope, name, "compute." + kind + ".get");
        }
        return new Route("(unknown)", project, scope, name, null);
    }

    @Override
    protected String operation(SimRequest request) {
        return route(request).operation();
    }

    @Override
    protected SimResponse renderFault(Fault fault, SimRequest request, String operation) {
        if (fault.type() == Fault.Type.THROTTLE) {
            return error(new GceError(403, "rateLimitExceeded", "usageLimits", "Rate Limit Exceeded"));
        }
        String reason = fault.code() == null ? "backendError" : fault.code();
        String message = fault.message() == null ? "Internal error. Please try again or contact Google Support."
                : fault.message();
        return error(new GceError(fault.status() == 0 ? 500 : fault.status(), reason, "global", message));
    }

    private static SimResponse error(GceError e) {
        ObjectNode root = MAPPER.createObjectNode();
        ObjectNode err = root.putObject("error");
        err.put("code", e.status);
        err.put("message", e.getMessage());
        ObjectNode item = err.putArray("errors").addObject();
        item.put("message", e.getMessage());
        item.put("domain", e.domain);
        item.put("reason", e.reason);
        return json(e.status, root);
    }

    private static SimResponse json(int status, JsonNode body) {
        return SimResponse.json(status, body.toString());
    }

    @Override
    protected SimResponse handle(SimRequest r, String op) {
        try {
            Route route = route(r);
            if (route.operation().equals("(unknown)")) {
                throw new GceError(404, "notFound", "global", "The requested URL " + r.path() + " was not found"
                        + " (method " + method(r) + ").");
            }
            if (!route.project().equals(state.project)) {
                throw GceError.notFound("projects/" + route.project());
            }
            String resource = resourcePath(route);
            if (state.deniedPermissions.contains(route.permission())) {
                throw forbidden(route.permission(), resource);
            }
            return switch (op) {
                case "addresses.list" -> json(200, listAddresses(r, route));
                case "addresses.get" -> json(200, address(route.scope(), route.name()));
                case "addresses.insert" -> mutate(r, route, "insert", () -> insertAddress(r, route));
                case "addresses.delete" -> mutate(r, route, "delete", () -> deleteAddress(route));
                case "addresses.setLabels" -> mutate(r, route, "setLabels", () -> setLabels(r, route));
                case "instances.get" -> json(200, instance(route.scope(), route.name()));
                case "instances.updateNetworkInterface" ->
                        mutate(r, route, "updateNetworkInterface", () -> updateNetworkInterface(r, route));
                case "instances.addAccessConfig" -> mutate(r, route, "addAccessConfig", () -> addAccessConfig(r, route));
                case "instances.deleteAccessConfig" ->
                        mutate(r, route, "deleteAccessConfig", () -> deleteAccessConfig(r, route));
                case "routers.get" -> json(200, router(route.scope(), route.name()));
                case "routers.patch" -> mutate(r, route, "patch", () -> patchRouter(r, route));
                default -> json(200, poll(route, op.endsWith(".wait")));
            };
        } catch (GceError e) {
            return error(e);
        }
    }

    private String resourcePath(Route route) {
        String op = route.operation();
        String base = "projects/" + route.project() + "/";
        if (op.startsWith("globalOperations")) {
            return base + "global/operations/" + route.name();
        }
        String kind = op.startsWith("instances") || op.startsWith("zoneOperations") ? "zones/" : "regions/";
        String collection = op.substring(0, op.indexOf('.'));
        if (collection.endsWith("Operations")) {
            collection = "operations";
        }
        return base + kind + route.scope() + "/" + collection + (route.name() == null ? "" : "/" + route.name());
    }

    private static GceError forbidden(String permission, String resource) {
        return new GceError(403, "forbidden", "global",
                "Required '" + permission + "' permission for '" + resource + "'");
    }

    // ---- operations ------------------------------------------------------------------------------------

    /** What one accepted mutation did: the target's link and id (for the Operation). */
    private record Target(String link, String id) {
    }

    private interface Mutation {
        Target apply();
    }

    private SimResponse mutate(SimRequest r, Route route, String type, Mutation mutation) {
        String requestId = r.queryParam("requestId");
        if (requestId != null) {
            validateRequestId(requestId);
            String seen = state.requestIds.get(requestId);
            if (seen != null && state.operations.containsKey(seen)) {
                return json(200, state.operations.get(seen));
            }
        }
        Optional<Fault> async = faults().next(asyncFailure(route.operation()));
        Target target;
        if (async.isPresent()) {
            String name = route.name() != null ? route.name() : body(r).path("name").asText("");
            String path = resourcePath(route);
            target = new Target(API + (route.name() != null ? path : path + "/" + name), null);
        } else {
            target = mutation.apply();
            refreshUsers();
        }
        ObjectNode op = newOperation(route, type, target, requestId);
        async.ifPresent(f -> {
            ObjectNode e = op.putObject("error").putArray("errors").addObject();
            e.put("code", f.code() == null ? "INTERNAL_ERROR" : f.code());
            e.put("message", f.message() == null ? "Internal error." : f.message());
            op.put("httpErrorStatusCode", f.status() == 0 ? 400 : f.status());
            op.put("httpErrorMessage", f.status() == 403 ? "FORBIDDEN" : f.status() == 404 ? "NOT FOUND"
                    : f.status() >= 500 ? "INTERNAL SERVER ERROR" : "BAD REQUEST");
        });
        return json(200, op);
    }

    private static void validateRequestId(String requestId) {
        UUID uuid;
        try {
            uuid = UUID.fromString(requestId);
        } catch (IllegalArgumentException e) {
            throw GceError.invalidField("requestId", requestId, "Must be a valid UUID.");
        }
        if (uuid.getMostSignificantBits() == 0 && uuid.getLeastSignificantBits() == 0
                || !uuid.toString().equalsIgnoreCase(requestId)) {
            throw GceError.invalidField("requestId", requestId, "Must be a valid non-zero UUID.");
        }
    }

    private ObjectNode newOperation(Route route, String type, Target target, String requestId) {
        String now = now();
        String name = "operation-" + clock.millis() + "-" + UUID.randomUUID().toString().substring(0, 13)
                + "-" + Long.toHexString(state.nextId).substring(0, 8);
        ObjectNode op = MAPPER.createObjectNode();
        op.put("kind", "compute#operation");
        op.put("id", Long.toString(state.nextId++));
        op.put("name", name);
        op.put("operationType", type);
        op.put("targetLink", target.link());
        if (target.id() != null) {
            op.put("targetId", target.id());
        }
        op.put("user", "gatewarden-sandbox@" + state.project + ".iam.gserviceaccount.com");
        op.put("insertTime", now);
        String base = API + "projects/" + state.project + "/";
        String scopeLink;
        if (route.operation().startsWith("instances")) {
            op.put("zone", base + "zones/" + route.scope());
            scopeLink = base + "zones/" + route.scope();
        } else {
            op.put("region", base + "regions/" + route.scope());
            scopeLink = base + "regions/" + route.scope();
        }
        op.put("selfLink", scopeLink + "/operations/" + name);
        if (requestId != null) {
            state.requestIds.put(requestId, name);
        }
        state.operations.put(name, op);
        state.pollsLeft.put(name, state.operationPolls);
        advance(op, 0);
        trimOperations();
        return op;
    }

    private void trimOperations() {
        Iterator<String> it = state.operations.keySet().iterator();
        while (state.operations.size() > MAX_OPERATIONS && it.hasNext()) {
            String old = it.next();
            it.remove();
            state.pollsLeft.remove(old);
            state.requestIds.values().removeIf(old::equals);
        }
    }

    /** Sets status from the polls left after {@code step} more polls: PENDING, RUNNING, then DONE. */
    private void advance(ObjectNode op, int step) {
        String name = op.get("name").asText();
        int left = Math.max(0, state.pollsLeft.getOrDefault(name, 0) - step);
        state.pollsLeft.put(name, left);
        String before = op.path("status").asText("");
        if (left == 0) {
            if (!before.equals("DONE")) {
                if (!op.has("startTime")) {
                    op.put("startTime", now());
                }
                op.put("status", "DONE");
                op.put("progress", 100);
                op.put("endTime", now());
            }
        } else if (left < state.operationPolls || step > 0) {
            op.put("status", "RUNNING");
            op.put("progress", 0);
            if (!op.has("startTime")) {
                op.put("startTime", now());
            }
        } else {
            op.put("status", "PENDING");
            op.put("progress", 0);
        }
    }

    private ObjectNode poll(Route route, boolean wait) {
        ObjectNode op = state.operations.get(route.name());
        String scopeKind = route.operation().startsWith("zone") ? "zones/" : route.operation().startsWith("region")
                ? "regions/" : null;
        String expected = scopeKind == null ? null : API + "projects/" + state.project + "/" + scopeKind + route.scope();
        boolean scopeMatches = op != null && (scopeKind == null ? !op.has("zone") && !op.has("region")
                : expected.equals(op.path(scopeKind.equals("zones/") ? "zone" : "region").asText()));
        if (!scopeMatches) {
            throw GceError.notFound(resourcePath(route));
        }
        advance(op, 1);
        return op;
    }

    private String now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC).withOffsetSameInstant(ZoneOffset.ofHours(-8))
                .format(TIME);
    }

    // ---- addresses -------------------------------------------------------------------------------------

    private ObjectNode address(String region, String name) {
        return find(state.addresses, "regions/", region, "/addresses/", name);
    }

    /** A stored resource by scope and name, or 404 naming its path. */
    private ObjectNode find(Map<String, ObjectNode> resources, String scopes, String scope, String collection,
                            String name) {
        ObjectNode found = resources.get(scope + "/" + name);
        if (found == null) {
            throw GceError.notFound("projects/" + state.project + "/" + scopes + scope + collection + name);
        }
        return found;
    }

    private ObjectNode listAddresses(SimRequest r, Route route) {
        Predicate<JsonNode> filter = GceFilter.parse(r.queryParam("filter"));
        int max = 500;
        String maxText = r.queryParam("maxResults");
        if (maxText != null && !maxText.isEmpty()) {
            try {
                max = Integer.parseInt(maxText);
            } catch (NumberFormatException e) {
                throw GceError.invalidField("maxResults", maxText, "Must be an integer.");
            }
            if (max < 0 || max > 500) {
                throw GceError.invalidField("maxResults", maxText, "Must be between 0 and 500.");
            }
            if (max == 0) {
                max = 500;
            }
        }
        int offset = 0;
        String token = r.queryParam("pageToken");
        if (token != null && !token.isEmpty()) {
            offset = decodePageToken(token);
        }
        List<ObjectNode> matching = new ArrayList<>();
        String prefix = route.scope() + "/";
        state.addresses.forEach((k, v) -> {
            if (k.startsWith(prefix) && filter.test(v)) {
                matching.add(v);
            }
        });
        ObjectNode list = MAPPER.createObjectNode();
        list.put("kind", "compute#addressList");
        list.put("id", "projects/" + state.project + "/regions/" + route.scope() + "/addresses");
        if (offset < matching.size()) {
            ArrayNode items = list.putArray("items");
            matching.subList(offset, Math.min(matching.size(), offset + max)).forEach(items::add);
        }
        if (offset + max < matching.size()) {
            list.put("nextPageToken", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("gce-page:" + (offset + max)).getBytes(StandardCharsets.UTF_8)));
        }
        list.put("selfLink", API + "projects/" + state.project + "/regions/" + route.scope() + "/addresses");
        return list;
    }

    private static int decodePageToken(String token) {
        try {
            String text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
            if (text.startsWith("gce-page:")) {
                return Integer.parseInt(text.substring(9));
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw GceError.invalidField("pageToken", token, "The page token is not valid.");
    }

    private ObjectNode body(SimRequest r) {
        if (r.body().length == 0) {
            throw GceError.invalid("Required field 'resource' not specified");
        }
        try {
            JsonNode n = MAPPER.readTree(r.body());
            if (!(n instanceof ObjectNode o)) {
                throw GceError.invalid("Invalid JSON payload received. Expected an object.");
            }
            return o;
        } catch (IOException e) {
            throw new GceError(400, "parseError", "global", "Parse Error");
        }
    }

    private Target insertAddress(SimRequest r, Route route) {
        ObjectNode in = body(r);
        String region = route.scope();
        String name = in.path("name").asText("");
        if (name.isEmpty()) {
            throw GceError.invalid("Required field 'resource.name' not specified");
        }
        if (!RFC1035.matcher(name).matches()) {
            throw GceError.invalidField("resource.name", name,
                    "Must be a match of regex '(?:[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?)'");
        }
        String path = "projects/" + state.project + "/regions/" + region + "/addresses/" + name;
        if (state.addresses.containsKey(region + "/" + name)) {
            throw new GceError(409, "alreadyExists", "global", "The resource '" + path + "' already exists");
        }
        String type = in.path("addressType").asText("EXTERNAL");
        if (!type.equals("EXTERNAL") && !type.equals("INTERNAL")) {
            throw GceError.invalidField("resource.addressType", type, "Must be EXTERNAL or INTERNAL.");
        }
        long used = state.addresses.entrySet().stream()
                .filter(e -> e.getKey().startsWith(region + "/"))
                .filter(e -> e.getValue().path("addressType").asText().equals(type)).count();
        int limit = type.equals("EXTERNAL") ? state.staticAddressQuota : state.internalAddressQuota;
        if (used >= limit) {
            String metric = type.equals("EXTERNAL") ? "STATIC_ADDRESSES" : "INTERNAL_ADDRESSES";
            throw new GceError(403, "quotaExceeded", "usageLimits",
                    "Quota '" + metric + "' exceeded.  Limit: " + limit + ".0 in region " + region + ".");
        }
        ObjectNode a = MAPPER.createObjectNode();
        a.put("kind", "compute#address");
        a.put("id", Long.toString(state.nextId++));
        a.put("creationTimestamp", now());
        a.put("name", name);
        if (in.hasNonNull("description")) {
            a.put("description", in.get("description").asText());
        }
        String base = API + "projects/" + state.project + "/";
        if (type.equals("EXTERNAL")) {
            if (in.hasNonNull("address")) {
                throw GceError.invalidField("resource.address", in.get("address").asText(),
                        "A static external address cannot be chosen; omit it to have one allocated.");
            }
            String tier = in.path("networkTier").asText("PREMIUM");
            if (!tier.equals("PREMIUM") && !tier.equals("STANDARD")) {
                throw GceError.invalidField("resource.networkTier", tier, "Must be PREMIUM or STANDARD.");
            }
            a.put("address", freeExternalIp());
            a.put("networkTier", tier);
        } else {
            String subRef = in.path("subnetwork").asText("");
            String subName = subRef.substring(subRef.lastIndexOf('/') + 1);
            GceState.Subnetwork sub = state.subnetworks.get(region + "/" + subName);
            if (subRef.isEmpty() || sub == null) {
                throw GceError.invalidField("resource.subnetwork", subRef,
                        "The subnetwork must exist in region " + region + ".");
            }
            String ip = in.path("address").asText("");
            if (ip.isEmpty()) {
                ip = freeInternalIp(region, subName, sub);
            } else {
                checkInternalIp(ip, region, subName, sub);
            }
            a.put("address", ip);
            a.put("subnetwork", base + "regions/" + region + "/subnetworks/" + subName);
            a.put("purpose", in.path("purpose").asText("GCE_ENDPOINT"));
        }
        a.put("status", "RESERVED");
        a.put("region", base + "regions/" + region);
        a.put("selfLink", base + "regions/" + region + "/addresses/" + name);
        a.put("addressType", type);
        a.put("labelFingerprint", EMPTY_LABEL_FINGERPRINT);
        state.addresses.put(region + "/" + name, a);
        return new Target(a.get("selfLink").asText(), a.get("id").asText());
    }

    private String freeExternalIp() {
        Cidr pool = Cidr.of(state.externalPool);
        java.util.Set<String> taken = new java.util.HashSet<>();
        state.addresses.values().forEach(a -> taken.add(a.path("address").asText()));
        forEachNic(nic -> nic.path("accessConfigs").forEach(ac -> taken.add(ac.path("natIP").asText())));
        for (long ip = pool.first() + 1; ip < pool.last(); ip++) {
            if (!taken.contains(Cidr.text(ip))) {
                return Cidr.text(ip);
            }
        }
        throw new GceError(403, "quotaExceeded", "usageLimits", "The external address pool of the sandbox is spent.");
    }

    private String freeInternalIp(String region, String subName, GceState.Subnetwork sub) {
        Cidr range = Cidr.of(sub.ipCidrRange);
        for (long ip = range.first() + 2; ip < range.last() - 1; ip++) {
            if (internalIpUser(Cidr.text(ip), region, subName) == null) {
                return Cidr.text(ip);
            }
        }
        throw GceError.invalid("The subnetwork " + subName + " has no free address.");
    }

    private void checkInternalIp(String ip, String region, String subName, GceState.Subnetwork sub) {
        long v;
        try {
            v = Cidr.ip(ip);
        } catch (IllegalArgumentException e) {
            throw GceError.invalidField("resource.address", ip, "Must be an IPv4 address.");
        }
        Cidr range = Cidr.of(sub.ipCidrRange);
        if (v < range.first() + 2 || v > range.last() - 2) {
            throw GceError.invalidField("resource.address", ip,
                    "The address is not in the usable primary range " + sub.ipCidrRange + " of " + subName + ".");
        }
        String user = internalIpUser(ip, region, subName);
        if (user != null) {
            throw GceError.invalidField("resource.address", ip, "IP address is already in use by " + user + ".");
        }
    }

    /** Who holds an internal IP of a subnetwork: a static address or an instance interface (primary or alias). */
    private String internalIpUser(String ip, String region, String subName) {
        String subLink = API + "projects/" + state.project + "/regions/" + region + "/subnetworks/" + subName;
        for (ObjectNode a : state.addresses.values()) {
            if (subLink.equals(a.path("subnetwork").asText()) && ip.equals(a.path("address").asText())) {
                return a.get("selfLink").asText();
            }
        }
        for (ObjectNode i : state.instances.values()) {
            for (JsonNode nic : i.path("networkInterfaces")) {
                if (!subLink.equals(nic.path("subnetwork").asText())) {
                    continue;
                }
                if (ip.equals(nic.path("networkIP").asText())) {
                    return i.get("selfLink").asText();
                }
                for (JsonNode alias : nic.path("aliasIpRanges")) {
                    if (Cidr.of(alias.path("ipCidrRange").asText()).contains(Cidr.of(ip))) {
                        return i.get("selfLink").asText();
                    }
                }
            }
        }
        return null;
    }

    private Target deleteAddress(Route route) {
        ObjectNode a = address(route.scope(), route.name());
        if (a.path("status").asText().equals("IN_USE")) {
            throw new GceError(400, "resourceInUseByAnotherResource", "global", "The address resource '"
                    + a.get("selfLink").asText().substring(API.length()) + "' is already being used by '"
                    + a.path("users").path(0).asText().replace(API, "") + "'");
        }
        state.addresses.remove(route.scope() + "/" + route.name());
        return new Target(a.get("selfLink").asText(), a.get("id").asText());
    }

    private Target setLabels(SimRequest r, Route route) {
        ObjectNode a = address(route.scope(), route.name());
        ObjectNode in = body(r);
        String fp = in.path("labelFingerprint").asText("");
        if (!fp.equals(a.path("labelFingerprint").asText())) {
            throw GceError.conditionNotMet("Labels fingerprint either invalid or resource labels have changed");
        }
        ObjectNode labels = validLabels(in.path("labels"));
        a.set("labels", labels);
        a.put("labelFingerprint", labelFingerprint(labels));
        if (labels.isEmpty()) {
            a.remove("labels");
        }
        return new Target(a.get("selfLink").asText(), a.get("id").asText());
    }

    private static ObjectNode validLabels(JsonNode labels) {
        ObjectNode out = MAPPER.createObjectNode();
        if (labels.isMissingNode() || labels.isNull()) {
            return out;
        }
        if (!labels.isObject()) {
            throw GceError.invalid("Invalid value for field 'labels': must be a map.");
        }
        if (labels.size() > 64) {
            throw GceError.invalid("Invalid value for field 'labels': at most 64 labels are allowed.");
        }
        new java.util.TreeMap<String, String>() {
            {
                labels.fields().forEachRemaining(e -> put(e.getKey(), e.getValue().asText()));
            }
        }.forEach((k, v) -> {
            if (!LABEL_KEY.matcher(k).matches()) {
                throw GceError.invalidField("labels", k, "Label keys must be 1-63 characters, start with a lowercase"
                        + " letter and contain only lowercase letters, digits, '_' and '-'.");
            }
            if (!LABEL_VALUE.matcher(v).matches()) {
                throw GceError.invalidField("labels." + k, v, "Label values must be 0-63 characters of lowercase"
                        + " letters, digits, '_' and '-'.");
            }
            out.put(k, v);
        });
        return out;
    }

    static String labelFingerprint(JsonNode labels) {
        if (labels.isEmpty()) {
            return EMPTY_LABEL_FINGERPRINT;
        }
        StringBuilder sb = new StringBuilder();
        labels.fields().forEachRemaining(e -> sb.append(e.getKey()).append('=').append(e.getValue().asText()).append(';'));
        return fingerprint(sb.toString());
    }

    static String fingerprint(String seed) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(d, 8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- instances -------------------------------------------------------------------------------------

    private ObjectNode instance(String zone, String name) {
        return find(state.instances, "zones/", zone, "/instances/", name);
    }

    private ObjectNode nic(ObjectNode instance, SimRequest r) {
        String nicName = r.queryParam("networkInterface");
        if (nicName == null || nicName.isEmpty()) {
            throw GceError.invalid("Required field 'networkInterface' not specified");
        }
        for (JsonNode nic : instance.path("networkInterfaces")) {
            if (nic.path("name").asText().equals(nicName)) {
                return (ObjectNode) nic;
            }
        }
        throw GceError.invalidField("networkInterface", nicName, "No such network interface on the instance.");
    }

    private void forEachNic(Consumer<JsonNode> action) {
        state.instances.values().forEach(i -> i.path("networkInterfaces").forEach(action));
    }

    private void touch(ObjectNode instance, ObjectNode nic) {
        nic.put("fingerprint", fingerprint(instance.get("selfLink").asText() + "/" + nic.get("name").asText() + "/"
                + state.nextId++));
    }

    private Target updateNetworkInterface(SimRequest r, Route route) {
        ObjectNode instance = instance(route.scope(), route.name());
        ObjectNode nic = nic(instance, r);
        ObjectNode in = body(r);
        if (!in.path("fingerprint").asText("").equals(nic.path("fingerprint").asText())) {
            throw GceError.conditionNotMet("Invalid fingerprint.");
        }
        String region = GceWorld.regionOf(route.scope());
        String subLink = nic.path("subnetwork").asText();
        String subName = subLink.substring(subLink.lastIndexOf('/') + 1);
        GceState.Subnetwork sub = state.subnetworks.get(region + "/" + subName);
        JsonNode ranges = in.path("aliasIpRanges");
        if (ranges.size() > state.maxAliasRangesPerInterface) {
            throw GceError.invalidField("resource.aliasIpRanges", Integer.toString(ranges.size()),
                    "At most " + state.maxAliasRangesPerInterface + " alias IP ranges are allowed per interface.");
        }
        ArrayNode accepted = MAPPER.createArrayNode();
        List<Cidr> mine = new ArrayList<>();
        for (int k = 0; k < ranges.size(); k++) {
            JsonNode range = ranges.get(k);
            String field = "resource.aliasIpRanges[" + k + "].ipCidrRange";
            String text = range.path("ipCidrRange").asText("");
            String rangeName = range.path("subnetworkRangeName").asText("");
            String from = rangeName.isEmpty() ? sub.ipCidrRange : sub.secondaryIpRanges.get(rangeName);
            if (from == null) {
                throw GceError.invalidField("resource.aliasIpRanges[" + k + "].subnetworkRangeName", rangeName,
                        "The secondary range does not exist in subnetwork " + subName + ".");
            }
            Cidr parent = Cidr.of(from);
            if (text.equals("/32")) {
                text = freeAlias(parent, mine, instance, nic, region, subName) + "/32";
            }
            Cidr c;
            try {
                c = Cidr.of(text.contains("/") ? text : text + "/32");
            } catch (IllegalArgumentException e) {
                throw GceError.invalidField(field, text, "Must be an IPv4 CIDR range.");
            }
            if (!parent.contains(c)) {
                throw GceError.invalidField(field, text, "The range is not within " + from + ".");
            }
            for (Cidr other : mine) {
                if (other.overlaps(c)) {
                    throw GceError.invalidField(field, text, "The alias IP ranges overlap.");
                }
            }
            String user = aliasUser(c, instance, nic, subLink);
            if (user != null) {
                throw GceError.invalidField(field, text, "IP range is already in use by " + user + ".");
            }
            mine.add(c);
            ObjectNode out = accepted.addObject();
            out.put("ipCidrRange", text.contains("/") ? text : text + "/32");
            if (!rangeName.isEmpty()) {
                out.put("subnetworkRangeName", rangeName);
            }
        }
        if (accepted.isEmpty()) {
            nic.remove("aliasIpRanges");
        } else {
            nic.set("aliasIpRanges", accepted);
        }
        touch(instance, nic);
        return new Target(instance.get("selfLink").asText(), instance.get("id").asText());
    }

    private String freeAlias(Cidr parent, List<Cidr> mine, ObjectNode instance, ObjectNode nic, String region,
                             String subName) {
        String subLink = nic.path("subnetwork").asText();
        for (long ip = parent.first() + 2; ip < parent.last() - 1; ip++) {
            Cidr c = new Cidr(ip, ip);
            if (mine.stream().noneMatch(c::overlaps) && aliasUser(c, instance, nic, subLink) == null) {
                return Cidr.text(ip);
            }
        }
        throw GceError.invalid("No free address in " + subName + " of " + region + ".");
    }

    /** Who else holds part of {@code c} in the subnetwork: another interface's primary IP or alias range. */
    private String aliasUser(Cidr c, ObjectNode instance, ObjectNode nic, String subLink) {
        for (ObjectNode i : state.instances.values()) {
            for (JsonNode other : i.path("networkInterfaces")) {
                if (!subLink.equals(other.path("subnetwork").asText())) {
                    continue;
                }
                if (c.overlaps(Cidr.of(other.path("networkIP").asText()))) {
                    return i.get("selfLink").asText().replace(API, "");
                }
                if (other == nic) {
                    continue;
                }
                for (JsonNode alias : other.path("aliasIpRanges")) {
                    if (c.overlaps(Cidr.of(alias.path("ipCidrRange").asText()))) {
                        return i.get("selfLink").asText().replace(API, "");
                    }
                }
            }
        }
        for (ObjectNode a : state.addresses.values()) {
            // a reserved internal address may be used by one interface as its alias, not by two
            if (subLink.equals(a.path("subnetwork").asText()) && c.overlaps(Cidr.of(a.path("address").asText()))) {
                String holder = a.path("users").path(0).asText("");
                if (!holder.isEmpty() && !holder.equals(instance.get("selfLink").asText())) {
                    return holder.replace(API, "");
                }
            }
        }
        return null;
    }

    private Target addAccessConfig(SimRequest r, Route route) {
        ObjectNode instance = instance(route.scope(), route.name());
        ObjectNode nic = nic(instance, r);
        ObjectNode in = body(r);
        if (nic.path("accessConfigs").size() > 0) {
            throw GceError.invalidField("resource.accessConfigs", "", "At most one access config currently supported.");
        }
        String type = in.path("type").asText("ONE_TO_ONE_NAT");
        if (!type.equals("ONE_TO_ONE_NAT")) {
            throw GceError.invalidField("resource.type", type, "Only ONE_TO_ONE_NAT is supported.");
        }
        String region = GceWorld.regionOf(route.scope());
        String tier = in.path("networkTier").asText("PREMIUM");
        String natIp = in.path("natIP").asText("");
        if (!natIp.isEmpty()) {
            ObjectNode a = externalByIp(region, natIp);
            if (a == null) {
                throw GceError.invalidField("resource.natIP", natIp,
                        "The specified external IP address was not found in region '" + region + "'.");
            }
            if (state.deniedPermissions.contains("compute.addresses.use")) {
                throw forbidden("compute.addresses.use", a.get("selfLink").asText().replace(API, ""));
            }
            if (a.path("status").asText().equals("IN_USE")) {
                throw new GceError(400, "resourceInUseByAnotherResource", "global", "The IP address " + natIp
                        + " is already being used by '" + a.path("users").path(0).asText().replace(API, "") + "'");
            }
            if (!tier.equals(a.path("networkTier").asText("PREMIUM"))) {
                throw GceError.invalidField("resource.networkTier", tier,
                        "The network tier must match the tier of the address (" + a.path("networkTier").asText() + ").");
            }
        } else {
            natIp = freeExternalIp();
        }
        ObjectNode ac = MAPPER.createObjectNode();
        ac.put("kind", "compute#accessConfig");
        ac.put("type", type);
        ac.put("name", in.path("name").asText("External NAT"));
        ac.put("natIP", natIp);
        ac.put("networkTier", tier);
        nic.putArray("accessConfigs").add(ac);
        touch(instance, nic);
        return new Target(instance.get("selfLink").asText(), instance.get("id").asText());
    }

    private ObjectNode externalByIp(String region, String ip) {
        for (Map.Entry<String, ObjectNode> e : state.addresses.entrySet()) {
            if (e.getKey().startsWith(region + "/") && e.getValue().path("addressType").asText().equals("EXTERNAL")
                    && ip.equals(e.getValue().path("address").asText())) {
                return e.getValue();
            }
        }
        return null;
    }

    private Target deleteAccessConfig(SimRequest r, Route route) {
        ObjectNode instance = instance(route.scope(), route.name());
        ObjectNode nic = nic(instance, r);
        String name = r.queryParam("accessConfig");
        if (name == null || name.isEmpty()) {
            throw GceError.invalid("Required field 'accessConfig' not specified");
        }
        ArrayNode configs = (ArrayNode) nic.path("accessConfigs");
        int found = -1;
        for (int k = 0; configs != null && k < configs.size(); k++) {
            if (configs.get(k).path("name").asText().equals(name)) {
                found = k;
            }
        }
        if (found < 0) {
            throw GceError.invalidField("accessConfig", name, "No access config of that name on "
                    + nic.path("name").asText() + ".");
        }
        configs.remove(found);
        if (configs.isEmpty()) {
            nic.remove("accessConfigs");
        }
        touch(instance, nic);
        return new Target(instance.get("selfLink").asText(), instance.get("id").asText());
    }

    // ---- routers ---------------------------------------------------------------------------------------

    private ObjectNode router(String region, String name) {
        return find(state.routers, "regions/", region, "/routers/", name);
    }

    private Target patchRouter(SimRequest r, Route route) {
        ObjectNode router = router(route.scope(), route.name());
        ObjectNode in = body(r);
        if (in.has("description")) {
            router.put("description", in.get("description").asText());
        }
        if (in.has("nats")) {
            ArrayNode nats = new GceNat(this, route.scope(), router).validate(in.get("nats"));
            if (nats.isEmpty()) {
                router.remove("nats");
            } else {
                router.set("nats", nats);
            }
        }
        return new Target(router.get("selfLink").asText(), router.get("id").asText());
    }

    // used by GceNat
    GceState stateForNat() {
        return state;
    }

    String addressLinkFor(String region, String ref, String field) {
        String name = ref.substring(ref.lastIndexOf('/') + 1);
        String prefix = ref.contains("/") ? ref.replace(API, "") : null;
        String expected = "projects/" + state.project + "/regions/" + region + "/addresses/" + name;
        ObjectNode a = state.addresses.get(region + "/" + name);
        if (a == null || (prefix != null && !prefix.equals(expected))
                || !a.path("addressType").asText().equals("EXTERNAL")) {
            throw GceError.invalidField(field, ref, "The resource '" + expected
                    + "' was not found or is not a static external address of the region.");
        }
        if (state.deniedPermissions.contains("compute.addresses.use")) {
            throw forbidden("compute.addresses.use", expected);
        }
        return a.get("selfLink").asText();
    }

    /** Recomputes every address's {@code status} and {@code users} from access configs, aliases and NATs. */
    private void refreshUsers() {
        Map<String, List<String>> users = new java.util.HashMap<>();
        for (ObjectNode i : state.instances.values()) {
            String region = GceWorld.regionOf(i.path("zone").asText().substring(i.path("zone").asText().lastIndexOf('/') + 1));
            for (JsonNode nic : i.path("networkInterfaces")) {
                for (JsonNode ac : nic.path("accessConfigs")) {
                    ObjectNode a = externalByIp(region, ac.path("natIP").asText());
                    if (a != null) {
                        users.computeIfAbsent(a.get("selfLink").asText(), k -> new ArrayList<>())
                                .add(i.get("selfLink").asText());
                    }
                }
                for (JsonNode alias : nic.path("aliasIpRanges")) {
                    Cidr c = Cidr.of(alias.path("ipCidrRange").asText());
                    for (ObjectNode a : state.addresses.values()) {
                        if (nic.path("subnetwork").asText().equals(a.path("subnetwork").asText())
                                && c.contains(Cidr.of(a.path("address").asText()))) {
                            users.computeIfAbsent(a.get("selfLink").asText(), k -> new ArrayList<>())
                                    .add(i.get("selfLink").asText());
                        }
                    }
                }
            }
        }
        for (ObjectNode router : state.routers.values()) {
            for (String link : GceNat.addressLinks(router)) {
                List<String> u = users.computeIfAbsent(link, k -> new ArrayList<>());
                if (!u.contains(router.get("selfLink").asText())) {
                    u.add(router.get("selfLink").asText());
                }
            }
        }
        for (ObjectNode a : state.addresses.values()) {
            List<String> u = users.get(a.get("selfLink").asText());
            if (u == null || u.isEmpty()) {
                a.put("status", "RESERVED");
                a.remove("users");
            } else {
                a.put("status", "IN_USE");
                ArrayNode arr = a.putArray("users");
                u.forEach(arr::add);
            }
        }
    }
}
