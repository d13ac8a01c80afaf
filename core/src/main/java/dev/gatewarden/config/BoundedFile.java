package dev.gatewarden.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Reads a small file a user pointed at (the config, a {@code ${file:}} secret) without trusting it: only a regular
 * file (a directory has no text, a device such as {@code /dev/zero} never ends, a FIFO blocks), and never more than
 * a bound, whatever size the file system reports.
 */
public final class BoundedFile {
    private BoundedFile() {
    }

    /** The path is a directory. */
    public static final class DirectoryException extends IOException {
        DirectoryException(Path p) {
            super(p.toString());
        }
    }

    /** The path is a device, FIFO or socket. */
    public static final class NotRegularException extends IOException {
        NotRegularException(Path p) {
            super(p.toString());
        }
    }

    /** The file is larger than the bound ({@link #size} is what was seen, at least bound + 1). */
    public static final class TooLargeException extends IOException {
        private final long size;

        TooLargeException(Path p, long size) {
            super(p.toString());
            this.size = size;
        }

        public long size() {
            return size;
        }
    }

    /**
     * The file's text in UTF-8.
     *
     * @throws java.nio.charset.CharacterCodingException when it is not UTF-8 text
     */
    public static String readUtf8(Path path, int maxBytes) throws IOException {
        return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(read(path, maxBytes)))
                .toString();
    }

    public static byte[] read(Path path, int maxBytes) throws IOException {
        BasicFileAttributes a = Files.readAttributes(path, BasicFileAttributes.class);
        if (a.isDirectory()) {
            throw new DirectoryException(path);
        }
        if (!a.isRegularFile()) {
            throw new NotRegularException(path);
        }
        if (a.size() > maxBytes) {
            throw new TooLargeException(path, a.size());
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(path)) {
            bytes = in.readNBytes(maxBytes + 1);
        }
        if (bytes.length > maxBytes) {
            throw new TooLargeException(path, bytes.length);
        }
        return bytes;
    }
}
