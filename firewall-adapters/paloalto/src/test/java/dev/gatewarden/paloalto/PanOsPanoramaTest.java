package dev.gatewarden.paloalto;

import static dev.gatewarden.paloalto.PanOsTestBed.FW;
import static dev.gatewarden.paloalto.PanOsTestBed.addr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ProviderException;
import dev.gatewarden.spi.AddressObject;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import dev.gatewarden.spi.FirewallApplyResult;
import dev.gatewarden.spi.FirewallChangeSet;
import dev.gatewarden.spi.FirewallScope;
import dev.gatewarden.spi.GroupMembers;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Panorama: objects in a device group, committed to Panorama, then pushed with commit-all. */
class PanOsPanoramaTest {
    private static final String DG = "dg-egress";
    private static final String DG_XPATH =
            "/config/devices/entry[@name='localhost.localdomain']/device-group/entry[@name='" + DG + "']";
    private static final String GROUP = "gw-prod-payments";
    private PanOsTestBed bed;
    private CallRecorder calls;
    private FirewallAdapter adapter;

    @BeforeEach
    void start() {
        bed = PanOsTestBed.panorama(DG);
        calls = new CallRecorder();
        adapter = bed.adapter("prod", calls, Map.of("location", "device-group", "deviceGroup", DG));
    }

    @AfterEach
    void stop() {
        bed.close();
    }

    @Test
    void commitsToPanoramaThenPushesTheDeviceGroup() {
        List<AddressObject> objects = List.of(addr("prod", "payments", "10.3.0.1", 0),
                addr("prod", "payments", "10.3.0.2", 1));
        FirewallApplyResult r = adapter.apply(new FirewallChangeSet(FW, objects,
                List.of(new GroupMembers(GROUP, "payments", objects)), List.of()));
        assertTrue(r.commitReference().contains("push job"), r.commitReference());
        assertEquals(1, calls.count(FW, "commit"));
        assertEquals(1, calls.count(FW, "commit-all"));
        assertEquals(4, calls.count(FW, "op/show-jobs"), "both jobs polled to FIN");
        String pushed = bed.sim.pushedDeviceGroup(DG);
        assertNotNull(pushed);
        assertTrue(pushed.contains(objects.get(1).name()), pushed);
        assertTrue(bed.sim.runningNode(DG_XPATH + "/address-group/entry[@name='" + GROUP + "']")
                .contains("<member>" + objects.get(0).name() + "</member>"));
        assertEquals(2, adapter.observe(FirewallScope.of("prod", List.of(GROUP))).objects().size());
    }

    @Test
    void aFailedPushIsReportedWithPanoramasMessages() {
        bed.sim.failNextPush("vsys1: Failed to push: device 0123456789 is not connected");
        ProviderException e = assertThrows(ProviderException.class, () -> adapter.apply(new FirewallChangeSet(FW,
                List.of(addr("prod", "payments", "10.3.0.1", 0)), List.of(), List.of())));
        assertTrue(e.getMessage().contains("device 0123456789 is not connected"), e.getMessage());
        assertTrue(e.getMessage().contains(DG), e.getMessage());
        assertNull(bed.sim.pushedDeviceGroup(DG));
    }
}
