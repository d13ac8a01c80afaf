package dev.gatewarden.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gatewarden.tls.TlsContexts;
import dev.gatewarden.tls.TlsOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies every line of an {@link AuditLog} to a syslog server, in order, each exactly as written (the JSON line is
 * the RFC 5424 MSG). The audit log itself is the spool: a cursor file next to it ({@code FILE.syslog.cursor}: the
 * last delivered seq and the byte offset after it) says how far delivery got, so a record that cannot be delivered
 * now (server down, network cut, process killed) is sent on the next attempt and never dropped; the cursor is
 * locked while delivering, so two processes sharing a log do not send a record twice.
 *
 * <p>TCP and TLS have no acknowledgement in syslog (RFC 6587, RFC 5425): a record counts as delivered once the
 * connection accepted it. Before each batch the connection is checked and reopened if the server closed it (a
 * restart), so records written while the server is away wait in the spool. UDP (RFC 5426) is fire and forget.
 * Failed attempts back off (1 s doubling to 60 s) in {@link #deliverIfDue()}; {@link #deliver()} always tries.
 */
public final class SyslogForwarder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogForwarder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(60);
    private static final int CONNECT_TIMEOUT_MS = 5000;
    private static final int WRITE_TIMEOUT_MS = 10_000;

    /**
     * Where delivery stands.
     *
     * @param delivered records delivered by this forwarder so far
     * @param pending   records in the log not yet delivered
     * @param lag       age of the oldest undelivered record (zero when none is pending)
     * @param lastError why the last attempt failed; null when it succeeded
     */
    public record Delivery(SyslogTarget target, long delivered, long pending, Duration lag, String lastError) {
        public boolean caughtUp() {
            return pending == 0;
        }
    }

    private final Path log;
    private final SyslogTarget target;
    private final Clock clock;
    private final String hostname;
    private final String procId;
    private final FileChannel cursorChannel;
    /** Kept open for the forwarder's life: closing a channel on the log would drop this process's lock on it. */
    private final FileChannel logChannel;
    private Socket socket;
    private DatagramSocket datagrams;
    private long delivered;
    private Delivery last;
    private Instant retryAt = Instant.EPOCH;
    private Duration backoff = Duration.ofSeconds(1);

    public SyslogForwarder(Path log, SyslogTarget target, Clock clock) {
        this.log = Objects.requireNonNull(log, "log");
        this.target = Objects.requireNonNull(target, "target");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hostname = Rfc5424.hostname();
        this.procId = Long.toString(ProcessHandle.current().pid());
        try {
            this.logChannel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            this.cursorChannel = FileChannel.open(cursorPath(log), StandardOpenOption.CREATE,
                    StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new dev.gatewarden.GatewardenException("cannot open the syslog spool of audit log " + log + ": "
                    + e.getMessage(), e);
        }
        this.last = new Delivery(target, 0, 0, Duration.ZERO, null);
    }

    /** The cursor file of {@code log}. */
    public static Path cursorPath(Path log) {
        return log.resolveSibling(log.getFileName() + ".syslog.cursor");
    }

    public SyslogTarget target() {
        return target;
    }

    /** Delivers what is pending unless a recent failure asks to wait (backoff). */
    public synchronized Delivery deliverIfDue() {
        if (clock.instant().isBefore(retryAt)) {
            return status();
        }
        return deliver();
    }

    /** Delivers every pending record now, in order; stops at the first failure (the rest stays spooled). */
    public synchronized Delivery deliver() {
        String error = null;
        try (FileLock ignored = cursorChannel.lock()) {
            long[] cursor = readCursor();
            List<Line> lines = linesAfter(cursor);
            if (!lines.isEmpty()) {
                ensureConnected();
                for (Line line : lines) {
                    send(line);
                    cursor = new long[] {line.seq, line.end};
                    writeCursor(cursor);
                    delivered++;
                }
            }
            backoff = Duration.ofSeconds(1);
            retryAt = Instant.EPOCH;
        } catch (IOException | RuntimeException e) {
            error = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            disconnect();
            retryAt = clock.instant().plus(backoff);
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            LOG.warn("audit records not delivered to syslog {} ({}); they stay spooled in {} and are retried",
                    target, error, log);
        }
        last = measure(error);
        return last;
    }

    /** Where delivery stands, without trying to deliver. */
    public synchronized Delivery status() {
        last = measure(last.lastError());
        return last;
    }

    private Delivery measure(String error) {
        try {
            List<Line> pending = linesAfter(readCursor());
            Duration lag = Duration.ZERO;
            if (!pending.isEmpty() && pending.get(0).time != null) {
                lag = Duration.between(pending.get(0).time, clock.instant());
                lag = lag.isNegative() ? Duration.ZERO : lag;
            }
            return new Delivery(target, delivered, pending.size(), lag, error);
        } catch (IOException e) {
            return new Delivery(target, delivered, -1, Duration.ZERO, "cannot read the spool: " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- spool

    private record Line(long seq, long end, String text, Instant time, String outcome) {
    }

    private long[] readCursor() throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(128);
        int n = cursorChannel.read(buf, 0);
        if (n <= 0) {
            return new long[] {0, 0};
        }
        String[] parts = new String(buf.array(), 0, n, StandardCharsets.US_ASCII).trim().split(" ");
        try {
            return new long[] {Long.parseLong(parts[0]), parts.length > 1 ? Long.parseLong(parts[1]) : 0};
        } catch (NumberFormatException e) {
            return new long[] {0, 0};
        }
    }

    private void writeCursor(long[] cursor) throws IOException {
        byte[] bytes = (cursor[0] + " " + cursor[1] + "\n").getBytes(StandardCharsets.US_ASCII);
        cursorChannel.truncate(0);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long pos = 0;
        while (b.hasRemaining()) {
            pos += cursorChannel.write(b, pos);
        }
    }

    /** The complete lines after the cursor, from its offset when the line there continues the seq, else scanned. */
    private List<Line> linesAfter(long[] cursor) throws IOException {
        long size = logChannel.size();
        long offset = cursor[1] <= size ? cursor[1] : 0;
        List<Line> lines = read(offset, size);
        if (!lines.isEmpty() && lines.get(0).seq != cursor[0] + 1 && offset != 0) {
            lines = read(0, size);
        }
        List<Line> after = new ArrayList<>();
        for (Line l : lines) {
            if (l.seq > cursor[0]) {
                after.add(l);
            }
        }
        return after;
    }

    private List<Line> read(long from, long to) throws IOException {
        List<Line> lines = new ArrayList<>();
        Lines.read(logChannel, from, to, (text, end) -> {
            Line l = parse(text, end);
            if (l != null) {
                lines.add(l);
            }
        });
        return lines;
    }

    private static Line parse(String text, long end) {
        if (text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            Instant time = null;
            try {
                time = Instant.parse(node.path("time").asText());
            } catch (DateTimeParseException e) {
                // no usable time: the lag is not measured from this line
            }
            return new Line(node.path("seq").asLong(), end, text, time, node.path("outcome").asText());
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- transport

    private void ensureConnected() throws IOException {
        if (target.transport().equals("udp")) {
            if (datagrams == null) {
                datagrams = new DatagramSocket();
                datagrams.connect(new InetSocketAddress(target.host(), target.port()));
            }
            return;
        }
        if (socket != null && !peerClosed(socket)) {
            return;
        }
        disconnect();
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(target.host(), target.port()), CONNECT_TIMEOUT_MS);
            plain.setSoTimeout(WRITE_TIMEOUT_MS);
            plain.setKeepAlive(true);
            if (target.transport().equals("tls")) {
                SSLSocket tls = (SSLSocket) TlsContexts.sslContext("syslog " + target,
                                new TlsOptions(target.caBundle(), null, false)).getSocketFactory()
                        .createSocket(plain, target.host(), target.port(), true);
                SSLParameters params = tls.getSSLParameters();
                params.setEndpointIdentificationAlgorithm("HTTPS");
                tls.setSSLParameters(params);
                tls.startHandshake();
                socket = tls;
            } else {
                socket = plain;
            }
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    /** True when the server closed the connection (a read sees the end of the stream instead of timing out). */
    private static boolean peerClosed(Socket s) {
        try {
            s.setSoTimeout(1);
            InputStream in = s.getInputStream();
            return in.read() < 0; // a byte from a syslog server is unexpected and ignored
        } catch (SocketTimeoutException alive) {
            return false;
        } catch (IOException e) {
            return true;
        } finally {
            try {
                s.setSoTimeout(WRITE_TIMEOUT_MS);
            } catch (IOException e) {
                // the next write reports it
            }
        }
    }

    private void send(Line line) throws IOException {
        byte[] message = Rfc5424.message(target.facility(), severity(line.outcome), line.time, hostname, procId,
                line.text);
        if (datagrams != null) {
            datagrams.send(new DatagramPacket(message, message.length));
            return;
        }
        OutputStream out = socket.getOutputStream();
        out.write(Rfc5424.octetCounted(message));
        out.flush();
    }

    private static int severity(String outcome) {
        return switch (outcome) {
            case "FAILED", "DETECTED" -> 4; // warning: a failed change, a drift
            default -> 5; // notice
        };
    }

    private void disconnect() {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing anyway
            }
            socket = null;
        }
        if (datagrams != null) {
            datagrams.close();
            datagrams = null;
        }
    }

    /** Tries a last delivery, then closes the connection and the spool files. */
    @Override
    public synchronized void close() {
        deliver();
        disconnect();
        try {
            cursorChannel.close();
            logChannel.close();
        } catch (IOException e) {
            LOG.warn("cannot close the syslog spool of {}: {}", log, e.getMessage());
        }
    }
}
