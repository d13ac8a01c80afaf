package dev.gatewarden.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.sandbox.panos.PanOsDeviceSpec;
import dev.gatewarden.sandbox.panos.PanOsSimulator;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The front that lets raw query characters reach a simulator: request-line encoding, keep-alive, chunked bodies. */
class RequestLineFrontTest {

    @Test
    void onlyWhatUriRefusesIsEncoded() {
        String head = "GET /api/?cmd=<show>|x&q=a%20b&bad=%zz&ok=[a]:b HTTP/1.1\r\nHost: x\r\n\r\n";
        assertEquals("GET /api/?cmd=%3Cshow%3E%7Cx&q=a%20b&bad=%25zz&ok=[a]:b HTTP/1.1\r\nHost: x\r\n\r\n",
                RequestLineFront.fixRequestLine(head));
        String plain = "POST /api/ HTTP/1.1\r\nContent-Length: 0\r\n\r\n";
        assertEquals(plain, RequestLineFront.fixRequestLine(plain));
    }

    @Test
    void keepAliveRequestsAndChunkedBodiesAreRelayed() throws Exception {
        try (PanOsSimulator sim = new PanOsSimulator(PanOsDeviceSpec.firewall("fw", "k"))) {
            URI base = sim.start(false);
            try (Socket s = new Socket(base.getHost(), base.getPort())) {
                OutputStream out = s.getOutputStream();
                String body = "type=version&key=k";
                String chunked = Integer.toHexString(5) + "\r\n" + body.substring(0, 5) + "\r\n"
                        + Integer.toHexString(body.length() - 5) + "\r\n" + body.substring(5) + "\r\n0\r\n\r\n";
                out.write(("POST /api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/x-www-form-urlencoded"
                        + "\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked).getBytes(StandardCharsets.US_ASCII));
                out.write(("GET /api/?type=version&key=k&x=| HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String both = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertEquals(2, both.split("<sw-version>", -1).length - 1, "two answers on one connection: " + both);
                assertTrue(both.startsWith("HTTP/1.1 200"), both);
            }
            assertEquals(2, sim.calls().count("version"));
        }
    }
}
