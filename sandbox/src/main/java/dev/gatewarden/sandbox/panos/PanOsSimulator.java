package dev.gatewarden.sandbox.panos;

import static dev.gatewarden.sandbox.panos.PanOsEnvelope.error;
import static dev.gatewarden.sandbox.panos.PanOsEnvelope.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Element;

/**
 * A PAN-OS firewall or Panorama speaking the XML API at {@code /api/}: {@code type=keygen}; {@code type=config}
 * with {@code get} (candidate), {@code show} (running), {@code set}, {@code edit}, {@code delete} and
 * {@code multi-config} (transactional); {@code type=commit} (full, or partial for named admins) and Panorama's
 * {@code commit-all} push, both as jobs polled with {@code type=op} {@code <show><jobs><id>}; {@code type=user-id}
 * register/unregister of IP tags with the {@code <show><object><registered-ip>} listing; config and commit locks.
 * {@code type=version} and {@code <show><system><info/>} answer what {@link PanOsFirmware} says. The API key comes
 * from {@code X-PAN-KEY} or the {@code key} parameter, or an admin's HTTP Basic credentials; a bad one is HTTP 403
 * code 403. Every answer is {@code application/xml}.
 *
 * <p>Validation is as strict as PAN-OS for what it models (names of at most 63 characters, valid ip-netmask, a
 * static group needs a member, members and tags must reference existing objects, a referenced address cannot be
 * deleted); xpaths outside the modelled subset are refused. Commit results are configurable: jobs take
 * {@link #pollsUntilDone(int)} polls, and {@link #failNextCommit(String...)} / {@link #failNextPush(String...)}
 * make the next job end {@code FIN}/{@code FAIL} with those messages.
 *
 * <p>This class is the envelope and authentication (API keys, {@code keygen}, dispatch by {@code type}) and the
 * test API; the protocol's parts live beside it: {@link PanOsConfig} (config actions), {@link PanOsCommits} (commit,
 * commit-all and jobs), {@link PanOsUserId} (registered IPs) and {@link PanOsLocks}.
 */
public final class PanOsSimulator extends HttpSimulator {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PanOsDeviceSpec spec;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private final PanOsLocks locks = new PanOsLocks();
    private final PanOsConfig config;
    private final PanOsCommits commits;
    private final PanOsUserId userId;
    private Clock clock = Clock.systemUTC();

    public PanOsSimulator(PanOsDeviceSpec spec) {
        this.spec = spec;
        keys.putAll(spec.apiKeys());
        config = new PanOsConfig(spec, locks);
        commits = new PanOsCommits(spec, config, locks, () -> clock);
        userId = new PanOsUserId(spec, () -> clock);
    }

    // ---------------------------------------------------------------- test and world API

    public PanOsDeviceSpec spec() {
        return spec;
    }

    @Override
    public String kind() {
        return "panos";
    }

    /** The clock for registration timeouts and job times. */
    public PanOsSimulator clock(Clock c) {
        locked(() -> {
            this.clock = c;
            return null;
        });
        return this;
    }

    /** How many {@code show jobs} polls a job takes before {@code FIN} (at least 1). */
    public PanOsSimulator pollsUntilDone(int polls) {
        locked(() -> {
            commits.pollsUntilDone = Math.max(1, polls);
            return null;
        });
        return this;
    }

    /** The most members a static address group may list (platform dependent on PAN-OS; default 2500). */
    public PanOsSimulator maxStaticGroupMembers(int max) {
        locked(() -> {
            config.maxStaticMembers(max);
            return null;
        });
        return this;
    }

    /** The next commit job ends FIN/FAIL with these detail lines (PAN-OS's own words). */
    public void failNextCommit(String... lines) {
        locked(() -> commits.commitFailures.add(List.of(lines)));
    }

    /** The next commit-all (push) job ends FIN/FAIL with these detail lines. */
    public void failNextPush(String... lines) {
        locked(() -> commits.pushFailures.add(List.of(lines)));
    }

    /** Another administrator takes the config lock for scope shared (null releases it). */
    public void holdConfigLock(String admin) {
        holdConfigLock(PanOsLocks.SHARED, admin);
    }

