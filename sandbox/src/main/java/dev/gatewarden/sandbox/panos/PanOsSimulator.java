package dev.gatewarden.sandbox.panos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.Fault;
import dev.gatewarden.sandbox.HttpSimulator;
import dev.gatewarden.sandbox.SimRequest;
import dev.gatewarden.sandbox.SimResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * A PAN-OS firewall or Panorama speaking the XML API at {@code /api/}: {@code type=keygen}; {@code type=config}
 * with {@code get} (candidate), {@code show} (running), {@code set}, {@code edit}, {@code delete} and
 * {@code multi-config} (transactional); {@code type=commit} (full, or partial for named admins) and Panorama's
 * {@code commit-all} push, both as jobs polled with {@code type=op} {@code <show><jobs><id>}; {@code type=user-id}
 * register/unregister of IP tags with the {@code <show><object><registered-ip>} listing; config and commit locks.
 * The API key comes from {@code X-PAN-KEY} or the {@code key} parameter; a bad one is HTTP 403 code 403.
 *
 * <p>Validation is as strict as PAN-OS for what it models (names of at most 63 characters, valid ip-netmask, a
 * static group needs a member, members and tags must reference existing objects, a referenced address cannot be
 * deleted); xpaths outside the modelled subset are refused. Commit results are configurable: jobs take
 * {@link #pollsUntilDone(int)} polls, and {@link #failNextCommit(String...)} / {@link #failNextPush(String...)}
 * make the next job end {@code FIN}/{@code FAIL} with those messages.
 */
public final class PanOsSimulator extends HttpSimulator {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);
    private static final int MAX_TAGS_PER_IP = 32;
    private static final long MAX_TIMEOUT = 2_592_000L;

    private final PanOsDeviceSpec spec;
    private final Map<String, String> keys = new LinkedHashMap<>();
    private ConfigTree candidate;
    private ConfigTree running;
    private final Map<String, List<LoggedAction>> pending = new LinkedHashMap<>();
    private final Map<Integer, Job> jobs = new TreeMap<>();
    private final Map<String, Map<String, Registration>> registered = new TreeMap<>();
    private final Map<String, String> pushed = new TreeMap<>();
    private final Deque<List<String>> commitFailures = new ArrayDeque<>();
    private final Deque<List<String>> pushFailures = new ArrayDeque<>();
    private int nextJobId = 1;
    private int pollsUntilDone = 2;
    private String configLockHolder;
    private String commitLockHolder;
    private Clock clock = Clock.systemUTC();

    public PanOsSimulator(PanOsDeviceSpec spec) {
        this.spec = spec;
        keys.putAll(spec.apiKeys());
        candidate = ConfigTree.empty(spec.panorama(), spec.locations());
        running = candidate.copy();
    }

    private record LoggedAction(String action, String xpath, String element) {
    }

    private static final class Job {
        final int id;
        final String type;
        final String user;
        final Instant enqueued;
        int pollsLeft;
        boolean ok;
        List<String> details;
        ConfigTree staged;
        List<String> committedAdmins;
        boolean full;
        String deviceGroup;
        Instant finished;

        Job(int id, String type, String user, Instant enqueued) {
            this.id = id;
            this.type = type;
            this.user = user;
            this.enqueued = enqueued;
        }
    }

    private static final class Registration {
        boolean persistent;
        final Map<String, Long> tags = new LinkedHashMap<>();
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
            this.pollsUntilDone = Math.max(1, polls);
            return null;
        });
        return this;
    }

    /** The most members a static address group may list (platform dependent on PAN-OS; default 2500). */
    public PanOsSimulator maxStaticGroupMembers(int max) {
        locked(() -> {
            candidate.maxStaticMembers = max;
            running.maxStaticMembers = max;
            return null;
        });
        return this;
    }

    /** The next commit job ends FIN/FAIL with these detail lines (PAN-OS's own words). */
    public void failNextCommit(String... lines) {
        locked(() -> commitFailures.add(List.of(lines)));
    }

    /** The next commit-all (push) job ends FIN/FAIL with these detail lines. */
    public void failNextPush(String... lines) {
        locked(() -> pushFailures.add(List.of(lines)));
    }

    /** Another administrator takes the config lock (null releases it). */
    public void holdConfigLock(String admin) {
        locked(() -> {
            configLockHolder = admin;
            return null;
        });
    }

    /** Another administrator takes the commit lock (null releases it). */
    public void holdCommitLock(String admin) {
        locked(() -> {
            commitLockHolder = admin;
            return null;
        });
    }

    /**
     * Applies a config action directly as {@code admin} (as if through the web UI), e.g. to seed objects that do not
     * belong to Gatewarden. Throws IllegalArgumentException with PAN-OS's message when it is refused.
     */
    public void configure(String admin, String action, String xpath, String element) {
        locked(() -> {
            try {
                ConfigTree work = candidate.copy();
                applyAction(work, action, xpath, element);
                candidate = work;
                pending.computeIfAbsent(admin, a -> new ArrayList<>()).add(new LoggedAction(action, xpath, element));
            } catch (PanOsError e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            return null;
        });
    }

    /** Commits the whole candidate configuration at once (as an administrator clicking Commit). */
    public void commitAll() {
        locked(() -> {
            List<ConfigTree.Problem> problems = candidate.validate();
            if (!problems.isEmpty()) {
                throw new IllegalStateException("candidate config is invalid: " + problems);
            }
            running = candidate.copy();
            pending.clear();
            return null;
        });
    }

    /** The candidate config as XML. */
    public String candidateXml() {
        return locked(() -> candidate.toXml());
    }

    /** The running config as XML. */
    public String runningXml() {
        return locked(() -> running.toXml());
    }

    /** The XML of a node of the running config ({@code xpath} in the simulator's subset), or null. */
    public String runningNode(String xpath) {
        return node(xpath, true);
    }

    /** The XML of a node of the candidate config, or null. */
    public String candidateNode(String xpath) {
        return node(xpath, false);
    }

    private String node(String xpath, boolean run) {
        return locked(() -> {
            try {
                Element e = (run ? running : candidate).find(ConfigXPath.parse(xpath));
                return e == null ? null : Xml.toString(e);
            } catch (ConfigXPath.BadXpath e) {
                throw new IllegalArgumentException(e.getMessage());
            }
        });
    }

    /** The device group's config last pushed to its firewalls by a successful commit-all, or null. */
    public String pushedDeviceGroup(String deviceGroup) {
        return locked(() -> pushed.get(deviceGroup));
    }

    /** Whether an admin has uncommitted changes. */
    public boolean hasPendingChanges(String admin) {
        return locked(() -> pending.containsKey(admin) && !pending.get(admin).isEmpty());
    }

    /** Registered IPs of a vsys: ip to its tags (expired registrations removed). */
    public Map<String, List<String>> registeredIps(String vsys) {
        return locked(() -> {
            Map<String, List<String>> out = new TreeMap<>();
            registrations(vsys).forEach((ip, r) -> out.put(ip, List.copyOf(r.tags.keySet())));
            return out;
        });
    }

    /** A reboot: registrations not marked persistent are lost, running jobs vanish, the candidate reverts. */
    public void reboot() {
        locked(() -> {
            for (Map<String, Registration> m : registered.values()) {
                m.values().removeIf(r -> !r.persistent);
            }
            jobs.clear();
            candidate = running.copy();
            pending.clear();
            return null;
        });
    }

    /** Drops every registered IP (e.g. to simulate registrations expired or cleared by an admin). */
    public void clearRegisteredIps() {
        locked(() -> {
            registered.clear();
            return null;
        });
    }

    // ---------------------------------------------------------------- HttpSimulator

    @Override
    protected String operation(SimRequest request) {
        Map<String, List<String>> p = request.params();
        String type = first(p, "type");
        if (type == null) {
            return "unknown";
        }
        switch (type) {
            case "keygen", "user-id" -> {
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
            return SimResponse.xml(503, error(22, "Server is busy; too many API requests. Try again later."));
        }
        int code = 2;
        if (fault.code() != null && fault.code().matches("\\d+")) {
            code = Integer.parseInt(fault.code());
        }
        String msg = fault.message() == null ? "Internal error" : fault.message();
        return SimResponse.xml(fault.status() <= 0 ? 200 : fault.status(), error(code, msg));
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
        String key = request.header("X-PAN-KEY");
        if (key == null) {
            key = first(p, "key");
        }
        String admin = key == null ? null : keys.get(key);
        if (admin == null) {
            return SimResponse.xml(403, "<response status=\"error\" code=\"403\"><result><msg>Invalid Credential"
                    + "</msg></result></response>");
        }
        try {
            if (type == null) {
                throw new PanOsError(400, "Missing parameter 'type'");
            }
            return switch (type) {
                case "config" -> config(p, admin);
                case "commit" -> commit(p, admin);
                case "op" -> op(p, admin);
                case "user-id" -> userId(p);
                default -> throw new PanOsError(400, "Illegal value for parameter 'type' [" + type + "].");
            };
        } catch (PanOsError e) {
            return SimResponse.xml(e.code == 400 ? 400 : 200, error(e.code, e.lines));
        }
    }

    // ---------------------------------------------------------------- keygen

    private SimResponse keygen(Map<String, List<String>> p) {
        String user = first(p, "user");
        String password = first(p, "password");
        if (user == null || password == null || !password.equals(spec.admins().get(user))) {
            return SimResponse.xml(403, "<response status=\"error\" code=\"403\"><result><msg>Invalid Credential"
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
        return SimResponse.xml(200, "<response status=\"success\"><result><key>" + Xml.escape(key)
                + "</key></result></response>");
    }

    private String deriveKey(String user, String password) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((spec.name() + "\0" + user + "\0" + password)
                    .getBytes(StandardCharsets.UTF_8));
            return "LUFRPT" + Base64.getEncoder().encodeToString(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- config

    private SimResponse config(Map<String, List<String>> p, String admin) throws PanOsError {
        String action = first(p, "action");
        if (action == null) {
            throw new PanOsError(400, "Missing parameter 'action'");
        }
        switch (action) {
            case "get", "show" -> {
                ConfigXPath path = xpath(first(p, "xpath"));
                Element e = (action.equals("get") ? candidate : running).find(path);
                if (e == null) {
                    return SimResponse.xml(200, "<response status=\"success\" code=\"7\"><result/></response>");
                }
                return SimResponse.xml(200, "<response status=\"success\" code=\"19\"><result total-count=\"1\" "
                        + "count=\"1\">" + Xml.toString(e) + "</result></response>");
            }
            case "set", "edit", "delete" -> {
                checkConfigLock(admin);
                String xpath = first(p, "xpath");
                String element = first(p, "element");
                ConfigTree work = candidate.copy();
                boolean changed = applyAction(work, action, xpath, element);
                candidate = work;
                if (!changed) {
                    return SimResponse.xml(200, "<response status=\"success\" code=\"7\"><msg>Object doesn't exist"
                            + "</msg></response>");
                }
                pending.computeIfAbsent(admin, a -> new ArrayList<>()).add(new LoggedAction(action, xpath, element));
                return SimResponse.xml(200, success20());
            }
            case "multi-config" -> {
                return multiConfig(p, admin);
            }
            default -> throw new PanOsError(400, "Illegal value for parameter 'action' [" + action + "].");
        }
    }

    private void checkConfigLock(String admin) throws PanOsError {
        if (configLockHolder != null && !configLockHolder.equals(admin)) {
            throw new PanOsError(13, "Config for scope shared is currently locked by " + configLockHolder);
        }
    }

    /** Applies one write; false when a delete found nothing (no change). */
    private boolean applyAction(ConfigTree tree, String action, String xpath, String element) throws PanOsError {
        ConfigXPath path = xpath(xpath);
        Document doc = tree.document();
        switch (action) {
            case "set" -> {
                if (element == null || element.isEmpty()) {
                    throw new PanOsError(18, "Missing parameter 'element'");
                }
                tree.set(path, fragment(element, doc));
                return true;
            }
            case "edit" -> {
                if (element == null || element.isEmpty()) {
                    throw new PanOsError(18, "Missing parameter 'element'");
                }
                List<Element> els = fragment(element, doc);
                if (els.size() != 1) {
                    throw new PanOsError(12, "Invalid object: edit takes exactly one element");
                }
                tree.edit(path, els.get(0));
                return true;
            }
            case "delete" -> {
                return tree.delete(path);
            }
            default -> throw new PanOsError(12, "Invalid object: action " + action + " is not supported here");
        }
    }

    private static List<Element> fragment(String element, Document doc) throws PanOsError {
        try {
            return Xml.parseFragment(element, doc);
        } catch (Xml.MalformedXml e) {
            throw new PanOsError(18, "Malformed Request");
        }
    }

    private static ConfigXPath xpath(String xpath) throws PanOsError {
        try {
            return ConfigXPath.parse(xpath);
        } catch (ConfigXPath.BadXpath e) {
            throw new PanOsError(6, e.getMessage());
        }
    }

    private SimResponse multiConfig(Map<String, List<String>> p, String admin) throws PanOsError {
        checkConfigLock(admin);
        String element = first(p, "element");
        if (element == null) {
            throw new PanOsError(18, "Missing parameter 'element'");
        }
        Document req;
        try {
            req = Xml.parse(element);
        } catch (Xml.MalformedXml e) {
            throw new PanOsError(18, "Malformed Request");
        }
        if ("yes".equals(first(p, "strict-transactional"))) {
            for (Job j : jobs.values()) {
                if (j.finished == null) {
                    throw new PanOsError(13, "A commit is in progress; strict-transactional multi-config refused");
                }
            }
        }
        ConfigTree work = candidate.copy();
        List<LoggedAction> log = new ArrayList<>();
        StringBuilder inner = new StringBuilder();
        List<Element> actions = Xml.children(req.getDocumentElement());
        if (actions.isEmpty()) {
            throw new PanOsError(18, "Malformed Request: multi-config holds no action");
        }
        for (Element a : actions) {
            String id = a.hasAttribute("id") ? a.getAttribute("id") : null;
            String idAttr = id == null ? "" : " id=\"" + Xml.escape(id) + "\"";
            String action = a.getTagName();
            String xpath = a.getAttribute("xpath");
            StringBuilder el = new StringBuilder();
            for (Element c : Xml.children(a)) {
                el.append(Xml.toString(c));
            }
            String elementText = el.length() == 0 ? null : el.toString();
            try {
                if (!List.of("set", "edit", "delete").contains(action)) {
                    throw new PanOsError(12, "Invalid object: multi-config action " + action
                            + " is not supported by the sandbox");
                }
                boolean changed = applyAction(work, action, xpath, elementText);
                if (changed) {
                    log.add(new LoggedAction(action, xpath, elementText));
                    inner.append("<response status=\"success\" code=\"20\"").append(idAttr)
                            .append("><msg>command succeeded</msg></response>");
                } else {
                    inner.append("<response status=\"success\" code=\"7\"").append(idAttr)
                            .append("><msg>Object doesn't exist</msg></response>");
                }
            } catch (PanOsError e) {
                inner.append("<response status=\"error\" code=\"").append(e.code).append('"').append(idAttr)
                        .append(">").append(msgLines(e.lines)).append("</response>");
                return SimResponse.xml(200, "<response status=\"error\" code=\"" + e.code + "\">" + inner
                        + "</response>");
            }
        }
        candidate = work;
        pending.computeIfAbsent(admin, x -> new ArrayList<>()).addAll(log);
        return SimResponse.xml(200, "<response status=\"success\" code=\"20\">" + inner + "</response>");
    }

    // ---------------------------------------------------------------- commit

    private SimResponse commit(Map<String, List<String>> p, String admin) throws PanOsError {
        String cmd = first(p, "cmd");
        if (cmd == null) {
            throw new PanOsError(400, "Missing parameter 'cmd'");
        }
        Element root;
        try {
            root = Xml.parse(cmd).getDocumentElement();
        } catch (Xml.MalformedXml e) {
            throw new PanOsError(18, "Malformed Request");
        }
        if (commitLockHolder != null && !commitLockHolder.equals(admin)) {
            throw new PanOsError(13, "Commit lock is currently held by " + commitLockHolder);
        }
        if ("all".equals(first(p, "action"))) {
            return commitAll(root, admin);
        }
        if (!root.getTagName().equals("commit")) {
            throw new PanOsError(17, root.getTagName() + " is unexpected");
        }
        List<String> admins = null;
        for (Element c : Xml.children(root)) {
            switch (c.getTagName()) {
                case "description", "force" -> {
                }
                case "partial" -> {
                    for (Element pc : Xml.children(c)) {
                        if (pc.getTagName().equals("admin")) {
                            admins = Xml.members(pc);
                        } else if (!List.of("device-and-network", "shared-object", "policy-and-objects",
                                "no-vsys", "vsys").contains(pc.getTagName())) {
                            throw new PanOsError(17, "commit -> partial -> " + pc.getTagName() + " is unexpected");
                        }
                    }
                }
                default -> throw new PanOsError(17, "commit -> " + c.getTagName() + " is unexpected");
            }
        }
        ConfigTree staged;
        List<String> committed;
        boolean full = admins == null;
        if (full) {
            if (candidate.sameAs(running)) {
                pending.clear();
                return noChanges();
            }
            staged = candidate.copy();
            committed = new ArrayList<>(pending.keySet());
        } else {
            committed = new ArrayList<>();
            staged = running.copy();
            boolean any = false;
            List<String> replayErrors = new ArrayList<>();
            for (String a : admins) {
                List<LoggedAction> log = pending.getOrDefault(a, List.of());
                if (!log.isEmpty()) {
                    any = true;
                    committed.add(a);
                }
                for (LoggedAction la : log) {
                    try {
                        applyAction(staged, la.action(), la.xpath(), la.element());
                    } catch (PanOsError e) {
                        replayErrors.addAll(e.lines);
                    }
                }
            }
            if (!any) {
                return noChanges();
            }
            if (!replayErrors.isEmpty()) {
                List<String> lines = new ArrayList<>();
                lines.add("Partial commit failed: the changes of " + String.join(", ", admins)
                        + " depend on changes of other administrators");
                lines.addAll(replayErrors);
                staged = null;
                Job j = newJob("Commit", admin);
                j.ok = false;
                j.details = lines;
                return jobEnqueued(j, "Commit");
            }
        }
        Job j = newJob("Commit", admin);
        j.full = full;
        j.committedAdmins = committed;
        List<ConfigTree.Problem> problems = staged.validate();
        if (!problems.isEmpty()) {
            j.ok = false;
            List<String> lines = new ArrayList<>();
            lines.add("Validation Error:");
            problems.forEach(pr -> lines.add(pr.line()));
            lines.add("Commit failed");
            j.details = lines;
        } else if (!commitFailures.isEmpty()) {
            j.ok = false;
            j.details = commitFailures.poll();
        } else {
            j.ok = true;
            j.staged = staged;
            j.details = List.of("Configuration committed successfully");
        }
        return jobEnqueued(j, "Commit");
    }

    private SimResponse commitAll(Element root, String admin) throws PanOsError {
        if (!spec.panorama()) {
            throw new PanOsError(17, "commit-all is unexpected: this device is not a Panorama");
        }
        if (!root.getTagName().equals("commit-all")) {
            throw new PanOsError(17, root.getTagName() + " is unexpected");
        }
        Element sp = Xml.child(root, "shared-policy");
        Element dgs = sp == null ? null : Xml.child(sp, "device-group");
        List<Element> entries = dgs == null ? List.of() : Xml.children(dgs, "entry");
        if (entries.size() != 1) {
            throw new PanOsError(17, "commit-all -> shared-policy -> device-group needs exactly one entry in the"
                    + " sandbox");
        }
        String dg = entries.get(0).getAttribute("name");
        if (!spec.locations().contains(dg)) {
            throw new PanOsError(12, "device-group " + dg + " does not exist");
        }
        Job j = newJob("CommitAll", admin);
        j.deviceGroup = dg;
        if (!pushFailures.isEmpty()) {
            j.ok = false;
            j.details = pushFailures.poll();
        } else {
            j.ok = true;
            j.details = List.of("Push to device group " + dg + " succeeded");
        }
        return jobEnqueued(j, "CommitAll");
    }

    private Job newJob(String type, String admin) {
        Job j = new Job(nextJobId++, type, admin, clock.instant());
        j.pollsLeft = pollsUntilDone;
        jobs.put(j.id, j);
        return j;
    }

    private static SimResponse jobEnqueued(Job j, String what) {
        String line = what.equals("CommitAll") ? "Job enqueued with jobid " + j.id
                : "Commit job enqueued with jobid " + j.id;
        return SimResponse.xml(200, "<response status=\"success\" code=\"19\"><result><msg><line>" + line
                + "</line></msg><job>" + j.id + "</job></result></response>");
    }

    private static SimResponse noChanges() {
        return SimResponse.xml(200, "<response status=\"success\" code=\"19\"><msg>There are no changes to commit."
                + "</msg></response>");
    }

    private void finish(Job j) {
        j.finished = clock.instant();
        if (!j.ok) {
            return;
        }
        if (j.type.equals("Commit") && j.staged != null) {
            running = j.staged;
            if (j.full) {
                pending.clear();
            } else {
                for (String a : j.committedAdmins) {
                    pending.remove(a);
                }
            }
        } else if (j.type.equals("CommitAll")) {
            Element dg = running.find(new ConfigXPath(List.of(new ConfigXPath.Step("config", null, null),
                    new ConfigXPath.Step("devices", null, null),
                    new ConfigXPath.Step("entry", ConfigTree.DEVICE, null),
                    new ConfigXPath.Step("device-group", null, null),
                    new ConfigXPath.Step("entry", j.deviceGroup, null))));
            pushed.put(j.deviceGroup, dg == null ? "" : Xml.toString(dg));
        }
    }

    // ---------------------------------------------------------------- op

    private SimResponse op(Map<String, List<String>> p, String admin) throws PanOsError {
        String cmd = first(p, "cmd");
        if (cmd == null) {
            throw new PanOsError(400, "Missing parameter 'cmd'");
        }
        Element root;
        try {
            root = Xml.parse(cmd).getDocumentElement();
        } catch (Xml.MalformedXml e) {
            throw new PanOsError(18, "Malformed Request");
        }
        List<Element> kids = Xml.children(root);
        Element first = kids.isEmpty() ? null : kids.get(0);
        if (root.getTagName().equals("show") && first != null) {
            switch (first.getTagName()) {
                case "jobs" -> {
                    return showJob(first);
                }
                case "object" -> {
                    Element ri = Xml.child(first, "registered-ip");
                    if (ri != null) {
                        return showRegistered(ri, vsysOf(p));
                    }
                }
                case "config-locks" -> {
                    return SimResponse.xml(200, "<response status=\"success\"><result><config-locks>"
                            + lockEntry(configLockHolder) + "</config-locks></result></response>");
                }
                case "commit-locks" -> {
                    return SimResponse.xml(200, "<response status=\"success\"><result><commit-locks>"
                            + lockEntry(commitLockHolder) + "</commit-locks></result></response>");
                }
                default -> {
                }
            }
        }
        if (root.getTagName().equals("request") && first != null
                && (first.getTagName().equals("config-lock") || first.getTagName().equals("commit-lock"))) {
            return lockRequest(first, admin);
        }
        String path = root.getTagName() + (first == null ? "" : " -> " + first.getTagName());
        throw new PanOsError(17, path + " is unexpected");
    }

    /** {@code <request><config-lock|commit-lock><add>…</add> | <remove/>}: only the holder removes its lock. */
    private SimResponse lockRequest(Element lock, String admin) throws PanOsError {
        boolean config = lock.getTagName().equals("config-lock");
        String holder = config ? configLockHolder : commitLockHolder;
        String what = config ? "Config" : "Commit";
        if (Xml.child(lock, "add") != null) {
            if (holder != null && !holder.equals(admin)) {
                throw new PanOsError(13, what + " lock is currently held by " + holder);
            }
            setLock(config, admin);
            return SimResponse.xml(200, "<response status=\"success\"><result>Successfully acquired lock. Other "
                    + "administrators will not be able to modify configuration" + (config ? "" : " commits")
                    + " until lock is released by " + Xml.escapeText(admin) + ".</result></response>");
        }
        if (Xml.child(lock, "remove") != null) {
            if (holder == null) {
                throw new PanOsError(13, what + " lock is not currently held");
            }
            if (!holder.equals(admin)) {
                throw new PanOsError(13, what + " lock is currently held by " + holder);
            }
            setLock(config, null);
            return SimResponse.xml(200, "<response status=\"success\"><result>Successfully released lock"
                    + "</result></response>");
        }
        throw new PanOsError(17, "request -> " + lock.getTagName() + " is missing 'add' or 'remove'");
    }

    private void setLock(boolean config, String admin) {
        if (config) {
            configLockHolder = admin;
        } else {
            commitLockHolder = admin;
        }
    }

    private static String lockEntry(String holder) {
        return holder == null ? "" : "<entry name=\"" + Xml.escape(holder) + "\"><type>normal</type><loggedin>yes"
                + "</loggedin><comment>sandbox</comment></entry>";
    }

    private SimResponse showJob(Element jobsEl) throws PanOsError {
        Element idEl = Xml.child(jobsEl, "id");
        String idText = idEl == null ? "" : Xml.text(idEl);
        if (!idText.matches("\\d{1,9}")) {
            throw new PanOsError(17, "show -> jobs -> " + (idEl == null ? "(nothing)" : "id") + " is invalid");
        }
        Job j = jobs.get(Integer.parseInt(idText));
        if (j == null) {
            throw new PanOsError(13, "job " + idText + " not found");
        }
        if (j.finished == null) {
            j.pollsLeft--;
            if (j.pollsLeft <= 0) {
                finish(j);
            }
        }
        boolean fin = j.finished != null;
        StringBuilder b = new StringBuilder("<response status=\"success\"><result><job>");
        b.append("<tenq>").append(JOB_TIME.format(j.enqueued)).append("</tenq>");
        b.append("<tdeq>").append(JOB_TIME.format(j.enqueued)).append("</tdeq>");
        b.append("<id>").append(j.id).append("</id>");
        b.append("<user>").append(Xml.escape(j.user)).append("</user>");
        b.append("<type>").append(j.type).append("</type>");
        b.append("<status>").append(fin ? "FIN" : "ACT").append("</status>");
        b.append("<queued>NO</queued><stoppable>no</stoppable>");
        b.append("<result>").append(fin ? (j.ok ? "OK" : "FAIL") : "PEND").append("</result>");
        b.append("<tfin>").append(fin ? JOB_TIME.format(j.finished) : "").append("</tfin>");
        b.append("<description/><positionInQ>0</positionInQ>");
        b.append("<progress>").append(fin ? "100" : "50").append("</progress>");
        b.append("<details>");
        if (fin) {
            for (String l : j.details) {
                b.append("<line>").append(Xml.escapeText(l)).append("</line>");
            }
        }
        b.append("</details><warnings/></job></result></response>");
        return SimResponse.xml(200, b.toString());
    }

    private String vsysOf(Map<String, List<String>> p) {
        String v = first(p, "vsys");
        return v == null ? (spec.panorama() ? "panorama" : spec.locations().get(0)) : v;
    }

    private Map<String, Registration> registrations(String vsys) {
        Map<String, Registration> m = registered.computeIfAbsent(vsys, v -> new TreeMap<>());
        long now = clock.millis();
        for (Iterator<Registration> it = m.values().iterator(); it.hasNext(); ) {
            Registration r = it.next();
            r.tags.values().removeIf(exp -> exp > 0 && exp <= now);
            if (r.tags.isEmpty()) {
                it.remove();
            }
        }
        return m;
    }

    private SimResponse showRegistered(Element ri, String vsys) throws PanOsError {
        String tagFilter = null;
        String ipFilter = null;
        int limit = Integer.MAX_VALUE;
        int start = 1;
        for (Element c : Xml.children(ri)) {
            switch (c.getTagName()) {
                case "all" -> {
                }
                case "tag" -> {
                    Element e = Xml.child(c, "entry");
                    if (e == null) {
                        throw new PanOsError(17, "show -> object -> registered-ip -> tag is missing 'entry'");
                    }
                    tagFilter = e.getAttribute("name");
                }
                case "ip" -> ipFilter = Xml.text(c);
                case "limit" -> limit = intValue(c, 1, 500);
                case "start-point" -> start = intValue(c, 1, Integer.MAX_VALUE);
                default -> throw new PanOsError(17, "show -> object -> registered-ip -> " + c.getTagName()
                        + " is unexpected");
            }
        }
        List<Map.Entry<String, Registration>> matches = new ArrayList<>();
        for (Map.Entry<String, Registration> e : registrations(vsys).entrySet()) {
            if ((ipFilter == null || ipFilter.equals(e.getKey()))
                    && (tagFilter == null || e.getValue().tags.containsKey(tagFilter))) {
                matches.add(e);
            }
        }
        StringBuilder b = new StringBuilder("<response status=\"success\"><result>");
        int count = 0;
        for (int i = start - 1; i < matches.size() && count < limit; i++, count++) {
            Map.Entry<String, Registration> e = matches.get(i);
            b.append("<entry ip=\"").append(Xml.escape(e.getKey())).append("\" from_agent=\"0\" persistent=\"")
                    .append(e.getValue().persistent ? 1 : 0).append("\"><tag>");
            for (String t : e.getValue().tags.keySet()) {
                b.append("<member>").append(Xml.escape(t)).append("</member>");
            }
            b.append("</tag></entry>");
        }
        b.append("<count>").append(count).append("</count></result></response>");
        return SimResponse.xml(200, b.toString());
    }

    private static int intValue(Element e, int min, int max) throws PanOsError {
        String t = Xml.text(e);
        if (t == null || !t.matches("\\d{1,9}") || Integer.parseInt(t) < min || Integer.parseInt(t) > max) {
            throw new PanOsError(17, e.getTagName() + " '" + t + "' is invalid");
        }
        return Integer.parseInt(t);
    }

    // ---------------------------------------------------------------- user-id

    private SimResponse userId(Map<String, List<String>> p) throws PanOsError {
        String cmd = first(p, "cmd");
        if (cmd == null) {
            throw new PanOsError(400, "Missing parameter 'cmd'");
        }
        String vsys = vsysOf(p);
        if (!spec.panorama() && !spec.locations().contains(vsys)) {
            throw new PanOsError(12, "vsys " + vsys + " does not exist");
        }
        Element root;
        try {
            root = Xml.parse(cmd).getDocumentElement();
        } catch (Xml.MalformedXml e) {
            throw new PanOsError(18, "Malformed Request");
        }
        Element type = Xml.child(root, "type");
        Element payload = Xml.child(root, "payload");
        if (!root.getTagName().equals("uid-message") || type == null || !"update".equals(Xml.text(type))
                || payload == null) {
            throw new PanOsError(18, "Malformed Request: expected <uid-message><type>update</type><payload>");
        }
        Map<String, Registration> regs = registrations(vsys);
        long now = clock.millis();
        StringBuilder regOut = new StringBuilder();
        StringBuilder unregOut = new StringBuilder();
        boolean anyError = false;
        for (Element section : Xml.children(payload)) {
            boolean register = section.getTagName().equals("register");
            if (!register && !section.getTagName().equals("unregister")) {
                throw new PanOsError(18, "Malformed Request: payload -> " + section.getTagName() + " is unexpected");
            }
            StringBuilder out = register ? regOut : unregOut;
            for (Element entry : Xml.children(section, "entry")) {
                String ip = entry.getAttribute("ip");
                if (!ConfigTree.validIp(ip)) {
                    out.append(entryMsg(ip, "Invalid IP address"));
                    anyError = true;
                    continue;
                }
                List<Element> members = Xml.children(Xml.child(entry, "tag") == null ? entry
                        : Xml.child(entry, "tag"), "member");
                if (Xml.child(entry, "tag") == null || members.isEmpty()) {
                    out.append(entryMsg(ip, "no tag specified"));
                    anyError = true;
                    continue;
                }
                for (Element m : members) {
                    String tag = m.getTextContent().trim();
                    if (tag.isEmpty() || tag.length() > ConfigTree.MAX_TAG_NAME) {
                        out.append(entryMsg(ip, "tag '" + tag + "' is invalid"));
                        anyError = true;
                        continue;
                    }
                    if (register) {
                        Registration r = regs.computeIfAbsent(ip, x -> new Registration());
                        if ("1".equals(entry.getAttribute("persistent"))) {
                            r.persistent = true;
                        }
                        long timeout = 0;
                        if (m.hasAttribute("timeout")) {
                            String t = m.getAttribute("timeout");
                            if (!t.matches("\\d{1,7}") || Long.parseLong(t) > MAX_TIMEOUT) {
                                out.append(entryMsg(ip, "timeout " + t + " is invalid (0-" + MAX_TIMEOUT + ")"));
                                anyError = true;
                                continue;
                            }
                            timeout = Long.parseLong(t);
                        }
                        if (r.tags.containsKey(tag)) {
                            r.tags.put(tag, timeout == 0 ? 0 : now + timeout * 1000);
                            out.append(entryMsg(ip, "tag " + tag + " already exists, ignore"));
                            anyError = true;
                        } else if (r.tags.size() >= MAX_TAGS_PER_IP) {
                            out.append(entryMsg(ip, "ip " + ip + " has too many tags (at most " + MAX_TAGS_PER_IP
                                    + ")"));
                            anyError = true;
                        } else {
                            r.tags.put(tag, timeout == 0 ? 0 : now + timeout * 1000);
                        }
                    } else {
                        Registration r = regs.get(ip);
                        if (r == null || r.tags.remove(tag) == null) {
                            out.append(entryMsg(ip, "tag " + tag + " does not exist, ignore unreg"));
                            anyError = true;
                        } else if (r.tags.isEmpty()) {
                            regs.remove(ip);
                        }
                    }
                }
            }
        }
        String body = "<uid-response><version>2.0</version><payload><register>" + regOut + "</register><unregister>"
                + unregOut + "</unregister></payload></uid-response>";
        if (anyError) {
            return SimResponse.xml(200, "<response status=\"error\"><msg><line>" + body + "</line></msg></response>");
        }
        return SimResponse.xml(200, "<response status=\"success\"><result>" + body + "</result></response>");
    }

    private static String entryMsg(String ip, String message) {
        return "<entry ip=\"" + Xml.escape(ip) + "\" message=\"" + Xml.escape(message) + "\"/>";
    }

    // ---------------------------------------------------------------- envelopes

    private static String success20() {
        return "<response status=\"success\" code=\"20\"><msg>command succeeded</msg></response>";
    }

    private static String error(int code, String line) {
        return error(code, List.of(line));
    }

    private static String error(int code, List<String> lines) {
        return "<response status=\"error\" code=\"" + code + "\">" + msgLines(lines) + "</response>";
    }

    private static String msgLines(List<String> lines) {
        StringBuilder b = new StringBuilder("<msg>");
        for (String l : lines) {
            b.append("<line>").append(Xml.escapeText(l)).append("</line>");
        }
        return b.append("</msg>").toString();
    }

    private static String first(Map<String, List<String>> p, String key) {
        List<String> v = p.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    // ---------------------------------------------------------------- persistence

    @Override
    public JsonNode snapshot() {
        return locked(() -> {
            ObjectNode n = JSON.createObjectNode();
            n.put("device", spec.name());
            n.put("candidate", candidate.toXml());
            n.put("running", running.toXml());
            ObjectNode pend = n.putObject("pending");
            pending.forEach((admin, log) -> {
                ArrayNode a = pend.putArray(admin);
                for (LoggedAction la : log) {
                    ObjectNode o = a.addObject();
                    o.put("action", la.action());
                    o.put("xpath", la.xpath());
                    o.put("element", la.element());
                }
            });
            ObjectNode k = n.putObject("apiKeys");
            keys.forEach(k::put);
            ObjectNode reg = n.putObject("registered");
            registered.forEach((vsys, m) -> {
                ObjectNode v = reg.putObject(vsys);
                m.forEach((ip, r) -> {
                    ObjectNode o = v.putObject(ip);
                    o.put("persistent", r.persistent);
                    ObjectNode t = o.putObject("tags");
                    r.tags.forEach(t::put);
                });
            });
            ObjectNode push = n.putObject("pushed");
            pushed.forEach(push::put);
            n.put("nextJobId", nextJobId);
            n.put("configLock", configLockHolder);
            n.put("commitLock", commitLockHolder);
            return n;
        });
    }

    @Override
    public void restore(JsonNode s) {
        locked(() -> {
            int max = candidate.maxStaticMembers;
            candidate = ConfigTree.fromXml(s.path("candidate").asText());
            running = ConfigTree.fromXml(s.path("running").asText());
            candidate.maxStaticMembers = max;
            running.maxStaticMembers = max;
            pending.clear();
            s.path("pending").fields().forEachRemaining(e -> {
                List<LoggedAction> log = new ArrayList<>();
                e.getValue().forEach(o -> log.add(new LoggedAction(o.path("action").asText(),
                        o.path("xpath").asText(), o.path("element").isNull() ? null : o.path("element").asText())));
                pending.put(e.getKey(), log);
            });
            keys.clear();
            keys.putAll(spec.apiKeys());
            s.path("apiKeys").fields().forEachRemaining(e -> keys.put(e.getKey(), e.getValue().asText()));
            registered.clear();
            s.path("registered").fields().forEachRemaining(v -> {
                Map<String, Registration> m = new TreeMap<>();
                v.getValue().fields().forEachRemaining(ipn -> {
                    Registration r = new Registration();
                    r.persistent = ipn.getValue().path("persistent").asBoolean();
                    ipn.getValue().path("tags").fields().forEachRemaining(t -> r.tags.put(t.getKey(),
                            t.getValue().asLong()));
                    m.put(ipn.getKey(), r);
                });
                registered.put(v.getKey(), m);
            });
            pushed.clear();
            s.path("pushed").fields().forEachRemaining(e -> pushed.put(e.getKey(), e.getValue().asText()));
            nextJobId = s.path("nextJobId").asInt(1);
            configLockHolder = s.path("configLock").isTextual() ? s.path("configLock").asText() : null;
            commitLockHolder = s.path("commitLock").isTextual() ? s.path("commitLock").asText() : null;
            jobs.clear();
            return null;
        });
    }

    @Override
    public String toString() {
        return "PanOsSimulator[" + spec.name() + "]";
    }
}
