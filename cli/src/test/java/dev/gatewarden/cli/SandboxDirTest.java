package dev.gatewarden.cli;

import dev.gatewarden.sandbox.SandboxStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** CLI tests that run {@code --sandbox} commands: each test gets its own sandbox world under {@link #dir}. */
abstract class SandboxDirTest {
    @TempDir
    Path dir;

    @BeforeEach
    void sandboxDir() {
        System.setProperty(SandboxStore.PROPERTY, dir.resolve("sandbox").toString());
    }

    @AfterEach
    void clear() {
        System.clearProperty(SandboxStore.PROPERTY);
    }
}
