package dev.gatewarden.sandbox.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

/**
 * A loopback simulator of the EC2 Query API (version 2016-11-15) for one region of one account: Elastic IPs,
 * secondary private IPs on network interfaces, tags, filters and pagination, with EC2's error codes. The real
 * {@code Ec2Client} runs against it unchanged ({@code endpointOverride(http://127.0.0.1:port)}); SigV4 signatures
 * are not checked, but an {@code Authorization} header is required.
 *
 * <p>This class is the Query API envelope (auth header, Version, DryRun, the response and error XML) and the test
 * API; each request runs one action group over the current state: {@link Ec2ElasticIps}, {@link Ec2PrivateIps},
 * {@link Ec2Describe} (with {@link Ec2Filters} and {@link Ec2Page}) and {@link Ec2Tags}.
 */
public final class Ec2Simulator extends HttpSimulator {
    public static final String VERSION = "2016-11-15";
    public static final String NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private Ec2State state;
    private volatile Clock clock = Clock.systemUTC();

    public Ec2Simulator(Ec2State state) {
        this.state = copy(state);
    }

    public Ec2Simulator(Ec2World world) {
        this(world.build());
    }

    /** A simulator seeded with {@link Ec2World#defaultWorld()}. */
    public static Ec2Simulator withDefaultWorld() {
        return new Ec2Simulator(Ec2World.defaultWorld());
    }

    @Override
    public String kind() {
        return "ec2";
    }

    public String region() {
        return locked(() -> state.region);
    }

    /** A copy of the current state, for tests that inspect it. */
    public Ec2State state() {
        return locked(() -> copy(state));
    }

    /** The clock behind eventual consistency (tests pass a fixed or stepping one). */
    public Ec2Simulator clock(Clock c) {
        this.clock = java.util.Objects.requireNonNull(c, "clock");
        return this;
    }

    /**
     * EC2's eventual consistency: a new Elastic IP stays invisible to DescribeAddresses for {@code millis} after
     * AllocateAddress (0: visible at once, the default).
     */
    public void consistencyLag(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("lag must be >= 0");
        }
        locked(() -> state.consistencyLagMillis = millis);
    }

    /** Behaves like other EC2 implementations: empty elements for absent fields, assign responses listing held IPs. */
    public void quirks(boolean emptyStringsForAbsent, boolean assignResponseListsHeld) {
        locked(() -> {
            state.quirks.emptyStringsForAbsent = emptyStringsForAbsent;
            state.quirks.assignResponseListsHeld = assignResponseListsHeld;
            return null;
        });
    }

    /** Makes an action answer 403 UnauthorizedOperation (as an IAM deny does), or allows it again. */
    public void deny(String action, boolean denied) {
        locked(() -> {
            state.deniedActions.remove(action);
            if (denied) {
                state.deniedActions.add(action);
            }
            return null;
        });
    }

    /** Changes the EIP quota of the region (e.g. to test exhaustion). */
    public void eipQuota(int quota) {
        locked(() -> state.eipQuota = quota);
    }

    @Override
    public JsonNode snapshot() {
        return locked(() -> JSON.valueToTree(state));
    }

    @Override
    public void restore(JsonNode snapshot) {
        try {
            Ec2State s = JSON.treeToValue(snapshot, Ec2State.class);
            locked(() -> state = s);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("not an EC2 simulator snapshot: " + e.getMessage(), e);
        }
    }

    static Ec2State copy(Ec2State s) {
        try {
            return JSON.treeToValue(JSON.valueToTree(s), Ec2State.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---- protocol ----------------------------------------------------------------------------------------

    @Override
    protected String operation(SimRequest request) {
        List<String> action = request.params().get("Action");
        return action == null || action.isEmpty() ? "(none)" : action.get(0);
    }

    @Override
    protected SimResponse renderFault(Fault fault, SimRequest request, String operation) {
        if (fault.type() == Fault.Type.THROTTLE) {
            return error(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
        int status = fault.status() == 0 ? 500 : fault.status();
        return error(status, fault.code() == null ? "InternalError" : fault.code(),
                fault.message() == null ? "An internal error has occurred" : fault.message());
    }

    @Override
    protected SimResponse handle(SimRequest request, String operation) {
        try {
            if (!request.method().equals("POST") && !request.method().equals("GET")) {
                throw new Ec2Error(405, "UnsupportedHttpVerb", "The HTTP verb " + request.method() + " is not supported");
            }
            if (request.header("authorization") == null) {
                throw new Ec2Error(401, "AuthFailure", "AWS was not able to validate the provided access credentials");
            }
            Ec2Params p = new Ec2Params(request.params());
            if (p.get("Action") == null) {
                throw Ec2Error.missing("Action");
            }
            String version = p.get("Version");
            if (version == null) {
                throw Ec2Error.missing("Version");
            }
            if (!VERSION.equals(version)) {
                throw Ec2Error.badRequest("InvalidParameterValue", "Version " + version + " is not supported; use " + VERSION);
            }
            if (!Ec2Operations.known(operation)) {
                throw Ec2Error.badRequest("InvalidAction",
                        "The action " + operation + " is not valid for this web service.");
            }
            Ec2Operations.checkParameters(operation, p.keys());
            boolean dryRun = Ec2Operations.hasDryRun(operation) && p.flag("DryRun");
            if (state.deniedActions.contains(operation)) {
                throw new Ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation.");
            }
            if (dryRun) {
                throw new Ec2Error(412, "DryRunOperation", "Request would have succeeded, but DryRun flag is set.");
            }
            long now = clock.millis();
            Xml body = new Xml();
            switch (operation) {
                case "AllocateAddress" -> new Ec2ElasticIps(state, now).allocateAddress(p, body);
                case "AssociateAddress" -> new Ec2ElasticIps(state, now).associateAddress(p, body);
                case "DisassociateAddress" -> new Ec2ElasticIps(state, now).disassociateAddress(p, body);
                case "ReleaseAddress" -> new Ec2ElasticIps(state, now).releaseAddress(p, body);
                case "DescribeAddresses" -> new Ec2Describe(state, now).describeAddresses(p, body);
                case "AssignPrivateIpAddresses" -> new Ec2PrivateIps(state, now).assignPrivateIps(p, body);
                case "UnassignPrivateIpAddresses" -> new Ec2PrivateIps(state, now).unassignPrivateIps(p, body);
                case "DescribeNetworkInterfaces" -> new Ec2Describe(state, now).describeNetworkInterfaces(p, body);
                case "DescribeInstances" -> new Ec2Describe(state, now).describeInstances(p, body);
                case "DescribeVpcs" -> new Ec2Describe(state, now).describeVpcs(p, body);
                case "CreateTags" -> new Ec2Tags(state, now).createTags(p, body);
                case "DeleteTags" -> new Ec2Tags(state, now).deleteTags(p, body);
                default -> throw new IllegalStateException("no handler for " + operation);
            }
            String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + operation + "Response xmlns=\"" + NAMESPACE
                    + "\"><requestId>" + UUID.randomUUID() + "</requestId>" + body + "</" + operation + "Response>";
            return SimResponse.xml(200, xml);
        } catch (Ec2Error e) {
            return error(e.status, e.code, e.getMessage());
        }
    }

    private static SimResponse error(int status, String code, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Response><Errors><Error><Code>" + Xml.escape(code)
                + "</Code><Message>" + Xml.escape(message) + "</Message></Error></Errors><RequestID>" + UUID.randomUUID()
                + "</RequestID></Response>";
        return SimResponse.xml(status, xml);
    }
}
