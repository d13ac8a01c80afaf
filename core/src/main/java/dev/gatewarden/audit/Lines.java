package dev.gatewarden.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Reads complete lines of an audit file through a channel the caller keeps open: opening and closing another
 * channel on the file would release this process's lock on it (POSIX record locks belong to the process).
 */
final class Lines {
    /** Receives a line (without its line break) and the offset just after it. */
    @FunctionalInterface
    interface Sink {
        void line(String text, long end);
    }

    private Lines() {
    }

    /** Every line that ends with {@code \n} between {@code from} and {@code to}; a torn last line is left out. */
    static void read(FileChannel channel, long from, long to, Sink sink) throws IOException {
        ByteArrayOutputStream current = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        long pos = from;
        while (pos < to) {
            buf.clear();
            buf.limit((int) Math.min(buf.capacity(), to - pos));
            int n = channel.read(buf, pos);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                byte b = buf.get(i);
                if (b == '\n') {
                    sink.line(current.toString(StandardCharsets.UTF_8), pos + i + 1);
                    current.reset();
                } else if (b != '\r') {
                    current.write(b);
                }
            }
            pos += n;
        }
    }
}
