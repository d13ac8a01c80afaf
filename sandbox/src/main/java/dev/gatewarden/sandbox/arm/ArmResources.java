package dev.gatewarden.sandbox.arm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The request handlers of {@link ArmSimulator}: reads, lists with {@code nextLink}, PUT and DELETE as long-running
 * operations with etag preconditions, and the two polling endpoints.
 */
final class ArmResources {
    /** An operation older than this is over whether or not anyone polled it. */
    private static final long OPERATION_MAX_SECONDS = 60;
    private final ArmState state;
    private final ArmNetwork network;
    private final Clock clock;
    private final String endpoint;
    private final Function<String, Optional<Fault>> asyncFailures;

    ArmResources(ArmState state, ArmNetwork network, Clock clock, String endpoint,
                 Function<String, Optional<Fault>> asyncFailures) {
        this.state = state;
        this.network = network;
        this.clock = clock;
        this.endpoint = endpoint;
        this.asyncFailures = asyncFailures;
    }

    // ---- network interfaces ---------------------------------------------------------------------------

    SimResponse listNics(SimRequest r, String group) {
        List<ObjectNode> items = new ArrayList<>();
        for (ArmState.NetworkInterface nic : state.networkInterfaces.values()) {
            // Uniform scale-set NICs live under Microsoft.Compute and are listed only through their scale set
            if (nic.resourceGroup.equalsIgnoreCase(group) && !nic.id.contains("/Microsoft.Compute/")) {
                items.add(ArmJson.nic(settled(nic)));
            }
        }
        return page(r, items);
    }

    SimResponse getNic(String key, String name, String group) {
        return get(state.networkInterfaces.get(key), ArmJson.NIC_TYPE, name, group, ArmJson::nic);
    }

    SimResponse putNic(SimRequest r, String key, String name, String group, String operation) {
        ArmState.NetworkInterface existing = state.networkInterfaces.get(key);
        String id = idOf(group, "networkInterfaces", name);
        return put(r, key, existing, operation, body -> network.nicFromBody(id, body, existing), network::storeNic,
                ArmJson::nic);
    }

    SimResponse listScaleSetVmNics(SimRequest r) {
        ArmPath p = new ArmPath(r.path());
        String vmKey = p.key(p.size() - 1);
        List<ObjectNode> items = new ArrayList<>();
        ArmState.VirtualMachine vm = state.virtualMachines.get(vmKey);
        if (vm == null) {
            throw ArmError.notFound("Microsoft.Compute/virtualMachineScaleSets/virtualMachines", p.get(9), p.get(3));
        }
        for (String nicId : vm.nicIds) {
            ArmState.NetworkInterface nic = state.networkInterfaces.get(ArmPath.key(nicId));
            if (nic != null) {
                items.add(ArmJson.nic(settled(nic)));
            }
        }
        return page(r, items);
    }

    // ---- public IPs -----------------------------------------------------------------------------------

    SimResponse listPublicIps(SimRequest r, String group) {
        List<ObjectNode> items = new ArrayList<>();
        for (ArmState.PublicIp pip : state.publicIps.values()) {
            if (group == null || pip.resourceGroup.equalsIgnoreCase(group)) {
                items.add(ArmJson.publicIp(settled(pip)));
            }
        }
        return page(r, items);
    }

    SimResponse getPublicIp(String key, String name, String group) {
        return get(state.publicIps.get(key), ArmJson.PIP_TYPE, name, group, ArmJson::publicIp);
    }

    SimResponse putPublicIp(SimRequest r, String key, String name, String group, String operation) {
        ArmState.PublicIp existing = state.publicIps.get(key);
        String id = idOf(group, "publicIPAddresses", name);
        return put(r, key, existing, operation, body -> network.publicIpFromBody(id, body, existing),
                network::storePublicIp, ArmJson::publicIp);
    }

    private String idOf(String group, String type, String name) {
        return "/subscriptions/" + state.subscriptionId + "/resourceGroups/" + group + "/providers/Microsoft.Network/"
                + type + "/" + name;
    }

    private <T extends ArmState.Tracked> SimResponse get(T resource, String type, String name, String group,
                                                         Function<T, ObjectNode> render) {
        if (resource == null) {
            throw ArmError.notFound(type, name, group);
        }
        settled(resource);
        return SimResponse.json(200, render.apply(resource).toString()).withHeader("ETag", resource.etag);
    }