    /** Another administrator takes the config lock for a scope (shared, a vsys, a device group; null releases it). */
    public void holdConfigLock(String scope, String admin) {
        locked(() -> admin == null ? locks.config.remove(scope) : locks.config.put(scope, admin));
    }

    /** Another administrator takes the commit lock (null releases it). */
    public void holdCommitLock(String admin) {
        locked(() -> admin == null ? locks.commit.remove(PanOsLocks.SHARED) : locks.commit.put(PanOsLocks.SHARED,
                admin));
    }

    /**
     * Applies a config action directly as {@code admin} (as if through the web UI), e.g. to seed objects that do not
     * belong to Gatewarden. Throws IllegalArgumentException with PAN-OS's message when it is refused.
     */
    public void configure(String admin, String action, String xpath, String element) {
        locked(() -> {
            try {
                config.configure(admin, action, xpath, element);
            } catch (PanOsError e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return null;
        });
    }

    /** Commits the whole candidate configuration at once (as an administrator clicking Commit). */
    public void commitAll() {
        locked(() -> {
            List<ConfigTree.Problem> problems = config.candidate.validate();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("candidate config is invalid: " + problems);
            }
            config.running = config.candidate.copy();
            config.pending.clear();
            return null;
        });
    }

    /** The candidate config as XML. */
    public String candidateXml() {
        return locked(() -> config.candidate.toXml());
    }

    /** The running config as XML. */
    public String runningXml() {
        return locked(() -> config.running.toXml());
    }

    /** The XML of a node of the running config ({@code xpath} in the simulator's subset), or null. */
    public String runningNode(String xpath) {
        return locked(() -> config.node(xpath, true));
    }

    /** The XML of a node of the candidate config, or null. */
    public String candidateNode(String xpath) {
        return locked(() -> config.node(xpath, false));
    }

    /** The device group's config last pushed to its firewalls by a successful commit-all, or null. */
    public String pushedDeviceGroup(String deviceGroup) {
        return locked(() -> commits.pushed(deviceGroup));
    }

    /** Whether an admin has uncommitted changes. */
    public boolean hasPendingChanges(String admin) {
        return locked(() -> config.pending.containsKey(admin) && !config.pending.get(admin).isEmpty());
    }

    /** Registered IPs of a vsys: ip to its tags (expired registrations removed). */
    public Map<String, List<String>> registeredIps(String vsys) {
        return locked(() -> userId.ips(vsys));
    }

    /** A reboot: registrations not marked persistent are lost, running jobs vanish, the candidate reverts. */
    public void reboot() {
        locked(() -> {
            userId.reboot();
            commits.dropJobs();
            config.candidate = config.running.copy();
            config.pending.clear();
            return null;
        });
    }

    /** Drops every registered IP (e.g. to simulate registrations expired or cleared by an admin). */
    public void clearRegisteredIps() {
        locked(() -> {
            userId.clear();
            return null;
        });
    }

    // ---------------------------------------------------------------- HttpSimulator

    /** PAN-OS accepts raw {@code |}, {@code <}, {@code >} and quotes in query strings (clients send XML there). */
    @Override
    protected boolean acceptsRawQueryCharacters() {
        return true;
    }

    @Override
    protected String operation(SimRequest request) {
        Map<String, List<String>> p = request.params();
        String type = first(p, "type");
        if (type == null) {
            return "unknown";
        }
        switch (type) {
            case "keygen", "user-id", "version" -> {
                return type;
            }
            case "config" -> {
                String action = first(p, "action");
                return "multi-config".equals(action) ? "multi-config" : "config/" + action;
            }
            case "commit" -> {
                return "all".equals(first(p, "action")) ? "commit-all" : "commit";
            }
            case "op" -> {
                String cmd = first(p, "cmd");
                if (cmd == null) {
                    return "op/unknown";
                }
                if (cmd.contains("<jobs>")) {
                    return "op/show-jobs";
                }
                if (cmd.contains("<registered-ip>")) {
                    return "op/registered-ip";
                }
                if (cmd.contains("<config-lock>") || cmd.contains("<commit-lock>")) {
                    return "op/lock";
                }
                if (cmd.replace(" ", "").matches("<show><system><info(/>|></info>)</system></show>")) {
                    return "op/system-info";
                }
                return "op/other";
            }
            default -> {
                return "unknown";
            }
        }
    }

