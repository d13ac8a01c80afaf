package dev.gatewarden.paloalto;

import dev.gatewarden.GatewardenException.ProviderException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Element;

/**
 * The PAN-OS requests the adapter makes, over {@link PanOsXmlApi}: reading the address and address-group
 * containers, writing a batch of actions (one {@code multi-config} request, or one request per action when
 * multi-config is off), committing (partial for the API admin) and pushing (Panorama), polling jobs, and the
 * User-ID registrations. Errors become {@link ProviderException}s quoting PAN-OS's messages; a lock held by
 * another administrator is transient ("retry next round") and is never removed.
 */
final class PanOsDevice {
    private static final Logger LOG = LoggerFactory.getLogger(PanOsDevice.class);
    static final int REGISTERED_PAGE = 500;
    private final String firewall;
    private final PanOsSettings settings;
    private final PanOsXmlApi api;
    private final Sleeper sleeper;

    /** Pauses between job polls; tests pass a no-op or a counting one. */
    interface Sleeper {
        void sleep(java.time.Duration d) throws InterruptedException;
    }

    /** One write: {@code set} (xpath = parent container), {@code edit} (xpath = the node) or {@code delete}. */
    record Action(String action, String xpath, String element) {
    }

    PanOsDevice(String firewall, PanOsSettings settings, PanOsXmlApi api, Sleeper sleeper) {
        this.firewall = firewall;
        this.settings = settings;
        this.api = api;
        this.sleeper = sleeper;
    }

    String firewall() {
        return firewall;
    }

    String containerXpath(String container) {
        return settings.locationXpath() + "/" + container;
    }

    String entryXpath(String container, String name) {
        return containerXpath(container) + "/entry[@name=" + PanOsXml.literal(name) + "]";
    }

