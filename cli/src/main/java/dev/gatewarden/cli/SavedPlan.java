package dev.gatewarden.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.plan.Plan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * A plan saved by {@code plan --save-plan}: the change record an auditor asks for, and what {@code apply --plan}
 * applies exactly. It carries the fingerprint of the observed state it was computed from.
 */
final class SavedPlan {
    static final String FORMAT = "gatewarden-plan/1";

    private SavedPlan() {
    }

    static void write(Path file, Path config, Plan plan) {
        ObjectNode root = Render.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("createdAt", Instant.now().toString());
        root.put("config", config.toString());
        root.put("owner", plan.owner());
        root.put("fingerprint", plan.observedFingerprint());
        root.set("plan", Render.JSON.valueToTree(plan));
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, Render.JSON.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the plan to " + file, e);
        }
    }

    static Plan read(Path file) {
        JsonNode root;
        try {
            root = Render.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new ConfigException(file + ": not a saved plan (" + e.getMessage() + ")");
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new ConfigException(file + ": not a saved plan (expected format " + FORMAT + ")");
        }
        try {
            return Render.JSON.treeToValue(root.get("plan"), Plan.class);
        } catch (IOException e) {
            throw new ConfigException(file + ": the saved plan cannot be read: " + e.getMessage());
        }
    }
}
