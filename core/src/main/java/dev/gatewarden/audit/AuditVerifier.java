package dev.gatewarden.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks an {@link AuditLog} file line by line: each line must be a JSON object whose {@code hash} matches its
 * content (an edited line fails here), whose {@code seq} is one more than the previous line's (starting at 1:
 * a deleted first line, a deleted or reordered line fails here) and whose {@code prev} is the previous line's
 * {@code hash} (starting at 64 zeros).
 *
 * <p>Without a key the chain only detects accidental damage: anyone who can write the file can rewrite it and
 * recompute every hash. With the {@link AuditKey} the log was written with, every line's seal ({@code mac}) must
 * verify, so a rewritten, reordered or forged line fails even with recomputed hashes; lines before the first
 * sealed one (written before a key was configured) are reported as unsealed, and a line without a seal after a
 * sealed one fails. The sealed head file ({@code FILE.head}) must match a line of the log: lines cut off the end
 * fail. An anchor kept elsewhere ({@link Anchor}, from {@code audit head}) must match the line of its seq.
 *
 * <p>Intents ({@code outcome: INTENT}, written before a provider or adapter call) with no record of the same
 * target, action and slot after them are listed as "outcome unknown".
 */
public final class AuditVerifier {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The outcome of a record written before a call, whose outcome follows in a later record. */
    public static final String INTENT = "INTENT";

    private AuditVerifier() {
    }

