package dev.gatewarden.paloalto;

import dev.gatewarden.contract.FirewallAdapterContract;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import java.util.Map;

/** The firewall adapter contract: mode static-group on a firewall's vsys1. */
class PanOsStaticGroupContractTest extends FirewallAdapterContract {
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
        return bed.adapter(owner, calls, Map.of("mode", "static-group"));
    }

    @Override
    protected void createForeignAddress(String name, String ip) {
        bed.foreignAddress(PanOsTestBed.VSYS1, name, ip);
    }
}
