package dev.gatewarden.paloalto;

import dev.gatewarden.contract.FirewallAdapterContract;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import java.util.Map;

/** The firewall adapter contract: mode static-group in a Panorama device group (commit + commit-all push). */
class PanOsPanoramaContractTest extends FirewallAdapterContract {
    private static final String DG = "dg-contract";
    private PanOsTestBed bed;

    @Override
    protected void startFirewall() {
        bed = PanOsTestBed.panorama(DG);
    }

    @Override
    protected void stopFirewall() {
        bed.close();
    }

    @Override
    protected FirewallAdapter newAdapter(String owner, CallRecorder calls) {
        return bed.adapter(owner, calls, Map.of("location", "device-group", "deviceGroup", DG));
    }

    @Override
    protected void createForeignAddress(String name, String ip) {
        bed.foreignAddress("/config/devices/entry[@name='localhost.localdomain']/device-group/entry[@name='" + DG
                + "']", name, ip);
    }
}
