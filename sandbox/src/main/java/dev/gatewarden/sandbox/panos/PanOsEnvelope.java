package dev.gatewarden.sandbox.panos;

import dev.gatewarden.sandbox.SimResponse;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;

/** The XML API's {@code <response>} envelope and the request parameters every handler reads. */
final class PanOsEnvelope {
    private PanOsEnvelope() {
    }

    /** PAN-OS answers every XML API request as {@code application/xml} (clients such as pan-python require it). */
    static final String CONTENT_TYPE = "application/xml; charset=UTF-8";

    static SimResponse xml(int status, String body) {
        return SimResponse.of(status, CONTENT_TYPE, body);
    }

    static String success20() {
        return "<response status=\"success\" code=\"20\"><msg>command succeeded</msg></response>";
    }

    static String error(int code, String line) {
        return error(code, List.of(line));
    }

    /** An error envelope; {@code code <= 0} leaves the code attribute out (as PAN-OS does for "No such node"). */
    static String error(int code, List<String> lines) {
        return "<response status=\"error\"" + (code > 0 ? " code=\"" + code + "\"" : "") + ">" + msgLines(lines)
                + "</response>";
    }

    static String msgLines(List<String> lines) {
        StringBuilder b = new StringBuilder("<msg>");
        for (String l : lines) {
            b.append("<line>").append(Xml.escapeText(l)).append("</line>");
        }
        return b.append("</msg>").toString();
    }

    static String first(Map<String, List<String>> p, String key) {
        List<String> v = p.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** The {@code cmd} parameter, which {@code type=commit}, {@code op} and {@code user-id} require. */
    static String cmd(Map<String, List<String>> p) throws PanOsError {
        String cmd = first(p, "cmd");
        if (cmd == null) {
            throw new PanOsError(400, "Missing parameter 'cmd'");
        }
        return cmd;
    }

    /** Parses an XML parameter ({@code cmd}, a multi-config {@code element}); malformed XML is error 18. */
    static Document parse(String xml) throws PanOsError {
        try {
            return Xml.parse(xml);
        } catch (Xml.MalformedXml e) {
            throw new PanOsError(18, "Malformed Request");
        }
    }
}
