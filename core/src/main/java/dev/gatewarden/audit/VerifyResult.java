package dev.gatewarden.audit;

/**
 * The result of {@link AuditVerifier#verify}.
 *
 * @param ok               every line is intact and the chain unbroken
 * @param linesChecked     lines that passed, before the first problem (all lines when ok)
 * @param firstProblemLine the 1-based line number of the first problem; 0 when ok
 * @param problem          what is wrong there; null when ok
 * @param lastSeq          the {@code seq} of the last line that passed (0 for none)
 * @param lastHash         the {@code hash} of the last line that passed ({@link AuditLog#GENESIS} for none):
 *                         compare with a copy kept elsewhere to detect lines cut off the end
 */
public record VerifyResult(boolean ok, long linesChecked, long firstProblemLine, String problem, long lastSeq,
                           String lastHash) {
}
