package dev.gatewarden.cli;

import dev.gatewarden.audit.Redactor;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Where the CLI applies the {@link Redactor}: the command's output and error writers, the process's stdout and
 * stderr (which carry the log lines of the slf4j binding) and, through {@link Redactor#redacting}, the audit log.
 * One redactor for the process, because the log binding and the standard streams are the process's too; it is
 * fed in {@link Session} with every secret setting once the config is loaded.
 */
final class Redaction {
    static final Redactor SECRETS = new Redactor();

    private Redaction() {
    }

    /** A writer that redacts line by line (and whatever is pending at a flush) before passing text on. */
    static PrintWriter writer(PrintWriter target) {
        return new PrintWriter(new LineRedactingWriter(target), true);
    }

    /** Replaces stdout and stderr with redacting streams (for {@code main}). */
    static void installOnStandardStreams() {
        System.setOut(stream(new FileOutputStream(FileDescriptor.out)));
        System.setErr(stream(new FileOutputStream(FileDescriptor.err)));
    }

    private static PrintStream stream(OutputStream target) {
        Writer w = new LineRedactingWriter(new java.io.OutputStreamWriter(target, StandardCharsets.UTF_8));
        return new PrintStream(new OutputStream() {
            private final java.io.ByteArrayOutputStream pending = new java.io.ByteArrayOutputStream();

            @Override
            public synchronized void write(int b) throws IOException {
                pending.write(b);
                if (b == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void write(byte[] b, int off, int len) throws IOException {
                pending.write(b, off, len);
                if (len > 0 && b[off + len - 1] == '\n') {
                    flush();
                }
            }

            @Override
            public synchronized void flush() throws IOException {
                w.write(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
                w.flush();
            }
        }, true, StandardCharsets.UTF_8);
    }

    /** Holds text until a line ends or a flush, redacts it, writes it on. */
    private static final class LineRedactingWriter extends Writer {
        private final Writer target;
        private final StringBuilder pending = new StringBuilder();

        LineRedactingWriter(Writer target) {
            this.target = target;
        }

        @Override
        public synchronized void write(char[] buf, int off, int len) throws IOException {
            for (int i = off; i < off + len; i++) {
                pending.append(buf[i]);
                if (buf[i] == '\n') {
                    emit();
                }
            }
        }

        private void emit() throws IOException {
            if (pending.length() > 0) {
                target.write(SECRETS.redact(pending.toString()));
                pending.setLength(0);
            }
        }

        @Override
        public synchronized void flush() throws IOException {
            emit();
            target.flush();
        }

        @Override
        public synchronized void close() throws IOException {
            flush();
            target.close();
        }
    }
}