    @Override
    protected SimResponse renderFault(Fault fault, SimRequest request, String operation) {
        if (fault.type() == Fault.Type.THROTTLE) {
            return PanOsEnvelope.xml(503, error(22, "Server is busy; too many API requests. Try again later."));
        }
        int code = 2;
        if (fault.code() != null && fault.code().matches("\\d+")) {
            code = Integer.parseInt(fault.code());
        }
        String msg = fault.message() == null ? "Internal error" : fault.message();
        return PanOsEnvelope.xml(fault.status() <= 0 ? 200 : fault.status(), error(code, msg));
    }

    @Override
    protected SimResponse handle(SimRequest request, String operation) throws Exception {
        if (!request.path().equals("/api/") && !request.path().equals("/api")) {
            return SimResponse.of(404, "text/html", "<html><body>404 Not Found</body></html>");
        }
        if (!request.method().equals("GET") && !request.method().equals("POST")) {
            return SimResponse.of(405, "text/html", "<html><body>405 Method Not Allowed</body></html>");
        }
        Map<String, List<String>> p = request.params();
        String type = first(p, "type");
        if ("keygen".equals(type)) {
            return keygen(p);
        }
        String admin = authenticate(request, p);
        if (admin == null) {
            return PanOsEnvelope.xml(403, "<response status=\"error\" code=\"403\"><result><msg>Invalid Credential"
                    + "</msg></result></response>");
        }
        try {
            if (type == null) {
                throw new PanOsError(400, "Missing parameter 'type'");
            }
            return switch (type) {
                case "config" -> config.request(p, admin, commits::running);
                case "commit" -> commits.commit(p, admin);
                case "op" -> op(p, admin);
                case "user-id" -> userId.update(p);
                case "version" -> version();
                default -> throw new PanOsError(400, "Illegal value for parameter 'type' [" + type + "].");
            };
        } catch (PanOsError e) {
            return PanOsEnvelope.xml(e.code == 400 ? 400 : 200, error(e.code, e.lines));
        }
    }

