package dev.gatewarden.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Where sandbox state persists between CLI runs: a directory ({@code .gatewarden-sandbox/} in the working
 * directory, or {@code GATEWARDEN_SANDBOX_DIR}, or the system property {@code gatewarden.sandbox.dir}) with one JSON file per simulator. Writes are atomic (temp file
 * then rename), so an interrupted run leaves the previous state.
 */
public final class SandboxStore {
    public static final String ENV = "GATEWARDEN_SANDBOX_DIR";
    public static final String DEFAULT_DIR = ".gatewarden-sandbox";
    /** A system property that takes precedence over {@value #ENV} (used by in-process tests). */
    public static final String PROPERTY = "gatewarden.sandbox.dir";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;

    public SandboxStore(Path dir) {
        this.dir = dir;
    }

    /** The directory from {@code GATEWARDEN_SANDBOX_DIR}, else {@code .gatewarden-sandbox} under {@code cwd}. */
    public static SandboxStore fromEnvironment(Path cwd) {
        String env = System.getProperty(PROPERTY, System.getenv(ENV));
        return new SandboxStore(env != null && !env.isBlank() ? Path.of(env) : cwd.resolve(DEFAULT_DIR));
    }

    public Path dir() {
        return dir;
    }

    public Optional<JsonNode> load(String name) {
        Path f = dir.resolve(name + ".json");
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(f.toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException("sandbox state " + f + " is unreadable; run 'gatewarden sandbox reset'", e);
        }
    }

    public void save(String name, JsonNode state) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, name, ".tmp");
            JSON.writeValue(tmp.toFile(), state);
            Files.move(tmp, dir.resolve(name + ".json"), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write sandbox state to " + dir, e);
        }
    }

    /** The names of the persisted states, sorted. */
    public java.util.List<String> names() {
        if (!Files.isDirectory(dir)) {
            return java.util.List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - 5)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** Deletes all persisted state. */
    public void reset() {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
