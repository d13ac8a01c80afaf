package dev.gatewarden.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every tampering case, written by someone who can write the file but holds no key and so recomputes the plain
 * hash chain: without a key each rewrite passes (the documented limit), with the key each one fails.
 */
class SealedAuditLogTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);
    static final String HMAC_SECRET = "0123456789abcdef0123456789abcdef-test-only";

    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("audit.jsonl");
    }

    /** Writing key and verifying key: HMAC shares one secret; Ed25519 verifies with the public key alone. */
    static Stream<Arguments> keys() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String priv = pem("PRIVATE KEY", pair.getPrivate().getEncoded());
        String pub = pem("PUBLIC KEY", pair.getPublic().getEncoded());
        return Stream.of(
                Arguments.of("hmac", AuditKey.parse(HMAC_SECRET, "test"), AuditKey.parse(HMAC_SECRET, "test")),
                Arguments.of("ed25519", AuditKey.parse(priv, "test"), AuditKey.parse(pub, "test")));
    }

    static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder().encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    void write(AuditKey key, int from, int to) {
        try (AuditLog log = AuditLog.open(file(), "ops@host-1", CLOCK, false, key)) {
            for (int i = from; i < to; i++) {
                log.append(AuditLogTest.entry(i));
            }
        }
    }

    List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(file(), StandardCharsets.UTF_8));
    }

    /** What a forger without the key does after any edit: renumber, relink and rehash every line. */
    void rewriteWithRecomputedChain(List<String> lines) throws IOException {
        List<String> out = new ArrayList<>();
        String prev = AuditLog.GENESIS;
        long seq = 0;
        for (String l : lines) {
            ObjectNode n = (ObjectNode) JSON.readTree(l);
            n.put("seq", ++seq);
            n.put("prev", prev);
            n.remove("hash");
            String mac = n.has("mac") ? n.remove("mac").asText() : null;
            String hash = CanonicalJson.sha256Hex(CanonicalJson.of(n));
            n.put("hash", hash);
            if (mac != null) {
                n.put("mac", mac);
            }
            prev = hash;
            out.add(JSON.writeValueAsString(n));
        }
        Files.write(file(), out, StandardCharsets.UTF_8);
    }

    static Stream<Arguments> tamperings() throws Exception {
        List<Arguments> all = new ArrayList<>();
        List<Object[]> cases = List.of(
                new Object[] {"edit", (UnaryOperator<List<String>>) l -> {
                    l.set(1, l.get(1).replace("203.0.113.2", "198.51.100.66"));
                    return l;
                }},
                new Object[] {"delete", (UnaryOperator<List<String>>) l -> {
                    l.remove(1);
                    return l;
                }},
                new Object[] {"truncate-end", (UnaryOperator<List<String>>) l -> {
                    l.remove(l.size() - 1);
                    return l;
                }},
                new Object[] {"reorder", (UnaryOperator<List<String>>) l -> {
                    Collections.swap(l, 1, 2);
                    return l;
                }},
                new Object[] {"forged-append", (UnaryOperator<List<String>>) l -> {
                    String last = l.get(l.size() - 1);
                    l.add(last.replace("payments#3", "payments#9").replace("203.0.113.4", "192.0.2.99"));
                    return l;
                }},
                new Object[] {"forged-append-without-seal", (UnaryOperator<List<String>>) l -> {
                    l.add(l.get(l.size() - 1).replaceAll(",\"mac\":\"[^\"]*\"", "").replace("payments#3", "x#1"));
                    return l;
                }},
                new Object[] {"seals-stripped", (UnaryOperator<List<String>>) l -> {
                    l.replaceAll(s -> s.replaceAll(",\"mac\":\"[^\"]*\"", ""));
                    return l;
                }});
        for (Arguments k : keys().toList()) {
            for (Object[] c : cases) {
                all.add(Arguments.of(k.get()[0], c[0], k.get()[1], k.get()[2], c[1]));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("tamperings")
    void aRewriteWithARecomputedChainFailsWithTheKeyAndPassesWithout(String alg, String tampering, AuditKey writer,
            AuditKey verifier, UnaryOperator<List<String>> edit) throws IOException {
        write(writer, 0, 4);
        VerifyResult before = AuditVerifier.verify(file(), verifier, null);
        assertTrue(before.ok(), before.problem());
        assertTrue(before.sealChecked());

        rewriteWithRecomputedChain(edit.apply(lines()));

        VerifyResult unkeyed = AuditVerifier.verify(file());
        assertTrue(unkeyed.ok(), "without a key a recomputed chain passes: " + unkeyed.problem());
        assertFalse(unkeyed.sealChecked());
        assertTrue(unkeyed.notes().stream().anyMatch(n -> n.contains("only detects accidental damage")),
                unkeyed.notes().toString());

        VerifyResult keyed = AuditVerifier.verify(file(), verifier, null);
        assertFalse(keyed.ok(), tampering + " must be detected with the key");
        assertNotNull(keyed.problem());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void truncationAtTheEndIsNamed(String alg, AuditKey writer, AuditKey verifier) throws IOException {
        write(writer, 0, 3);
        List<String> l = lines();
        Files.write(file(), l.subList(0, 2), StandardCharsets.UTF_8);
        VerifyResult v = AuditVerifier.verify(file(), verifier, null);
        assertFalse(v.ok());
        assertTrue(v.problem().contains("missing at the end"), v.problem());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("keys")
    void aDeletedHeadFileIsReported(String alg, AuditKey writer, AuditKey verifier) throws IOException {
        write(writer, 0, 2);
        Files.delete(AuditLog.headPath(file()));
        VerifyResult v = AuditVerifier.verify(file(), verifier, null);
        assertFalse(v.ok());
        assertTrue(v.problem().contains("sealed head"), v.problem());
    }

    @Test
    void anotherKeyIsToldApartFromTampering() {
        write(AuditKey.parse(HMAC_SECRET, "a"), 0, 2);
        VerifyResult v = AuditVerifier.verify(file(), AuditKey.parse("another-secret-of-at-least-32-bytes!!", "b"), null);
        assertFalse(v.ok());
        assertTrue(v.problem().contains("another key"), v.problem());
    }

    @Test
    void anOldUnsealedLogVerifiesAndContinuesSealed() throws IOException {
        write(null, 0, 2);
        AuditKey key = AuditKey.parse(HMAC_SECRET, "test");
        write(key, 2, 4);
        VerifyResult v = AuditVerifier.verify(file(), key, null);
        assertTrue(v.ok(), v.problem());
        assertEquals(4, v.lastSeq());
        assertTrue(v.notes().stream().anyMatch(n -> n.contains("first 2 line(s) predate the key")), v.notes().toString());

        // an edit in the unsealed prefix, chain recomputed: the first sealed line's seal no longer matches
        List<String> l = lines();
        l.set(0, l.get(0).replace("203.0.113.1", "198.51.100.1"));
        rewriteWithRecomputedChain(l);
        assertFalse(AuditVerifier.verify(file(), key, null).ok());
    }

    @Test
    void aSealedLogIsNotContinuedWithoutTheKeyOrWithAnother() {
        write(AuditKey.parse(HMAC_SECRET, "test"), 0, 1);
        GatewardenException none = assertThrows(GatewardenException.class, () -> write(null, 1, 2));
        assertTrue(none.getMessage().contains("is sealed with hmac-sha256 key"), none.getMessage());
        assertThrows(GatewardenException.class,
                () -> write(AuditKey.parse("another-secret-of-at-least-32-bytes!!", "b"), 1, 2));
        assertEquals(1, AuditVerifier.verify(file()).lastSeq(), "nothing was appended");
    }

    @Test
    void anAnchorKeptElsewhereCatchesARewriteOfAnUnsealedLog() throws IOException {
        write(null, 0, 3);
        VerifyResult head = AuditVerifier.verify(file());
        AuditVerifier.Anchor anchor = AuditVerifier.Anchor.parse(head.head());
        write(null, 3, 5);
        assertTrue(AuditVerifier.verify(file(), null, anchor).ok(), "the log may grow past the anchor");

        List<String> l = lines();
        l.set(2, l.get(2).replace("203.0.113.3", "198.51.100.3"));
        rewriteWithRecomputedChain(l);
        VerifyResult v = AuditVerifier.verify(file(), null, anchor);
        assertFalse(v.ok());
        assertTrue(v.problem().contains("rewritten"), v.problem());

        Files.write(file(), l.subList(0, 2), StandardCharsets.UTF_8);
        rewriteWithRecomputedChain(lines());
        assertTrue(AuditVerifier.verify(file(), null, anchor).problem().contains("missing at the end"));
    }

    @Test
    void keysAreCheckedAndNeverPrinted() {
        GatewardenException shortKey = assertThrows(GatewardenException.class,
                () -> AuditKey.parse("short-secret", "${env:GATEWARDEN_AUDIT_KEY}"));
        assertTrue(shortKey.getMessage().contains("${env:GATEWARDEN_AUDIT_KEY}"));
        assertFalse(shortKey.getMessage().contains("short-secret"));
        AuditKey k = AuditKey.parse(HMAC_SECRET, "x");
        assertFalse(k.toString().contains(HMAC_SECRET));
        assertThrows(IllegalArgumentException.class, () -> AuditVerifier.Anchor.parse("12"));
    }
}
