package dev.gatewarden.paloalto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.PluginContext;
import dev.gatewarden.spi.Settings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Commit jobs are polled with a short first pause that doubles up to {@code pollMaxInterval}, against the
 * simulator's job queue (a commit job that finishes after a set number of {@code show jobs} polls).
 */
class PanOsCommitPollingTest {
    private final PanOsTestBed bed = PanOsTestBed.firewall();
    private final List<Duration> pauses = new ArrayList<>();

    @AfterEach
    void close() {
        bed.close();
    }

    private PanOsFirewallAdapter adapter(CallRecorder calls, Map<String, Object> overrides) {
        Map<String, Object> m = bed.settings();
        m.remove("pollInterval");
        m.putAll(overrides);
        PanOsSettings s = PanOsSettings.from(PanOsTestBed.FW, Settings.of("firewalls[fw1]", m));
        return PanOsFirewallAdapter.create(PanOsTestBed.FW, s, new PluginContext("o1", calls, null), pauses::add);
    }

    @Test
    void pausesStartShortAndDoubleUpToTheMaximum() {
        bed.sim.pollsUntilDone(6);
        CallRecorder calls = new CallRecorder();
        adapter(calls, Map.of("pollInterval", "100ms", "pollMaxInterval", "300ms"))
                .apply(PanOsTestBed.publish("g1", PanOsTestBed.addresses("o1", "10.9", 2)));
        assertEquals(6, calls.count(PanOsTestBed.FW, "op/show-jobs"), calls.snapshot().toString());
        assertEquals(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(300),
                Duration.ofMillis(300), Duration.ofMillis(300)), pauses);
        assertTrue(bed.sim.runningNode(PanOsTestBed.VSYS1 + "/address").contains("10.9.0.2"), "committed");
    }

    @Test
    void theDefaultFirstPauseIsAQuarterSecondNotTwo() {
        bed.sim.pollsUntilDone(3);
        adapter(new CallRecorder(), Map.of())
                .apply(PanOsTestBed.publish("g1", PanOsTestBed.addresses("o1", "10.8", 1)));
        assertEquals(List.of(Duration.ofMillis(250), Duration.ofMillis(500)), pauses);
    }

    @Test
    void aMaximumBelowTheFirstPauseIsRefused() {
        ConfigException e = assertThrows(ConfigException.class, () -> PanOsSettings.from("fw", Settings.of(
                "firewalls[fw]", Map.of("url", "https://pa.example", "apiKey",
                        new dev.gatewarden.spi.Secret("${env:K}", "k"), "username", "a", "pollInterval", "2s",
                        "pollMaxInterval", "1s"))));
        assertTrue(e.getMessage().startsWith("firewalls[fw]: pollMaxInterval"), e.getMessage());
    }
}
