package dev.gatewarden.audit;

import java.util.List;

/**
 * The result of {@link AuditVerifier#verify}.
 *
 * @param ok               every line is intact, the chain unbroken, and every check asked for passed
 * @param linesChecked     lines that passed, before the first problem (all lines when ok)
 * @param firstProblemLine the 1-based line number of the first problem; 0 when ok
 * @param problem          what is wrong there; null when ok
 * @param lastSeq          the {@code seq} of the last line that passed (0 for none)
 * @param lastHash         the {@code hash} of the last line that passed ({@link AuditLog#GENESIS} for none):
 *                         compare with a copy kept elsewhere to detect lines cut off the end
 * @param sealChecked      the lines' seals were checked with a key (false: the chain only detects accidental
 *                         damage, as anyone who can write the file can recompute it)
 * @param notes            what the operator should know though nothing failed (e.g. unsealed older lines)
 * @param outcomeUnknown   intents with no outcome after them (a crash between a call and its audit record):
 *                         {@code seq N: summary}; the change may or may not have taken effect
 */
public record VerifyResult(boolean ok, long linesChecked, long firstProblemLine, String problem, long lastSeq,
                           String lastHash, boolean sealChecked, List<String> notes, List<String> outcomeUnknown) {
    public VerifyResult {
        notes = List.copyOf(notes);
        outcomeUnknown = List.copyOf(outcomeUnknown);
    }

    public VerifyResult(boolean ok, long linesChecked, long firstProblemLine, String problem, long lastSeq,
                        String lastHash) {
        this(ok, linesChecked, firstProblemLine, problem, lastSeq, lastHash, false, List.of(), List.of());
    }

    /** {@code SEQ:HASH} of the last line that passed: the anchor to keep elsewhere. */
    public String head() {
        return lastSeq + ":" + lastHash;
    }
}