    /** An anchor kept elsewhere: the line {@code seq} must have hash {@code hash}. */
    public record Anchor(long seq, String hash) {
        /** Parses {@code SEQ:HASH} as {@code audit head} prints it. */
        public static Anchor parse(String text) {
            int colon = text == null ? -1 : text.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + text + "' is not SEQ:HASH (as 'gatewarden audit head' prints)");
            }
            try {
                long seq = Long.parseLong(text.substring(0, colon).trim());
                String hash = text.substring(colon + 1).trim().toLowerCase(java.util.Locale.ROOT);
                if (seq < 0 || !hash.matches("[0-9a-f]{64}")) {
                    throw new NumberFormatException();
                }
                return new Anchor(seq, hash);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "' is not SEQ:HASH: SEQ a number, HASH 64 hex digits");
            }
        }
    }

    public static VerifyResult verify(Path path) {
        return verify(path, null, null);
    }

    /**
     * As {@link #verify(Path)}, and additionally requires the line with {@code seq} {@code expectedLastSeq}
     * (ignored when negative) to exist and to have hash {@code expectedLastHash} (ignored when null): this
     * detects lines removed from the end.
     */
    public static VerifyResult verify(Path path, long expectedLastSeq, String expectedLastHash) {
        return verify(path, null, expectedLastSeq < 0 ? null : new Anchor(expectedLastSeq, expectedLastHash));
    }

    /**
     * Checks the file's chain, its seals with {@code key} (null: no seal is checked) and {@code expect} (null:
     * none).
     */
    public static VerifyResult verify(Path path, AuditKey key, Anchor expect) {
        long lineNo = 0;
        long lastSeq = 0;
        String lastHash = AuditLog.GENESIS;
        long unsealed = 0;
        long sealed = 0;
        Map<Long, String> watched = new LinkedHashMap<>();
        Anchor head = key == null ? null : readHead(path, key);
        if (expect != null) {
            watched.put(expect.seq(), null);
        }
        if (head != null) {
            watched.put(head.seq(), null);
        }
        OpenIntents intents = new OpenIntents();
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
                if (problem == null && key != null) {
                    JsonNode mac = node.get("mac");
                    if (mac == null || !mac.isTextual()) {
                        if (sealed > 0) {
                            problem = "line " + lineNo + " (seq " + node.get("seq").asLong() + ") has no seal after "
                                    + "sealed lines: it was appended or rewritten without the key";
                        } else {
                            unsealed++;
                        }
                    } else {
                        String why = key.check(node.get("hash").asText(), mac.asText());
                        if (why != null) {
                            problem = "line " + lineNo + " (seq " + node.get("seq").asLong() + "): " + why;
                        }
                        sealed++;
                    }
                }
                if (problem != null) {
                    return new VerifyResult(false, lineNo - 1, lineNo, problem, lastSeq, lastHash, key != null,
                            List.of(), unknown(intents));
                }
                lastSeq = node.get("seq").asLong();
                lastHash = node.get("hash").asText();
                if (watched.containsKey(lastSeq)) {
                    watched.put(lastSeq, lastHash);
                }
                intents.accept(node);
            }
        } catch (NoSuchFileException e) {
            return new VerifyResult(false, 0, 0, path + " does not exist", 0, AuditLog.GENESIS, key != null,
                    List.of(), List.of());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit log " + path, e);
        }
        List<String> notes = new ArrayList<>();
        String problem = null;
        if (key != null) {
            if (sealed == 0 && lineNo > 0) {
                problem = "no line carries a seal: the log was not written with this key, or it was rewritten "
                        + "without it";
            } else if (head == null && lineNo > 0) {
                problem = "the sealed head " + AuditLog.headPath(path).getFileName() + " is missing or its seal "
                        + "does not verify with this key: lines cut off the end could not be ruled out";
            } else if (head != null) {
                problem = anchorProblem(head, watched, lastSeq, "the sealed head");
            }
            if (unsealed > 0) {
                notes.add("the first " + unsealed + " line(s) predate the key: they are protected by the sealed "
                        + "lines that chain to them");
            }
        } else {
            notes.add("no key given: the hash chain only detects accidental damage; anyone who can write the file "
                    + "can rewrite it and recompute every hash (verify with --key, or against an anchor kept "
                    + "elsewhere with --expect)");
        }
        if (problem == null && expect != null) {
            problem = anchorProblem(expect, watched, lastSeq, "the expected anchor");
        }
        List<String> unknown = unknown(intents);
        if (problem != null) {
            return new VerifyResult(false, lineNo, lineNo + 1, problem, lastSeq, lastHash, key != null, notes, unknown);
        }
        return new VerifyResult(true, lineNo, 0, null, lastSeq, lastHash, key != null, notes, unknown);
    }

    private static String anchorProblem(Anchor anchor, Map<Long, String> watched, long lastSeq, String what) {
        if (anchor.seq() == 0) {
            return anchor.hash() == null || AuditLog.GENESIS.equals(anchor.hash()) ? null
                    : what + " 0:" + anchor.hash() + " is not the start of a chain";
        }
        String seen = watched.get(anchor.seq());
        if (seen == null) {
            return "the log ends at seq " + lastSeq + " but " + what + " names seq " + anchor.seq()
                    + ": lines are missing at the end";
        }
        if (anchor.hash() != null && !anchor.hash().equals(seen)) {
            return "seq " + anchor.seq() + " has hash " + seen + " but " + what + " says " + anchor.hash()
                    + ": the log was rewritten";
        }
        return null;
    }

    /** The sealed head next to {@code log}, when present and sealed with this key; null otherwise. */
    private static Anchor readHead(Path log, AuditKey key) {
        try {
            JsonNode head = JSON.readTree(Files.readString(AuditLog.headPath(log), StandardCharsets.UTF_8));
            if (head == null || !head.path("seq").canConvertToLong() || !head.path("hash").isTextual()
                    || !head.path("mac").isTextual()) {
                return null;
            }
            long seq = head.get("seq").asLong();
            String hash = head.get("hash").asText();
            return key.check(AuditLog.headMessage(seq, hash), head.get("mac").asText()) == null
                    ? new Anchor(seq, hash) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static List<String> unknown(OpenIntents intents) {
        return intents.list().stream().map(OpenIntents.Intent::describe).toList();
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
        content.remove("mac");
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