    /**
     * The entries of {@code container} ({@code address}, {@code address-group}) from the candidate ({@code get}) or
     * running ({@code show}) config; null when there is no such container ({@code get}: success code 7;
     * {@code show}: the error "No such node").
     */
    Element readContainer(String container, boolean running) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", "config");
        p.put("action", running ? "show" : "get");
        p.put("xpath", containerXpath(container));
        PanOsResponse r = api.request(running ? "config/show" : "config/get", p);
        if (running && r.noSuchNode()) {
            // a fresh vsys or device group has no address / address-group node in its running config yet
            return null;
        }
        if (!r.success()) {
            throw failure("read the " + container + " objects of " + settings.locationLabel(), r);
        }
        Element result = r.result();
        if ("7".equals(r.code()) || result == null) {
            return null;
        }
        return PanOsXml.child(result, container);
    }

    PanOsConfig read(boolean running) {
        return new PanOsConfig(PanOsConfig.parseAddresses(readContainer("address", running)),
                PanOsConfig.parseGroups(readContainer("address-group", running)));
    }

    /** Applies the actions in order, transactionally when multi-config is on. */
    void write(List<Action> actions) {
        if (actions.isEmpty()) {
            return;
        }
        if (settings.multiConfig()) {
            StringBuilder b = new StringBuilder("<multi-config>");
            int i = 0;
            for (Action a : actions) {
                b.append('<').append(a.action()).append(" id=\"").append(++i).append("\" xpath=\"")
                        .append(PanOsXml.esc(a.xpath())).append('"');
                if (a.element() == null) {
                    b.append("/>");
                } else {
                    b.append('>').append(a.element()).append("</").append(a.action()).append('>');
                }
            }
            b.append("</multi-config>");
            Map<String, String> p = new LinkedHashMap<>();
            p.put("type", "config");
            p.put("action", "multi-config");
            p.put("element", b.toString());
            PanOsResponse r = api.request("multi-config", p);
            if (!r.success()) {
                throw failure("apply " + actions.size() + " configuration changes in " + settings.locationLabel()
                        + " (one multi-config transaction; nothing was changed)", r);
            }
            return;
        }
        for (Action a : actions) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("type", "config");
            p.put("action", a.action());
            p.put("xpath", a.xpath());
            if (a.element() != null) {
                p.put("element", a.element());
            }
            PanOsResponse r = api.request("config/" + a.action(), p);
            if (!r.success()) {
                throw failure(a.action() + " " + a.xpath(), r);
            }
        }
    }

    /** Commits (partial for the API admin when configured); null when PAN-OS had nothing to commit. */
    String commit() {
        String cmd = settings.partialCommit()
                ? "<commit><partial><admin><member>" + PanOsXml.esc(settings.username())
                + "</member></admin></partial><description>gatewarden</description></commit>"
                : "<commit><description>gatewarden</description></commit>";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", "commit");
        p.put("cmd", cmd);
        PanOsResponse r = api.request("commit", p);
        if (!r.success()) {
            throw failure("commit", r);
        }
        String job = PanOsXml.text(PanOsXml.path(r.root(), "result", "job"));
        if (job == null || job.isEmpty()) {
            LOG.debug("PAN-OS {}: nothing to commit ({})", firewall, r.messageText());
            return null;
        }
        waitForJob(job, "commit");
        return job;
    }

    /** Panorama: pushes the device group to its firewalls with commit-all and waits for the job. */
    String push(String deviceGroup) {
        String cmd = "<commit-all><shared-policy><device-group><entry name=\"" + PanOsXml.esc(deviceGroup)
                + "\"/></device-group><include-template>no</include-template><description>gatewarden</description>"
                + "</shared-policy></commit-all>";
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", "commit");
        p.put("action", "all");
        p.put("cmd", cmd);
        PanOsResponse r = api.request("commit-all", p);
        if (!r.success()) {
            throw failure("push device group " + deviceGroup + " (commit-all)", r);
        }
        String job = PanOsXml.text(PanOsXml.path(r.root(), "result", "job"));
        if (job == null || job.isEmpty()) {
            return null;
        }
        waitForJob(job, "push of device group " + deviceGroup);
        return job;
    }

    private void waitForJob(String job, String what) {
        if (!job.matches("\\d{1,12}")) {
            throw new ProviderException("PAN-OS " + firewall + " returned job id '" + job + "' for the " + what
                    + "; expected a number", "job", false);
        }
        long deadline = System.nanoTime() + settings.commitTimeout().toNanos();
        java.time.Duration pause = settings.pollInterval();
        while (true) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("type", "op");
            p.put("cmd", "<show><jobs><id>" + job + "</id></jobs></show>");
            PanOsResponse r = api.request("op/show-jobs", p);
            if (!r.success()) {
                throw failure("read the status of " + what + " job " + job, r);
            }
            Element j = PanOsXml.path(r.root(), "result", "job");
            String status = PanOsXml.text(PanOsXml.child(j, "status"));
            if ("FIN".equals(status)) {
                String result = PanOsXml.text(PanOsXml.child(j, "result"));
                if (!"OK".equals(result)) {
                    List<String> lines = new ArrayList<>();
                    for (Element l : PanOsXml.children(PanOsXml.child(j, "details"), "line")) {
                        lines.add(PanOsXml.text(l));
                    }
                    String details = lines.isEmpty() ? "(no details)" : String.join(" | ", lines);
                    boolean transientFailure = details.toLowerCase(java.util.Locale.ROOT).contains("lock");
                    throw new ProviderException("PAN-OS " + firewall + ": " + what + " job " + job + " failed ("
                            + result + "): " + details + (transientFailure ? "; retry next round"
                            : "; fix the cause on the firewall, the next round retries"), "commit-" + result,
                            transientFailure);
                }
                LOG.debug("PAN-OS {}: {} job {} finished OK", firewall, what, job);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new ProviderException("PAN-OS " + firewall + ": " + what + " job " + job + " is still " + status
                        + " after " + settings.commitTimeout().toSeconds() + " s; it may finish on its own, the next "
                        + "round observes the result", "commit-timeout", true);
            }
            try {
                sleeper.sleep(pause);
                pause = settings.nextPoll(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ProviderException("interrupted while waiting for PAN-OS " + firewall + " " + what + " job "
                        + job, "interrupted", true, e);
            }
        }
    }

    /** Registered IPs carrying {@code tag}: ip as the firewall prints it to its tags. Paged, 500 per call. */
    Map<String, List<String>> registeredIps(String tag) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        int start = 1;
        while (true) {
            Map<String, String> p = new LinkedHashMap<>();
            p.put("type", "op");
            p.put("vsys", settings.vsys());
            p.put("cmd", "<show><object><registered-ip><tag><entry name=\"" + PanOsXml.esc(tag)
                    + "\"/></tag><limit>" + REGISTERED_PAGE + "</limit><start-point>" + start
                    + "</start-point></registered-ip></object></show>");
            PanOsResponse r = api.request("op/registered-ip", p);
            if (!r.success()) {
                throw failure("list registered IPs tagged " + tag, r);
            }
            List<Element> entries = PanOsXml.children(r.result(), "entry");
            for (Element e : entries) {
                out.put(e.getAttribute("ip"), PanOsXml.members(PanOsXml.child(e, "tag")));
            }
            if (entries.size() < REGISTERED_PAGE) {
                return out;
            }
            start += entries.size();
        }
    }

    /** Sends one uid-message; per-entry "already exists" / "does not exist" notes are fine, others fail. */
    void userId(String payload) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("type", "user-id");
        p.put("vsys", settings.vsys());
        p.put("cmd", "<uid-message><version>2.0</version><type>update</type><payload>" + payload
                + "</payload></uid-message>");
        PanOsResponse r = api.request("user-id", p);
        if (r.success()) {
            return;
        }
        Element uid = null;
        for (Element msg : PanOsXml.children(r.root(), "msg")) {
            for (Element line : PanOsXml.children(msg, "line")) {
                if (PanOsXml.child(line, "uid-response") != null) {
                    uid = PanOsXml.child(line, "uid-response");
                }
            }
        }
        if (uid == null) {
            throw failure("update registered IPs (User-ID API)", r);
        }
        List<String> problems = new ArrayList<>();
        for (Element section : PanOsXml.children(PanOsXml.child(uid, "payload"))) {
            for (Element e : PanOsXml.children(section, "entry")) {
                String m = e.getAttribute("message");
                if (m.endsWith("already exists, ignore") || m.endsWith("does not exist, ignore unreg")) {
                    continue;
                }
                problems.add(section.getTagName() + " " + e.getAttribute("ip") + ": " + m);
            }
        }
        if (!problems.isEmpty()) {
            throw new ProviderException("PAN-OS " + firewall + " refused some IP registrations: "
                    + String.join(" | ", problems), "user-id", false);
        }
    }

    ProviderException failure(String what, PanOsResponse r) {
        String text = r.messageText().toLowerCase(java.util.Locale.ROOT);
        if (text.contains("in progress") || text.contains("try again later") || text.contains("server is busy")) {
            return new ProviderException("PAN-OS " + firewall + " could not " + what + ": " + r.messageText()
                    + "; retry next round", r.code(), true);
        }
        if (r.lockedByOther()) {
            return new ProviderException("PAN-OS " + firewall + " could not " + what + ": " + r.messageText()
                    + " (another administrator holds the lock; Gatewarden never removes it); retry next round",
                    r.code(), true);
        }
        return new ProviderException("PAN-OS " + firewall + " refused to " + what + " (code " + r.code() + "): "
                + r.messageText(), r.code(), false);
    }
}