    /**
     * A PUT: preconditions, the resource not busy, the body validated, then stored and answered 201/200 with an
     * operation to poll; with an async failure queued, accepted but not applied, and the operation ends Failed.
     */
    private <T extends ArmState.Tracked> SimResponse put(SimRequest r, String key, T existing, String operation,
                                                         Function<JsonNode, T> validate, Consumer<T> store,
                                                         Function<T, ObjectNode> render) {
        precondition(r, existing == null ? null : existing.etag);
        if (existing != null) {
            busy(existing.id, key);
        }
        T resource = validate.apply(ArmSimulator.parse(r));
        Optional<Fault> failure = asyncFailures.apply(operation);
        T answered = resource;
        if (failure.isPresent()) {
            if (existing != null) {
                answered = existing;
            }
        } else {
            store.accept(resource);
        }
        answered.provisioningState = "Updating";
        ArmState.Operation op = startOperation(key, false, failure);
        return accepted(existing == null ? 201 : 200, render.apply(answered).toString(), op);
    }

    SimResponse patchPublicIpTags(SimRequest r, String key, String name, String group) {
        ArmState.PublicIp pip = state.publicIps.get(key);
        if (pip == null) {
            throw ArmError.notFound(ArmJson.PIP_TYPE, name, group);
        }
        precondition(r, pip.etag);
        pip.tags = ArmNetwork.tags(ArmSimulator.parse(r).path("tags"));
        pip.etag = network.nextEtag();
        return SimResponse.json(200, ArmJson.publicIp(settled(pip)).toString());
    }

    SimResponse deletePublicIp(SimRequest r, String key) {
        ArmState.PublicIp pip = state.publicIps.get(key);
        if (pip == null) {
            return new SimResponse(204, null, null, null);
        }
        precondition(r, pip.etag);
        settled(pip);
        busy(pip.id, key);
        network.checkDeletable(pip);
        state.publicIps.remove(key);
        ArmState.Operation op = startOperation(key, true, Optional.empty());
        return pace(new SimResponse(202, null, null, null).withHeader("Location", operationUrl(op, "operationResults")));
    }

    // ---- subnets and VMs ------------------------------------------------------------------------------

    SimResponse getSubnet(String key, String name, String group) {
        ArmState.Subnet s = state.subnets.get(key);
        if (s == null) {
            throw ArmError.notFound("Microsoft.Network/virtualNetworks/subnets", name, group);
        }
        return SimResponse.json(200, ArmJson.subnet(s, network.ipConfigurationsIn(s)).toString());
    }

    SimResponse getVm(String key, String name, String group) {
        ArmState.VirtualMachine vm = state.virtualMachines.get(key);
        if (vm == null || vm.uniform) {
            throw ArmError.notFound("Microsoft.Compute/virtualMachines", name, group);
        }
        return SimResponse.json(200, ArmJson.virtualMachine(vm, state.location).toString());
    }

    // ---- long-running operations ----------------------------------------------------------------------

    private ArmState.Operation startOperation(String resourceKey, boolean delete, Optional<Fault> failure) {
        state.operations.values().removeIf(o -> o.done && expired(o));
        ArmState.Operation op = new ArmState.Operation();
        op.id = java.util.UUID.nameUUIDFromBytes(("op-" + state.sequence++).getBytes()).toString();
        op.resourceKey = resourceKey;
        op.delete = delete;
        op.pollsLeft = Math.max(0, state.operationPolls);
        op.startTime = clock.instant().toString();
        failure.ifPresent(f -> {
            op.outcome = "Failed";
            op.errorCode = f.code() == null ? "InternalServerError" : f.code();
            op.errorMessage = f.message() == null ? "The operation failed." : f.message();
        });
        state.operations.put(op.id, op);
        return op;
    }

    private SimResponse accepted(int status, String body, ArmState.Operation op) {
        return pace(SimResponse.json(status, body).withHeader("Azure-AsyncOperation", operationUrl(op, "operations")));
    }

    private String operationUrl(ArmState.Operation op, String kind) {
        return endpoint + "subscriptions/" + state.subscriptionId + "/providers/Microsoft.Network/locations/"
                + state.location + "/" + kind + "/" + op.id + "?api-version=" + ArmSimulator.NETWORK_API;
    }

    SimResponse asyncOperation(String opId) {
        ArmState.Operation op = poll(opId);
        ObjectNode body = ArmJson.MAPPER.createObjectNode();
        body.put("name", op.id).put("id", operationUrl(op, "operations").replace(endpoint, "/").replaceAll("\\?.*", ""));
        body.put("startTime", op.startTime);
        if (!op.done) {
            body.put("status", "InProgress");
            return pace(SimResponse.json(200, body.toString()));
        }
        body.put("status", op.outcome).put("endTime", clock.instant().toString());
        if (op.errorCode != null) {
            body.putObject("error").put("code", op.errorCode).put("message", op.errorMessage);
        }
        return SimResponse.json(200, body.toString());
    }

