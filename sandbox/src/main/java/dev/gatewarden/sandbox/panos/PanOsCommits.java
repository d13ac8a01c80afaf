package dev.gatewarden.sandbox.panos;

import static dev.gatewarden.sandbox.panos.PanOsEnvelope.first;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.sandbox.SimResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.w3c.dom.Element;

/**
 * {@code type=commit} (full, or partial for named admins) and Panorama's {@code commit-all} push to a device group,
 * both run as jobs that finish after {@link #pollsUntilDone} {@code <show><jobs><id>} polls; queued failures make
 * the next job end {@code FIN}/{@code FAIL} with their lines.
 */
final class PanOsCommits {
    private static final DateTimeFormatter JOB_TIME = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

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
        /** Commit-all: the managed firewalls pushed to, serial to device name. */
        Map<String, String> devices = Map.of();
        Instant finished;

        Job(int id, String type, String user, Instant enqueued) {
            this.id = id;
            this.type = type;
            this.user = user;
            this.enqueued = enqueued;
        }
    }

    private final PanOsDeviceSpec spec;
    private final PanOsConfig config;
    private final PanOsLocks locks;
    private final Supplier<Clock> clock;
    private final Map<Integer, Job> jobs = new TreeMap<>();
    private final Map<String, String> pushed = new TreeMap<>();
    final Deque<List<String>> commitFailures = new ArrayDeque<>();
    final Deque<List<String>> pushFailures = new ArrayDeque<>();
    private int nextJobId = 1;
    int pollsUntilDone = 2;

    PanOsCommits(PanOsDeviceSpec spec, PanOsConfig config, PanOsLocks locks, Supplier<Clock> clock) {
        this.spec = spec;
        this.config = config;
        this.locks = locks;
        this.clock = clock;
    }

    /** Whether a job has not finished yet. */
    boolean running() {
        for (Job j : jobs.values()) {
            if (j.finished == null) {
                return true;
            }
        }
        return false;
    }

    /** The device group's config last pushed by a successful commit-all, or null. */
    String pushed(String deviceGroup) {
        return pushed.get(deviceGroup);
    }

    /** Jobs vanish (a reboot). */
    void dropJobs() {
        jobs.clear();
    }

    SimResponse commit(Map<String, List<String>> p, String admin) throws PanOsError {
        Element root = PanOsEnvelope.parse(PanOsEnvelope.cmd(p)).getDocumentElement();
        locks.checkCommit(admin);
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
            if (config.candidate.sameAs(config.running)) {
                config.pending.clear();
                return noChanges();
            }
            staged = config.candidate.copy();
            committed = new ArrayList<>(config.pending.keySet());
        } else {
            committed = new ArrayList<>();
            staged = config.running.copy();
            boolean any = false;
            List<String> replayErrors = new ArrayList<>();
            for (String a : admins) {
                List<PanOsConfig.LoggedAction> log = config.pending.getOrDefault(a, List.of());
                if (!log.isEmpty()) {
                    any = true;
                    committed.add(a);
                }
                for (PanOsConfig.LoggedAction la : log) {
                    try {
                        PanOsConfig.apply(staged, la);
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
        Map<String, String> managed = managedDevices(dg);
        Map<String, String> targets = new TreeMap<>(managed);
        Element only = Xml.child(entries.get(0), "devices");
        if (only != null) {
            targets.clear();
            for (Element d : Xml.children(only, "entry")) {
                String serial = d.getAttribute("name");
                if (!managed.containsKey(serial)) {
                    throw new PanOsError(12, "device " + serial + " is not a member of device-group " + dg);
                }
                targets.put(serial, managed.get(serial));
            }
        }
        Job j = newJob("CommitAll", admin);
        j.deviceGroup = dg;
        j.devices = targets;
        if (!pushFailures.isEmpty()) {
            j.ok = false;
            j.details = pushFailures.poll();
        } else {
            j.ok = true;
            j.details = List.of("Push to device group " + dg + " succeeded");
        }
        return jobEnqueued(j, "CommitAll");
    }

    /** The firewalls a device group manages ({@link PanOsFirmware#devicesPerGroup}): serial to device name. */
    Map<String, String> managedDevices(String deviceGroup) {
        Map<String, String> out = new TreeMap<>();
        for (int i = 1; i <= spec.firmware().devicesPerGroup(); i++) {
            out.put(PanOsFirmware.serialFor(spec.name() + "/" + deviceGroup + "/" + i), deviceGroup + "-fw" + i);
        }
        return out;
    }

    private Job newJob(String type, String admin) {
        Job j = new Job(nextJobId++, type, admin, clock.get().instant());
        j.pollsLeft = pollsUntilDone;
        jobs.put(j.id, j);
        return j;
    }

    private static SimResponse jobEnqueued(Job j, String what) {
        String line = what.equals("CommitAll") ? "Job enqueued with jobid " + j.id
                : "Commit job enqueued with jobid " + j.id;
        return PanOsEnvelope.xml(200, "<response status=\"success\" code=\"19\"><result><msg><line>" + line
                + "</line></msg><job>" + j.id + "</job></result></response>");
    }

    private static SimResponse noChanges() {
        return PanOsEnvelope.xml(200, "<response status=\"success\" code=\"19\"><msg>There are no changes to commit."
                + "</msg></response>");
    }

    private void finish(Job j) {
        j.finished = clock.get().instant();
        if (!j.ok) {
            return;
        }
        if (j.type.equals("Commit") && j.staged != null) {
            config.running = j.staged;
            if (j.full) {
                config.pending.clear();
            } else {
                for (String a : j.committedAdmins) {
                    config.pending.remove(a);
                }
            }
        } else if (j.type.equals("CommitAll")) {
            Element dg = config.running.find(new ConfigXPath(List.of(new ConfigXPath.Step("config", null, null),
                    new ConfigXPath.Step("devices", null, null),
                    new ConfigXPath.Step("entry", ConfigTree.DEVICE, null),
                    new ConfigXPath.Step("device-group", null, null),
                    new ConfigXPath.Step("entry", j.deviceGroup, null))));
            pushed.put(j.deviceGroup, dg == null ? "" : Xml.toString(dg));
        }
    }

    /** {@code <show><jobs><id>}: each poll brings an unfinished job one step closer to {@code FIN}. */
    SimResponse showJob(Element jobsEl) throws PanOsError {
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
        b.append("</details><warnings/>");
        if (j.type.equals("CommitAll")) {
            b.append("<devices>");
            j.devices.forEach((serial, name) -> {
                b.append("<entry><serial-no>").append(Xml.escapeText(serial)).append("</serial-no>");
                b.append("<devicename>").append(Xml.escapeText(name)).append("</devicename>");
                b.append("<vsys>vsys1</vsys><status>").append(fin ? "FIN" : "PEND").append("</status>");
                b.append("<result>").append(fin ? (j.ok ? "OK" : "FAIL") : "PEND").append("</result>");
                b.append("<tstart>").append(JOB_TIME.format(j.enqueued)).append("</tstart>");
                if (fin) {
                    b.append("<tfin>").append(JOB_TIME.format(j.finished)).append("</tfin>");
                }
                b.append("<progress>").append(fin ? "100" : "0").append("</progress><details><msg><errors>");
                if (fin && !j.ok) {
                    for (String l : j.details) {
                        b.append("<line>").append(Xml.escapeText(l)).append("</line>");
                    }
                }
                b.append("</errors><warnings/></msg></details></entry>");
            });
            b.append("</devices>");
        }
        b.append("</job></result></response>");
        return PanOsEnvelope.xml(200, b.toString());
    }

    // ---------------------------------------------------------------- persistence

    /** Writes {@code pushed} and {@code nextJobId} (jobs themselves do not survive a restart). */
    void snapshot(ObjectNode n) {
        ObjectNode push = n.putObject("pushed");
        pushed.forEach(push::put);
        n.put("nextJobId", nextJobId);
    }

    void restore(JsonNode s) {
        pushed.clear();
        s.path("pushed").fields().forEachRemaining(e -> pushed.put(e.getKey(), e.getValue().asText()));
        nextJobId = s.path("nextJobId").asInt(1);
        jobs.clear();
    }
}
