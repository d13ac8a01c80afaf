package dev.gatewarden.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.gatewarden.GatewardenException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An append-only, hash-chained JSON-lines audit log: one line per change attempted and its result.
 *
 * <p>Each line holds {@code seq} (1, 2, 3, … across the whole file), {@code time} (ISO-8601 UTC from the injected
 * clock), {@code owner}, {@code actor}, {@code target}, {@code phase}, {@code action}, {@code slot},
 * {@code outcome}, {@code message}, {@code change}, {@code before}, {@code after}, {@code prev} (the previous
 * line's hash; 64 zeros on the first line) and {@code hash}: the SHA-256 (hex) of the line's canonical JSON
 * without {@code hash} (keys sorted at every level, no whitespace). Opening an existing file continues its chain
 * from its last line. Every line is written and flushed to the operating system at once ({@code fsync} too when
 * asked); appends take an exclusive file lock and re-read the tail if another writer appended meanwhile.
 *
 * <p>Only names, addresses and summaries are written: the executor never passes credentials here.
 * {@link AuditVerifier} checks a file.
 */
public final class AuditLog implements AuditSink, AutoCloseable {
    /** The {@code prev} of the first line. */
    public static final String GENESIS = "0".repeat(64);

    /** Non-ASCII characters are written as JSON escapes: a line is pure ASCII, the same bytes in a file and in syslog. */
    private static final ObjectMapper JSON = AuditJson.MAPPER;
    /** The suffix of the sealed head file kept next to a keyed log: {@code audit.jsonl.head}. */
    public static final String HEAD_SUFFIX = ".head";
    /** One monitor per file in this JVM: a file lock is per process, so instances in one JVM queue here first. */
    private static final ConcurrentHashMap<Path, Object> FILE_MONITORS = new ConcurrentHashMap<>();

    private final Path path;
    private final String actor;
    private final Clock clock;
    private final boolean fsync;
    private final AuditKey key;
    private final FileChannel channel;
    private final Object monitor;
    /** The seal of the file's last line, null when it has none. */
    private String lastMac;
    /** Intents in the file with no outcome yet: read once at open, then kept up to date by this instance. */
    private final OpenIntents intents = new OpenIntents();
    private long seq;
    private String lastHash;
    private long knownSize;

    private AuditLog(Path path, String actor, Clock clock, boolean fsync, AuditKey key) throws IOException {
        this.path = path;
        this.key = key;
        this.actor = actor;
        this.clock = clock;
        this.fsync = fsync;
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (!Files.exists(path) && path.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            try {
                // readable by the owner's group (auditors), writable by the owner only
                Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r-----")));
            } catch (java.nio.file.FileAlreadyExistsException raced) {
                // another writer created it first: fine
            }
        }
        // read and write through this one channel: closing any other channel on the file would release this
        // process's lock on it (POSIX record locks belong to the process and the file)
        this.channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        this.monitor = FILE_MONITORS.computeIfAbsent(path.toAbsolutePath().normalize(), p -> new Object());
        try {
            readTail();
            refuseDowngrade();
            scanIntents();
        } catch (RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * Opens (creating if needed) the audit log at {@code path}, continuing its chain.
     *
     * @param actor who is acting, e.g. {@link #defaultActor()}: {@code user@host}
     * @throws GatewardenException when the file cannot be opened or its last line is not a valid audit line
     */
    public static AuditLog open(Path path, String actor, Clock clock) {
        return open(path, actor, clock, false, null);
    }

    /** As {@link #open(Path, String, Clock)}; {@code fsync} forces each line to the disk before returning. */
    public static AuditLog open(Path path, String actor, Clock clock, boolean fsync) {
        return open(path, actor, clock, fsync, null);
    }

    /**
     * As {@link #open(Path, String, Clock, boolean)}, sealing every line with {@code key} (null: unsealed) and
     * keeping the sealed head ({@code FILE.head}: last seq, hash and their seal) next to the file, so that lines
     * cut off the end show in {@link AuditVerifier}. A log whose last line is sealed is never continued unsealed
     * or with another key.
     */
    public static AuditLog open(Path path, String actor, Clock clock, boolean fsync, AuditKey key) {
        if (key != null && !key.canSeal()) {
            throw new GatewardenException("audit key " + key.id() + " is an Ed25519 public key: writing the audit "
                    + "log needs the private key (the public key is for 'gatewarden audit verify --key')");
        }
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(clock, "clock");
        try {
            return new AuditLog(path, actor, clock, fsync, key);
        } catch (IOException e) {
            throw new GatewardenException("cannot open audit log " + path + ": " + e.getMessage()
                    + "; check that the directory exists and is writable, or choose another --audit-log path", e);
        }
    }

    /** {@code user@host} of this process, for the {@code actor} field. */
    public static String defaultActor() {
        String user = System.getProperty("user.name", "unknown");
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException | RuntimeException e) {
            host = "unknown-host";
        }
        return user + "@" + host;
    }

    public Path path() {
        return path;
    }

    /** The {@code seq} of the last line written (0 for an empty file). */
    public synchronized long lastSeq() {
        return seq;
    }

    /** The {@code hash} of the last line (the {@link #GENESIS} for an empty file): worth keeping elsewhere. */
    public synchronized String lastHash() {
        return lastHash;
    }

    @Override
    public synchronized void append(AuditEntry entry) {
        Objects.requireNonNull(entry, "entry");
        synchronized (monitor) {
            appendLocked(entry);
        }
    }

    private void appendLocked(AuditEntry entry) {
        try (FileLock ignored = channel.lock()) {
            long size = channel.size();
            if (size != knownSize) {
                readTail();
                size = channel.size();
            }
            refuseDowngrade();
            ObjectNode line = JSON.createObjectNode();
            line.put("seq", seq + 1);
            line.put("time", Instant.now(clock).toString());
            line.put("owner", entry.owner());
            line.put("actor", actor);
            line.put("target", entry.target());
            line.put("phase", entry.phase());
            line.put("action", entry.action());
            line.put("slot", entry.slot());
            line.put("outcome", entry.outcome());
            line.put("message", entry.message());
            line.set("change", tree(entry.change()));
            line.set("before", tree(entry.before()));
            line.set("after", tree(entry.after()));
            line.put("prev", lastHash);
            String hash = CanonicalJson.sha256Hex(CanonicalJson.of(line));
            line.put("hash", hash);
            String mac = key == null ? null : key.seal(hash);
            if (mac != null) {
                line.put("mac", mac);
            }
            byte[] bytes = (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long position = size;
            while (buffer.hasRemaining()) {
                position += channel.write(buffer, position);
            }
            if (fsync) {
                channel.force(false);
            }
            knownSize = position;
            intents.accept(line);
            seq++;
            lastHash = hash;
            lastMac = mac;
            if (key != null) {
                writeHead();
            }
        } catch (IOException e) {
            throw new GatewardenException("cannot write to audit log " + path + ": " + e.getMessage()
                    + "; no further changes are made until the audit log is writable", e);
        }
    }

    private void scanIntents() {
        try {
            Lines.read(channel, 0, knownSize, (text, end) -> {
                try {
                    JsonNode node = JSON.readTree(text);
                    if (node != null && node.isObject()) {
                        intents.accept(node);
                    }
                } catch (IOException e) {
                    // a damaged line: 'audit verify' reports it; it holds no intent to track
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit log " + path, e);
        }
    }

    /** Intents with no outcome after them (a run stopped between a call and its record), oldest first. */
    @Override
    public synchronized List<OpenIntents.Intent> openIntents() {
        return intents.list();
    }

    /** A sealed log continues sealed with the same key: an unsealed or re-keyed tail would look like tampering. */
    private void refuseDowngrade() {
        if (lastMac == null) {
            return;
        }
        String[] parts = lastMac.split(":", 3);
        String sealedWith = parts.length == 3 ? parts[0] + " key " + parts[1] : "a key";
        if (key == null) {
            throw new GatewardenException("audit log " + path + " is sealed with " + sealedWith + ": configure that "
                    + "audit key (--audit-key) to append to it, or start a new log file");
        }
        if (parts.length != 3 || !parts[0].equals(key.algorithm()) || !parts[1].equals(key.id())) {
            throw new GatewardenException("audit log " + path + " is sealed with " + sealedWith + ", not with the "
                    + "configured " + key + ": use that key, or start a new log file when rotating keys");
        }
    }

    /** The sealed head next to the log, replaced atomically: it lets a verifier see lines cut off the end. */
    private void writeHead() throws IOException {
        ObjectNode head = JSON.createObjectNode();
        head.put("seq", seq);
        head.put("hash", lastHash);
        head.put("mac", key.seal(headMessage(seq, lastHash)));
        Path headPath = headPath(path);
        Path tmp = headPath.resolveSibling(headPath.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(head) + "\n", StandardCharsets.UTF_8);
        if (fsync) {
            try (FileChannel c = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                c.force(true);
            }
        }
        Files.move(tmp, headPath, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Where the sealed head of {@code log} is kept. */
    public static Path headPath(Path log) {
        return log.resolveSibling(log.getFileName() + HEAD_SUFFIX);
    }

    /** What the head's seal covers. */
    static String headMessage(long seq, String hash) {
        return "head:" + seq + ":" + hash;
    }

    private static JsonNode tree(Map<String, Object> map) {
        return JSON.valueToTree(map);
    }

    /** Reads {@code seq} and {@code hash} of the file's last line. */
    private void readTail() {
        try {
            long size = channel.size();
            String last = lastLine(size);
            if (last == null) {
                seq = 0;
                lastHash = GENESIS;
                lastMac = null;
            } else {
                JsonNode node;
                try {
                    node = JSON.readTree(last);
                } catch (IOException e) {
                    node = null;
                }
                if (node == null || !node.isObject() || !node.path("seq").canConvertToLong()
                        || !node.path("hash").isTextual()) {
                    throw new GatewardenException("audit log " + path + " ends with a line that is not an audit "
                            + "entry (an interrupted write?); check it with 'gatewarden audit verify' and move the "
                            + "file aside before appending");
                }
                seq = node.get("seq").asLong();
                lastHash = node.get("hash").asText();
                lastMac = node.path("mac").isTextual() ? node.get("mac").asText() : null;
            }
            knownSize = size;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read audit log " + path, e);
        }
    }

    /** The last non-empty line of the file, read backwards from its end; null when there is none. */
    private String lastLine(long size) throws IOException {
        FileChannel in = channel;
        ByteArrayOutputStream reversed = new ByteArrayOutputStream();
        ByteBuffer chunk = ByteBuffer.allocate(8192);
        long end = size;
        boolean content = false;
        while (end > 0) {
            int n = (int) Math.min(chunk.capacity(), end);
            chunk.clear().limit(n);
            long start = end - n;
            while (chunk.hasRemaining()) {
                if (in.read(chunk, start + chunk.position()) < 0) {
                    break;
                }
            }
            byte[] bytes = chunk.array();
            for (int i = n - 1; i >= 0; i--) {
                byte b = bytes[i];
                if (b == '\n' || b == '\r') {
                    if (content) {
                        return reverse(reversed.toByteArray());
                    }
                } else {
                    content = true;
                    reversed.write(b);
                }
            }
            end = start;
        }
        return content ? reverse(reversed.toByteArray()) : null;
    }

    private static String reverse(byte[] reversed) {
        byte[] out = new byte[reversed.length];
        for (int i = 0; i < reversed.length; i++) {
            out[i] = reversed[reversed.length - 1 - i];
        }
        return new String(out, StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close audit log " + path, e);
        }
    }
}
