package dev.gatewarden.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.config.SecretResolver.Reference;
import dev.gatewarden.config.SecretResolver.UnresolvedReferenceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretResolverTest {
    @Test
    void parsesWholeReferencesOnly() {
        Reference env = Reference.parse("${env:PANOS_API_KEY}").orElseThrow();
        assertEquals(Reference.Kind.ENV, env.kind());
        assertEquals("PANOS_API_KEY", env.name());
        Reference file = Reference.parse("${file:/run/secrets/token}").orElseThrow();
        assertEquals("/run/secrets/token", file.name());
        assertTrue(Reference.parse("x-${env:A}").isEmpty());
        assertTrue(Reference.parse("${vault:a}").isEmpty());
        assertThrows(IllegalArgumentException.class, () -> Reference.parse("${env:1BAD-NAME}"));
    }

    @Test
    void envAndFileResolution(@TempDir Path dir) throws Exception {
        SecretResolver r = SecretResolver.from(Map.of("TOKEN", "t0k"));
        assertEquals("t0k", r.resolve(Reference.parse("${env:TOKEN}").orElseThrow()));
        UnresolvedReferenceException e = assertThrows(UnresolvedReferenceException.class,
                () -> r.resolve(Reference.parse("${env:MISSING}").orElseThrow()));
        assertTrue(e.getMessage().contains("MISSING is not set"));

        Path crlf = dir.resolve("crlf");
        Files.writeString(crlf, "v4lue\r\n");
        assertEquals("v4lue", r.resolve(Reference.parse("${file:" + crlf + "}").orElseThrow()));
        Path inner = dir.resolve("inner");
        Files.writeString(inner, "line1\nline2\n");
        assertEquals("line1\nline2", r.resolve(Reference.parse("${file:" + inner + "}").orElseThrow()));

        UnresolvedReferenceException d = assertThrows(UnresolvedReferenceException.class,
                () -> r.resolve(Reference.parse("${file:" + dir + "}").orElseThrow()));
        assertTrue(d.getMessage().contains("is a directory"));

        Path big = dir.resolve("big");
        Files.writeString(big, "x".repeat((int) Reference.MAX_FILE_BYTES + 1));
        UnresolvedReferenceException b = assertThrows(UnresolvedReferenceException.class,
                () -> r.resolve(Reference.parse("${file:" + big + "}").orElseThrow()));
        assertFalse(b.getMessage().contains("xxxx"));
    }

    @Test
    void defaultsReadTheProcessEnvironment() {
        String path = System.getenv("PATH");
        if (path != null) {
            assertEquals(path, SecretResolver.defaults().resolve(Reference.parse("${env:PATH}").orElseThrow()));
        }
        assertThrows(UnresolvedReferenceException.class, () -> SecretResolver.defaults()
                .resolve(Reference.parse("${env:GATEWARDEN_SURELY_UNSET_42}").orElseThrow()));
    }
}