    SimResponse operationResult(String opId) {
        ArmState.Operation op = poll(opId);
        if (!op.done) {
            return pace(new SimResponse(202, null, null, null).withHeader("Location", operationUrl(op, "operationResults")));
        }
        if (op.errorCode != null) {
            throw ArmError.badRequest(op.errorCode, op.errorMessage);
        }
        return new SimResponse(204, null, null, null);
    }

    /** Counts one poll: an operation answers InProgress while it has polls left, then its outcome. */
    private ArmState.Operation poll(String opId) {
        ArmState.Operation op = state.operations.get(opId);
        if (op == null) {
            throw new ArmError(404, "OperationNotFound", "The operation '" + opId + "' could not be found.");
        }
        if (!op.done && (op.pollsLeft <= 0 || expired(op))) {
            finish(op);
        }
        if (!op.done) {
            op.pollsLeft--;
        }
        return op;
    }

    private boolean expired(ArmState.Operation op) {
        return Instant.parse(op.startTime).plusSeconds(OPERATION_MAX_SECONDS).isBefore(clock.instant());
    }

    /** Sets the resource's provisioning state once its operation is over. */
    private void finish(ArmState.Operation op) {
        op.done = true;
        String terminal = op.outcome;
        ArmState.NetworkInterface nic = state.networkInterfaces.get(op.resourceKey);
        if (nic != null) {
            nic.provisioningState = terminal;
        }
        ArmState.PublicIp pip = state.publicIps.get(op.resourceKey);
        if (pip != null) {
            pip.provisioningState = terminal;
        }
    }

    /** The pending operation on a resource, if one is still running (ended ones are settled first). */
    private Optional<ArmState.Operation> running(String resourceKey) {
        for (ArmState.Operation op : state.operations.values()) {
            if (op.resourceKey.equals(resourceKey) && !op.done) {
                if (expired(op)) {
                    finish(op);
                    continue;
                }
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    private <T extends ArmState.Tracked> T settled(T resource) {
        running(ArmPath.key(resource.id));
        return resource;
    }

    /** A write while the resource's previous operation runs: 429 RetryableErrorDueToAnotherOperation. */
    private void busy(String id, String key) {
        Optional<ArmState.Operation> op = running(key);
        if (op.isPresent()) {
            throw new ArmError(429, "RetryableErrorDueToAnotherOperation", "Operation on resource " + id
                    + " is not allowed because another operation (" + op.get().id + ") is in progress on it. Retry"
                    + " after the other operation completes.");
        }
    }

    // ---- etags and pages ------------------------------------------------------------------------------

    /** {@code If-Match} (an etag or {@code *}) and {@code If-None-Match: *}. */
    private static void precondition(SimRequest r, String currentEtag) {
        String ifMatch = r.header("if-match");
        if (ifMatch != null && !(ifMatch.equals("*") ? currentEtag != null : ifMatch.equals(currentEtag))) {
            throw new ArmError(412, "PreconditionFailed", "Precondition failed: the If-Match etag " + ifMatch
                    + " does not match the resource's current etag" + (currentEtag == null ? " (it does not exist)" : "")
                    + ".");
        }
        String ifNoneMatch = r.header("if-none-match");
        if ("*".equals(ifNoneMatch) && currentEtag != null) {
            throw new ArmError(412, "PreconditionFailed", "Precondition failed: the resource already exists.");
        }
    }

    private SimResponse page(SimRequest r, List<ObjectNode> items) {
        int start = 0;
        String skip = r.queryParam("$skiptoken");
        if (skip != null) {
            try {
                start = Integer.parseInt(skip);
            } catch (NumberFormatException e) {
                throw ArmError.badRequest("InvalidSkipToken", "The skip token '" + skip + "' is not valid.");
            }
        }
        int size = Math.max(1, state.pageSize);
        int end = Math.min(items.size(), start + size);
        String next = null;
        if (end < items.size()) {
            next = endpoint + r.path().substring(1) + "?api-version=" + r.queryParam("api-version") + "&$skiptoken=" + end;
        }
        return SimResponse.json(200, ArmJson.page(items.subList(Math.min(start, end), end), next).toString());
    }

    /** Adds the operation {@code Retry-After}, unless configured off. */
    private SimResponse pace(SimResponse r) {
        return state.operationRetryAfterSeconds > 0
                ? r.withHeader("Retry-After", String.valueOf(state.operationRetryAfterSeconds)) : r;
    }

}
