package dev.gatewarden.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code apply --audit-key}, {@code audit verify [--key] [--expect]} and {@code audit head} end to end. */
class AuditCliTest extends SandboxDirTest {
    static final Path QUICKSTART = Path.of("..", "examples", "quickstart.yaml");
    static final String SECRET = "6b1f0c2d9e8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c";

    @Test
    void aSealedLogVerifiesWithItsKeyAndTamperingShows() throws Exception {
        Path keyFile = Files.writeString(dir.resolve("audit.key"), SECRET + "\n");
        String key = "${file:" + keyFile + "}";
        String log = dir.resolve("audit.jsonl").toString();

        Cli.Result apply = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve",
                "--audit-log", log, "--audit-key", key);
        assertEquals(0, apply.exit(), apply.all());
        assertTrue(Files.exists(Path.of(log + ".head")), "the sealed head is kept next to the log");

        Cli.Result plain = Cli.run("audit", "verify", log);
        assertEquals(0, plain.exit(), plain.all());
        assertTrue(plain.out().contains("only detects accidental damage"), plain.out());

        Cli.Result keyed = Cli.run("audit", "verify", log, "--key", key);
        assertEquals(0, keyed.exit(), keyed.all());
        assertTrue(keyed.out().contains("every seal verified with hmac-sha256 audit key"), keyed.out());
        assertFalse(keyed.out().contains("accidental"), keyed.out());

        Cli.Result head = Cli.run("audit", "head", log);
        assertEquals(0, head.exit(), head.all());
        String anchor = head.out().trim();
        assertTrue(anchor.matches("\\d+:[0-9a-f]{64}"), anchor);
        Cli.Result expect = Cli.run("audit", "verify", log, "--expect", anchor);
        assertEquals(0, expect.exit(), expect.all());

        List<String> lines = Files.readAllLines(Path.of(log), StandardCharsets.UTF_8);
        Files.write(Path.of(log), lines.subList(0, lines.size() - 1), StandardCharsets.UTF_8);
        Cli.Result cut = Cli.run("audit", "verify", log, "--key", key);
        assertEquals(1, cut.exit(), cut.all());
        assertTrue(cut.out().contains("missing at the end"), cut.out());
        assertEquals(1, Cli.run("audit", "verify", log, "--expect", anchor).exit());
        assertFalse((apply.all() + plain.all() + keyed.all() + cut.all()).contains(SECRET), "the key is never printed");
    }

    @Test
    void aKeyIsTakenByReferenceOnlyAndASealedLogIsNotContinuedWithoutIt() throws Exception {
        String log = dir.resolve("audit.jsonl").toString();
        Cli.Result inline = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve",
                "--audit-log", log, "--audit-key", SECRET);
        assertEquals(1, inline.exit(), inline.all());
        assertTrue(inline.all().contains("--audit-key takes a reference"), inline.all());
        assertFalse(inline.all().contains(SECRET), "the inline key is not echoed");
        assertFalse(Files.exists(Path.of(log)), "refused before anything was written");

        Path keyFile = Files.writeString(dir.resolve("audit.key"), SECRET);
        assertEquals(0, Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve", "--audit-log",
                log, "--audit-key", "${file:" + keyFile + "}").exit());
        // a change behind the back, so that the next apply has something to write
        Cli.run("sandbox", "reset");
        Cli.Result unsealed = Cli.run("apply", "--sandbox", "-f", QUICKSTART.toString(), "--auto-approve",
                "--audit-log", log);
        assertEquals(1, unsealed.exit(), unsealed.all());
        assertTrue(unsealed.all().contains("is sealed with hmac-sha256 key"), unsealed.all());

        Cli.Result help = Cli.run("audit", "verify", "--help");
        assertTrue(help.out().contains("${file:/path}"), "no picocli interpolation: " + help.out());
    }
}
