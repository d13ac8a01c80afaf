package dev.gatewarden.testing;

import dev.gatewarden.contract.FirewallAdapterContract;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;

/** Proves the firewall contract kit runs, against the in-memory adapter. */
class InMemoryFirewallAdapterContractTest extends FirewallAdapterContract {
    private InMemoryFirewall firewall;

    @Override
    protected void startFirewall() {
        firewall = new InMemoryFirewall();
    }

    @Override
    protected void stopFirewall() {
        firewall = null;
    }

    @Override
    protected FirewallAdapter newAdapter(String owner, CallRecorder calls) {
        return new InMemoryFirewallAdapter("mem-fw", owner, firewall, calls);
    }

    @Override
    protected void createForeignAddress(String name, String ip) {
        firewall.putForeignObject(name, ip);
    }
}
