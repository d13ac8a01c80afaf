package dev.gatewarden.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.GatewardenException;
import dev.gatewarden.plan.PublicationHistory;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads from an audit log where an owner's addresses were published and not withdrawn since, per firewall. A publish
 * record counts whatever its outcome (a failed or interrupted batch may have partly taken effect); only a
 * successful withdrawal, or a {@value #FORGET} record (the user's {@code --forget-firewall}), takes an address off a
 * firewall's list. Lines that are not JSON are skipped ({@code audit verify} reports damage; this only reads).
 */
public final class PublicationRecord {
    /** The action of the audit record written when the user confirms a firewall is gone. */
    public static final String FORGET = "forget-firewall";
    private static final ObjectMapper JSON = new ObjectMapper();

    private PublicationRecord() {
    }

    /** The history in {@code log} for {@code owner}; empty when the file does not exist. */
    public static PublicationHistory read(Path log, String owner) {
        Map<String, Set<String>> listed = new HashMap<>();
        try (BufferedReader in = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                apply(listed, line, owner);
            }
        } catch (NoSuchFileException e) {
            return PublicationHistory.NONE;
        } catch (IOException e) {
            throw new GatewardenException("cannot read the audit log " + log + " to learn where addresses were "
                    + "published: " + e.getMessage() + "; releases cannot be checked against removed firewalls", e);
        }
        return new PublicationHistory(listed);
    }

    private static void apply(Map<String, Set<String>> listed, String line, String owner) {
        JsonNode n;
        try {
            n = JSON.readTree(line);
        } catch (IOException e) {
            return;
        }
        if (n == null || !owner.equals(n.path("owner").asText(null))) {
            return;
        }
        String firewall = n.path("target").asText(null);
        String action = n.path("action").asText("");
        String outcome = n.path("outcome").asText("");
        if (firewall == null) {
            return;
        }
        if (action.equals(FORGET)) {
            listed.remove(firewall);
            return;
        }
        String ip = n.path("change").path("ip").asText(null);
        if (ip == null || ip.isEmpty()) {
            return;
        }
        if (action.equals("publish") && !outcome.equals("SKIPPED") && !outcome.equals("DRY_RUN")) {
            listed.computeIfAbsent(firewall, k -> new TreeSet<>()).add(ip);
        } else if (action.equals("withdraw") && outcome.equals("SUCCEEDED")
                && n.path("change").path("deleteObject").asBoolean(false)) {
            Set<String> ips = listed.get(firewall);
            if (ips != null) {
                ips.remove(ip);
            }
        }
    }
}