    /**
     * The admin a request authenticates as: the API key of the {@code X-PAN-KEY} header or the {@code key}
     * parameter, or HTTP Basic credentials of an administrator (the docs recommend it over a key in the URL); null
     * when none is valid.
     */
    private String authenticate(SimRequest request, Map<String, List<String>> p) {
        String key = request.header("X-PAN-KEY");
        if (key == null) {
            key = first(p, "key");
        }
        if (key != null) {
            return keys.get(key);
        }
        String auth = request.header("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String pair = new String(Base64.getDecoder().decode(auth.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = pair.indexOf(':');
                if (colon > 0 && pair.substring(colon + 1).equals(spec.admins().get(pair.substring(0, colon)))) {
                    return pair.substring(0, colon);
                }
            } catch (IllegalArgumentException e) {
                return null;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- version, system info

    /** {@code type=version} (PAN-OS 7.1 and later): the software version, model, serial and multi-vsys state. */
    private SimResponse version() throws PanOsError {
        PanOsFirmware fw = spec.firmware();
        if (!fw.typeVersion()) {
            throw new PanOsError(400, "Illegal value for parameter \"type\" [version].");
        }
        return PanOsEnvelope.xml(200, "<response status=\"success\"><result><sw-version>"
                + Xml.escapeText(fw.swVersion()) + "</sw-version><multi-vsys>" + multiVsys() + "</multi-vsys><model>"
                + Xml.escapeText(fw.model()) + "</model><serial>" + Xml.escapeText(fw.serial())
                + "</serial></result></response>");
    }

    private String multiVsys() {
        return !spec.panorama() && spec.locations().size() > 1 ? "on" : "off";
    }

    /** {@code <show><system><info/></system></show>}, the fields client SDKs read on connect. */
    private SimResponse systemInfo() {
        PanOsFirmware fw = spec.firmware();
        StringBuilder b = new StringBuilder("<response status=\"success\"><result><system>");
        b.append("<hostname>").append(Xml.escapeText(spec.name())).append("</hostname>");
        b.append("<ip-address>127.0.0.1</ip-address><netmask>255.0.0.0</netmask>");
        b.append("<model>").append(Xml.escapeText(fw.model())).append("</model>");
        b.append("<serial>").append(Xml.escapeText(fw.serial())).append("</serial>");
        b.append("<sw-version>").append(Xml.escapeText(fw.swVersion())).append("</sw-version>");
        b.append("<app-version>8700-8000</app-version><av-version>0</av-version><threat-version>8700-8000"
                + "</threat-version>");
        if (spec.panorama()) {
            b.append("<system-mode>panorama</system-mode>");
        } else {
            b.append("<family>vm</family><multi-vsys>").append(multiVsys()).append("</multi-vsys>");
            b.append("<operational-mode>normal</operational-mode>");
        }
        b.append("<uptime>0 days, 0:00:01</uptime>");
        return PanOsEnvelope.xml(200, b.append("</system></result></response>").toString());
    }

    // ---------------------------------------------------------------- keygen

    private SimResponse keygen(Map<String, List<String>> p) {
        String user = first(p, "user");
        String password = first(p, "password");
        if (user == null || password == null || !password.equals(spec.admins().get(user))) {
            return PanOsEnvelope.xml(403, "<response status=\"error\" code=\"403\"><result><msg>Invalid Credential"
                    + "</msg></result></response>");
        }
        String key = null;
        for (Map.Entry<String, String> k : keys.entrySet()) {
            if (k.getValue().equals(user)) {
                key = k.getKey();
                break;
            }
        }
        if (key == null) {
            key = deriveKey(user, password);
            keys.put(key, user);
        }
        return PanOsEnvelope.xml(200, "<response status=\"success\"><result><key>" + Xml.escape(key)
                + "</key></result></response>");
    }

    private String deriveKey(String user, String password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((spec.name() + "\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            // letters and digits only: clients (pan-python) put the key into a request without encoding it
            return "LUFRPT" + Base64.getEncoder().withoutPadding().encodeToString(d).replace('+', 'A')
                    .replace('/', 'B');
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- op

    private SimResponse op(Map<String, List<String>> p, String admin) throws PanOsError {
        Element root = PanOsEnvelope.parse(PanOsEnvelope.cmd(p)).getDocumentElement();
        List<Element> kids = Xml.children(root);
        Element first = kids.isEmpty() ? null : kids.get(0);
        if (root.getTagName().equals("show") && first != null) {
            switch (first.getTagName()) {
                case "jobs" -> {
                    return commits.showJob(first);
                }
                case "object" -> {
                    Element ri = Xml.child(first, "registered-ip");
                    if (ri != null) {
                        return userId.show(ri, userId.vsysOf(p));
                    }
                }
                case "config-locks" -> {
                    return locks.show(true);
                }
                case "system" -> {
                    if (Xml.child(first, "info") != null) {
                        return systemInfo();
                    }
                }
                case "commit-locks" -> {
                    return locks.show(false);
                }
                default -> {
                }
            }
        }
        if (root.getTagName().equals("request") && first != null
                && (first.getTagName().equals("config-lock") || first.getTagName().equals("commit-lock"))) {
            String scope = first(p, "vsys");
            return locks.request(first, admin, scope == null || scope.isEmpty() ? PanOsLocks.SHARED : scope);
        }
        String path = root.getTagName() + (first == null ? "" : " -> " + first.getTagName());
        throw new PanOsError(17, path + " is unexpected");
    }

    // ---------------------------------------------------------------- persistence

    @Override
    public JsonNode snapshot() {
        return locked(() -> {
            ObjectNode n = JSON.createObjectNode();
            n.put("device", spec.name());
            config.snapshot(n);
            ObjectNode k = n.putObject("apiKeys");
            keys.forEach(k::put);
            userId.snapshot(n);
            commits.snapshot(n);
            locks.snapshot(n);
            return n;
        });
    }

    @Override
    public void restore(JsonNode s) {
        locked(() -> {
            config.restore(s);
            keys.clear();
            keys.putAll(spec.apiKeys());
            s.path("apiKeys").fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue().asText()));
            userId.restore(s);
            commits.restore(s);
            locks.restore(s);
            return null;
        });
    }

    @Override
    public String toString() {
        return "PanOsSimulator[" + spec.name() + "]";
    }
}
