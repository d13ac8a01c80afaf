package dev.gatewarden.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks an {@link AuditLog} file line by line: each line must be a JSON object whose {@code hash} matches its
 * content (an edited line fails here), whose {@code seq} is one more than the previous line's (starting at 1:
 * a deleted first line, a deleted or reordered line fails here) and whose {@code prev} is the previous line's
 * {@code hash} (starting at 64 zeros).
 *
 * <p>Limitation: a chain alone cannot show that lines were cut off the <em>end</em> of the file, nor that the
 * whole file was rewritten with a freshly computed chain. Keep {@link VerifyResult#lastSeq()} and
 * {@link VerifyResult#lastHash()} (or {@link AuditLog#lastHash()}) somewhere else, e.g. in the central log
 * collector, and compare them, or pass the expected values to {@link #verify(Path, long, String)}.
 */
public final class AuditVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private AuditVerifier() {
    }

    public static VerifyResult verify(Path path) {
        return verify(path, -1, null);
    }

    /**
     * As {@link #verify(Path)}, and additionally requires the file to end at the line with {@code seq}
     * {@code expectedLastSeq} (ignored when negative) and hash {@code expectedLastHash} (ignored when null): this
     * detects lines removed from the end.
     */
    public static VerifyResult verify(Path path, long expectedLastSeq, String expectedLastHash) {
        long lineNo = 0;
        long lastSeq = 0;
        String lastHash = AuditLog.GENESIS;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String text;
            while ((text = in.readLine()) != null) {
                lineNo++;
                String problem = null;
                JsonNode node = null;
                try {
                    node = JSON.readTree(text);
                } catch (IOException e) {
                    problem = "line " + lineNo + " is not valid JSON: " + firstLine(e.getMessage());
                }
                if (problem == null && (node == null || !node.isObject())) {
                    problem = "line " + lineNo + " is not a JSON object";
                }
                if (problem == null) {
                    problem = check((ObjectNode) node, lineNo, lastSeq, lastHash);
                }
                if (problem != null) {
                    return new VerifyResult(false, lineNo - 1, lineNo, problem, lastSeq, lastHash);
                }
                lastSeq = node.get("seq").asLong();
                lastHash = node.get("hash").asText();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit log " + path, e);
        }
        if (expectedLastSeq >= 0 && lastSeq != expectedLastSeq) {
            return new VerifyResult(false, lineNo, lineNo + 1, "the log ends at seq " + lastSeq + " but seq "
                    + expectedLastSeq + " was expected: lines are missing at the end", lastSeq, lastHash);
        }
        if (expectedLastHash != null && !expectedLastHash.equals(lastHash)) {
            return new VerifyResult(false, lineNo, lineNo + 1, "the last hash is " + lastHash + " but "
                    + expectedLastHash + " was expected: the end of the log was changed", lastSeq, lastHash);
        }
        return new VerifyResult(true, lineNo, 0, null, lastSeq, lastHash);
    }

    private static String check(ObjectNode node, long lineNo, long lastSeq, String lastHash) {
        JsonNode seq = node.get("seq");
        JsonNode prev = node.get("prev");
        JsonNode hash = node.get("hash");
        if (seq == null || !seq.canConvertToLong() || !seq.isIntegralNumber()) {
            return "line " + lineNo + " has no numeric seq";
        }
        if (prev == null || !prev.isTextual() || hash == null || !hash.isTextual()) {
            return "line " + lineNo + " has no prev/hash: not an audit line";
        }
        ObjectNode content = node.deepCopy();
        content.remove("hash");
        String computed = CanonicalJson.sha256Hex(CanonicalJson.of(content));
        if (!computed.equals(hash.asText())) {
            return "line " + lineNo + " (seq " + seq.asLong() + ") was changed: its hash does not match its content";
        }
        if (seq.asLong() != lastSeq + 1) {
            return "line " + lineNo + " has seq " + seq.asLong() + " where " + (lastSeq + 1) + " was expected: "
                    + (seq.asLong() > lastSeq + 1 ? "lines were deleted before it" : "lines were reordered or duplicated");
        }
        if (!prev.asText().equals(lastHash)) {
            return "line " + lineNo + " (seq " + seq.asLong() + ") does not chain to the line before it: "
                    + "a line was replaced, inserted or reordered";
        }
        return null;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
