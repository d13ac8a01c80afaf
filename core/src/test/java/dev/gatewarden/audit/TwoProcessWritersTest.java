package dev.gatewarden.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real JVM processes append to one sealed log at once (as two {@code apply} runs would): the file lock keeps
 * every line whole and the chain linear, so the result verifies with the key, with every entry once.
 */
class TwoProcessWritersTest {
    static final int PER_PROCESS = 150;

    /** The writer process: {@code main(file, name, count)} appends {@code count} entries sealed with the test key. */
    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        int count = Integer.parseInt(args[2]);
        try (AuditLog log = AuditLog.open(file, args[1], Clock.systemUTC(), false,
                AuditKey.parse(SealedAuditLogTest.HMAC_SECRET, "test"))) {
            for (int i = 0; i < count; i++) {
                AuditEntry e = AuditLogTest.entry(i);
                log.append(new AuditEntry(e.owner(), e.target(), e.phase(), e.action(), args[1] + "#" + i, e.change(),
                        e.before(), e.after(), e.outcome(), "x".repeat(2000)));
            }
        }
    }

    @Test
    void twoProcessesNeverInterleaveHalfLinesOrForkTheChain(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        List<Process> processes = new ArrayList<>();
        for (String name : List.of("writer-a", "writer-b")) {
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TwoProcessWritersTest.class.getName(),
                    file.toString(), name, String.valueOf(PER_PROCESS))
                    .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start());
        }
        for (Process p : processes) {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "writer finished");
            assertEquals(0, p.exitValue(), Files.readString(dir.resolve("writer-a.out"))
                    + Files.readString(dir.resolve("writer-b.out")));
        }

        VerifyResult v = AuditVerifier.verify(file, AuditKey.parse(SealedAuditLogTest.HMAC_SECRET, "test"), null);
        assertTrue(v.ok(), v.problem());
        assertEquals(2L * PER_PROCESS, v.lastSeq());
        Set<String> slots = new TreeSet<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int switches = 0;
        String lastWriter = null;
        for (String line : lines) {
            String slot = SealedAuditLogTest.JSON.readTree(line).get("slot").asText();
            slots.add(slot);
            String writer = slot.substring(0, slot.indexOf('#'));
            if (lastWriter != null && !writer.equals(lastWriter)) {
                switches++;
            }
            lastWriter = writer;
        }
        assertEquals(2 * PER_PROCESS, slots.size(), "every entry once");
        System.out.println("two-process writers: " + lines.size() + " lines, writer switched " + switches + " times");
    }
}
