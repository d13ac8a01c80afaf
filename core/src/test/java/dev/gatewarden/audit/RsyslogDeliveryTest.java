package dev.gatewarden.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The off-box copy against a real rsyslogd on loopback: every audit record arrives once, in order, its JSON
 * payload byte-identical to the line in the log, including records written while rsyslog was stopped.
 */
class RsyslogDeliveryTest {
    @TempDir
    Path dir;

    Path log() {
        return dir.resolve("audit.jsonl");
    }

    void append(AuditTrail trail, int from, int to) {
        for (int i = from; i < to; i++) {
            AuditEntry e = AuditLogTest.entry(i);
            // non-ASCII text and quotes in a message: written as JSON escapes, so the payload is ASCII
            trail.append(new AuditEntry(e.owner(), e.target(), e.phase(), e.action(), e.slot(), e.change(), e.before(),
                    e.after(), i % 3 == 0 ? "FAILED" : "SUCCEEDED", "n\u00e4me \"quoted\" #" + i));
        }
    }

    @Test
    void everyRecordArrivesOnceInOrderByteIdenticalAcrossARestart() throws Exception {
        Rsyslog.requireInstalled(false);
        Path rs = Files.createDirectories(dir.resolve("rsyslog"));
        try (Rsyslog server = Rsyslog.start(rs, false)) {
            SyslogTarget target = SyslogTarget.parse("tcp://127.0.0.1:" + server.port(), null);
            try (AuditTrail trail = new AuditTrail(AuditLog.open(log(), "ops@host-1", Clock.systemUTC()),
                    new SyslogForwarder(log(), target, Clock.systemUTC()))) {
                append(trail, 0, 20);
                assertEquals(20, server.awaitReceived(20).size());

                server.stop();
                append(trail, 20, 30);
                SyslogForwarder.Delivery down = trail.flush().orElseThrow();
                assertEquals(10, down.pending(), "written while rsyslog is down: spooled");
                assertNotNull(down.lastError());
                Thread.sleep(20);
                assertTrue(trail.delivery().orElseThrow().lag().compareTo(Duration.ZERO) > 0, "the lag is measured");

                server.start();
                append(trail, 30, 35);
                SyslogForwarder.Delivery up = trail.flush().orElseThrow();
                assertEquals(0, up.pending(), "the spool drained after the restart: " + up);
                assertEquals(Duration.ZERO, up.lag());
            }
            List<String> written = Files.readAllLines(log(), StandardCharsets.UTF_8);
            assertEquals(35, written.size());
            List<String> received = server.awaitReceived(35);
            assertEquals(written, received, "every record once, in order, byte for byte");
        }
    }

    @Test
    void aNewForwarderResumesFromTheCursorWithoutResending() throws Exception {
        Rsyslog.requireInstalled(false);
        Path rs = Files.createDirectories(dir.resolve("rsyslog"));
        try (Rsyslog server = Rsyslog.start(rs, false)) {
            SyslogTarget target = SyslogTarget.parse("tcp://127.0.0.1:" + server.port(), null);
            // a run without syslog configured (or a killed process): 5 records only in the log
            try (AuditLog only = AuditLog.open(log(), "ops@host-1", Clock.systemUTC())) {
                for (int i = 0; i < 5; i++) {
                    only.append(AuditLogTest.entry(i));
                }
            }
            try (AuditTrail trail = new AuditTrail(AuditLog.open(log(), "ops@host-1", Clock.systemUTC()),
                    new SyslogForwarder(log(), target, Clock.systemUTC()))) {
                append(trail, 5, 7);
            }
            try (AuditTrail trail = new AuditTrail(AuditLog.open(log(), "ops@host-1", Clock.systemUTC()),
                    new SyslogForwarder(log(), target, Clock.systemUTC()))) {
                append(trail, 7, 8);
            }
            assertEquals(Files.readAllLines(log(), StandardCharsets.UTF_8), server.awaitReceived(8));
        }
    }

    @Test
    void overUdpEachRecordIsOneDatagram() throws Exception {
        Rsyslog.requireInstalled(false);
        Path rs = Files.createDirectories(dir.resolve("rsyslog"));
        try (Rsyslog server = Rsyslog.start(rs, false)) {
            SyslogTarget udp = SyslogTarget.parse("udp://127.0.0.1:" + server.port(), null);
            try (AuditTrail trail = new AuditTrail(AuditLog.open(log(), "ops@host-1", Clock.systemUTC()),
                    new SyslogForwarder(log(), udp, Clock.systemUTC()))) {
                append(trail, 0, 5);
                assertEquals(0, trail.flush().orElseThrow().pending(), "UDP: sent counts as delivered");
            }
            assertEquals(Files.readAllLines(log(), StandardCharsets.UTF_8), server.awaitReceived(5));
        }
    }

    @Test
    void overTlsTheServerCertificateIsVerified() throws Exception {
        Rsyslog.requireInstalled(true);
        Path rs = Files.createDirectories(dir.resolve("rsyslog"));
        try (Rsyslog server = Rsyslog.start(rs, true)) {
            SyslogTarget untrusted = SyslogTarget.parse("tls://127.0.0.1:" + server.port(), null);
            try (AuditTrail trail = new AuditTrail(AuditLog.open(log(), "ops@host-1", Clock.systemUTC()),
                    new SyslogForwarder(log(), untrusted, Clock.systemUTC()))) {
                append(trail, 0, 2);
                SyslogForwarder.Delivery refused = trail.flush().orElseThrow();
                assertEquals(2, refused.pending(), "a server whose certificate is not trusted gets nothing");
                assertTrue(refused.lastError().contains("SSLHandshakeException"), refused.lastError());
            }
            SyslogTarget trusted = SyslogTarget.parse("tls://127.0.0.1:" + server.port(),
                    server.caCertificate().toString());
            try (AuditTrail trail = new AuditTrail(AuditLog.open(log(), "ops@host-1", Clock.systemUTC()),
                    new SyslogForwarder(log(), trusted, Clock.systemUTC()))) {
                append(trail, 2, 6);
                assertEquals(0, trail.flush().orElseThrow().pending());
            }
            assertEquals(Files.readAllLines(log(), StandardCharsets.UTF_8), server.awaitReceived(6),
                    "the spooled records first, then the new ones, once each");
        }
    }
}
