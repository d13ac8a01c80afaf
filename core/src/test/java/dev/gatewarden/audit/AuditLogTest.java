package dev.gatewarden.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("logs").resolve("audit.jsonl");
    }

    static AuditEntry entry(int i) {
        Map<String, Object> before = new LinkedHashMap<>();
        before.put("node", null);
        return new AuditEntry("prod", "aws-prod", "allocate", "allocate-public", "payments#" + i,
                Map.of("summary", "allocate a public IP for payments#" + i, "cloud", "aws-prod"), before,
                Map.of("ip", "203.0.113." + (i + 1), "ref", "eipalloc-" + i), "SUCCEEDED", null);
    }

    void write(int from, int to) {
        try (AuditLog log = AuditLog.open(file(), "ops@host-1", CLOCK)) {
            for (int i = from; i < to; i++) {
                log.append(entry(i));
            }
        }
    }

    List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(file(), StandardCharsets.UTF_8));
    }

    void rewrite(List<String> lines) throws IOException {
        Files.write(file(), lines, StandardCharsets.UTF_8);
    }

    @Test
    void linesCarryTheFieldsAndChainFromGenesis() throws IOException {
        write(0, 3);

        List<String> lines = lines();
        assertEquals(3, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(1, first.get("seq").asLong());
        assertEquals("2026-11-27T12:00:00Z", first.get("time").asText());
        assertEquals("prod", first.get("owner").asText());
        assertEquals("ops@host-1", first.get("actor").asText());
        assertEquals("aws-prod", first.get("target").asText());
        assertEquals("allocate", first.get("phase").asText());
        assertEquals("allocate-public", first.get("action").asText());
        assertEquals("payments#0", first.get("slot").asText());
        assertEquals("SUCCEEDED", first.get("outcome").asText());
        assertTrue(first.get("message").isNull());
        assertEquals("203.0.113.1", first.get("after").get("ip").asText());
        assertTrue(first.get("before").has("node"), "null values are kept");
        assertEquals(AuditLog.GENESIS, first.get("prev").asText());
        assertEquals(64, first.get("hash").asText().length());
        JsonNode second = JSON.readTree(lines.get(1));
        assertEquals(first.get("hash").asText(), second.get("prev").asText());
        assertEquals(2, second.get("seq").asLong());

        VerifyResult v = AuditVerifier.verify(file());
        assertTrue(v.ok(), v.problem());
        assertEquals(3, v.linesChecked());
        assertEquals(3, v.lastSeq());
        assertEquals(JSON.readTree(lines.get(2)).get("hash").asText(), v.lastHash());
        assertNull(v.problem());
    }

    @Test
    void theHashIsIndependentOfKeyOrder() throws IOException {
        write(0, 2);
        List<String> lines = lines();
        ObjectNode first = (ObjectNode) JSON.readTree(lines.get(0));
        List<String> names = new ArrayList<>();
        first.fieldNames().forEachRemaining(names::add);
        Collections.reverse(names);
        ObjectNode reordered = JSON.createObjectNode();
        names.forEach(n -> reordered.set(n, first.get(n)));
        lines.set(0, JSON.writeValueAsString(reordered));
        rewrite(lines);

        assertTrue(AuditVerifier.verify(file()).ok(), "same content, other key order: still valid");
    }

    @Test
    void anEditedLineIsDetected() throws IOException {
        write(0, 4);
        List<String> lines = lines();
        lines.set(1, lines.get(1).replace("203.0.113.2", "203.0.113.99"));
        rewrite(lines);

        VerifyResult v = AuditVerifier.verify(file());
        assertFalse(v.ok());
        assertEquals(2, v.firstProblemLine());
        assertEquals(1, v.linesChecked());
        assertTrue(v.problem().contains("changed"), v.problem());
    }

    @Test
    void anEditedLineWithARecomputedHashBreaksTheNextLink() throws IOException {
        write(0, 3);
        List<String> lines = lines();
        ObjectNode second = (ObjectNode) JSON.readTree(lines.get(1));
        second.put("outcome", "FAILED");
        second.remove("hash");
        second.put("hash", CanonicalJson.sha256Hex(CanonicalJson.of(second)));
        lines.set(1, JSON.writeValueAsString(second));
        rewrite(lines);

        VerifyResult v = AuditVerifier.verify(file());
        assertFalse(v.ok());
        assertEquals(3, v.firstProblemLine(), v.problem());
    }

    @Test
    void aDeletedLineIsDetected() throws IOException {
        write(0, 4);
        List<String> lines = lines();
        lines.remove(2);
        rewrite(lines);

        VerifyResult v = AuditVerifier.verify(file());
        assertFalse(v.ok());
        assertEquals(3, v.firstProblemLine());
        assertTrue(v.problem().contains("seq 4 where 3 was expected"), v.problem());
    }

    @Test
    void aDeletedFirstLineIsDetected() throws IOException {
        write(0, 3);
        List<String> lines = lines();
        lines.remove(0);
        rewrite(lines);

        VerifyResult v = AuditVerifier.verify(file());
        assertFalse(v.ok());
        assertEquals(1, v.firstProblemLine());
    }

    @Test
    void aDeletedLastLineShowsOnlyAgainstAKeptAnchor() throws IOException {
        write(0, 3);
        VerifyResult full = AuditVerifier.verify(file());
        List<String> lines = lines();
        lines.remove(2);
        rewrite(lines);

        assertTrue(AuditVerifier.verify(file()).ok(), "the documented limitation: a chain alone cannot see it");
        VerifyResult anchored = AuditVerifier.verify(file(), full.lastSeq(), full.lastHash());
        assertFalse(anchored.ok());
        assertTrue(anchored.problem().contains("missing at the end"), anchored.problem());
    }

    @Test
    void reorderedLinesAreDetected() throws IOException {
        write(0, 4);
        List<String> lines = lines();
        Collections.swap(lines, 1, 2);
        rewrite(lines);

        VerifyResult v = AuditVerifier.verify(file());
        assertFalse(v.ok());
        assertEquals(2, v.firstProblemLine());
    }

    @Test
    void malformedJsonIsDetected() throws IOException {
        write(0, 3);
        List<String> lines = lines();
        lines.set(1, lines.get(1).substring(0, 40));
        rewrite(lines);

        VerifyResult v = AuditVerifier.verify(file());
        assertFalse(v.ok());
        assertEquals(2, v.firstProblemLine());
        assertTrue(v.problem().contains("not valid JSON"), v.problem());
    }

    @Test
    void appendingWithANewInstanceContinuesTheChain() throws IOException {
        write(0, 2);
        write(2, 5);

        List<String> lines = lines();
        assertEquals(5, lines.size());
        assertEquals(3, JSON.readTree(lines.get(2)).get("seq").asLong());
        assertEquals(JSON.readTree(lines.get(1)).get("hash").asText(), JSON.readTree(lines.get(2)).get("prev").asText());
        VerifyResult v = AuditVerifier.verify(file());
        assertTrue(v.ok(), v.problem());
        assertEquals(5, v.linesChecked());
    }

    @Test
    void twoOpenInstancesInterleaveIntoOneChain() {
        try (AuditLog a = AuditLog.open(file(), "a@h", CLOCK); AuditLog b = AuditLog.open(file(), "b@h", CLOCK)) {
            a.append(entry(0));
            b.append(entry(1));
            a.append(entry(2));
            assertEquals(3, a.lastSeq(), "a re-read the tail b wrote");
        }
        VerifyResult v = AuditVerifier.verify(file());
        assertTrue(v.ok(), v.problem());
        assertEquals(3, v.linesChecked());
    }

    @Test
    void concurrentWritersInOneProcessKeepOneChain() throws Exception {
        try (AuditLog a = AuditLog.open(file(), "a@h", CLOCK); AuditLog b = AuditLog.open(file(), "b@h", CLOCK)) {
            Thread ta = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    a.append(entry(i));
                }
            });
            Thread tb = new Thread(() -> {
                for (int i = 0; i < 50; i++) {
                    b.append(entry(i));
                }
            });
            ta.start();
            tb.start();
            ta.join();
            tb.join();
        }
        VerifyResult v = AuditVerifier.verify(file());
        assertTrue(v.ok(), v.problem());
        assertEquals(100, v.linesChecked());
    }

    @Test
    void refusesToAppendAfterATornLastLine() throws IOException {
        write(0, 2);
        Files.writeString(file(), "{\"seq\":3,\"ti", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);

        GatewardenException e = assertThrows(GatewardenException.class, () -> AuditLog.open(file(), "x", CLOCK));
        assertTrue(e.getMessage().contains("verify"), e.getMessage());
        assertFalse(AuditVerifier.verify(file()).ok());
    }

    @Test
    void aNewLogIsNotWorldReadable() throws IOException {
        write(0, 1);
        if (file().getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertEquals("rw-r-----", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file())));
        }
    }

    @Test
    void anEmptyFileVerifies() throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), "");
        VerifyResult v = AuditVerifier.verify(file());
        assertTrue(v.ok());
        assertEquals(0, v.linesChecked());
        assertEquals(AuditLog.GENESIS, v.lastHash());
    }
}
