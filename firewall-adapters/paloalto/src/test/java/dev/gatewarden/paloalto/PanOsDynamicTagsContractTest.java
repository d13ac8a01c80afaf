package dev.gatewarden.paloalto;

import dev.gatewarden.contract.FirewallAdapterContract;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import java.util.Map;

/** The firewall adapter contract: mode dynamic-tags (registered IPs behind dynamic groups) on vsys1. */
class PanOsDynamicTagsContractTest extends FirewallAdapterContract {
    private PanOsTestBed bed;

    @Override
    protected void startFirewall() {
        bed = PanOsTestBed.firewall();
    }

    @Override
    protected void stopFirewall() {
        bed.close();
    }

    @Override
    protected FirewallAdapter newAdapter(String owner, CallRecorder calls) {
        return bed.adapter(owner, calls, Map.of("mode", "dynamic-tags"));
    }

    @Override
    protected void createForeignAddress(String name, String ip) {
        bed.foreignAddress(PanOsTestBed.VSYS1, name, ip);
    }
}
