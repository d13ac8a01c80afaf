package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.sandbox.SandboxStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code apply --sandbox} killed with SIGKILL right after its first audit record: every address that a succeeded
 * record names is in the saved sandbox world (before: the world was saved only at the end, so a killed run lost
 * it while the audit log kept the records).
 */
class SandboxKilledKeepsWorldTest {
    private static final Pattern IPV4 = Pattern.compile("\\b(?:\\d{1,3}\\.){3}\\d{1,3}\\b");

    @TempDir
    Path dir;

    @Test
    void aKilledApplyLeavesAWorldThatHoldsEveryAuditedChange() throws Exception {
        Path world = dir.resolve("world");
        Path audit = dir.resolve("audit.jsonl");
        Path quickstart = Path.of("..", "examples", "quickstart.yaml").toAbsolutePath().normalize();
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "apply", "--sandbox", "-f",
                quickstart.toString(), "--auto-approve", "--audit-log", audit.toString())
                .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(dir.resolve("out").toFile());
        pb.environment().put(SandboxStore.ENV, world.toString());
        Process p = pb.start();
        long deadline = System.currentTimeMillis() + 120_000;
        while (p.isAlive() && System.currentTimeMillis() < deadline && !hasSucceededRecord(audit)) {
            Thread.sleep(2);
        }
        p.destroyForcibly().waitFor();
        assertTrue(hasSucceededRecord(audit), "the run made a change: " + Files.readString(dir.resolve("out")));

        StringBuilder saved = new StringBuilder();
        try (Stream<Path> files = Files.list(world)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                saved.append(Files.readString(f));
            }
        }
        List<String> missing = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(audit)) {
            JsonNode r = json.readTree(line);
            if (r.path("outcome").asText().equals("SUCCEEDED")) {
                Matcher m = IPV4.matcher(r.path("after").toString());
                while (m.find()) {
                    if (!saved.toString().contains("\"" + m.group() + "\"")) {
                        missing.add(r.path("action").asText() + " " + m.group());
                    }
                }
            }
        }
        assertFalse(saved.isEmpty(), "a world was saved");
        assertTrue(missing.isEmpty(), "audited but not in the saved world: " + missing);
    }

    private static boolean hasSucceededRecord(Path audit) throws Exception {
        return Files.exists(audit) && Files.readString(audit).contains("\"outcome\":\"SUCCEEDED\"");
    }
}
