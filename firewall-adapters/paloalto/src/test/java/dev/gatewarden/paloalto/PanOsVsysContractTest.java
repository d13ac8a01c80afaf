package dev.gatewarden.paloalto;

import dev.gatewarden.contract.FirewallAdapterContract;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.FirewallAdapter;
import java.util.Map;
import org.junit.jupiter.api.Nested;

/** The firewall adapter contract on a firewall's vsys1, in each mode. */
class PanOsVsysContractTest {

    /** One mode's contract run; the modes differ only in the {@code mode} setting. */
    abstract static class OnVsys1 extends FirewallAdapterContract {
        private final String mode;
        private PanOsTestBed bed;

        OnVsys1(String mode) {
            this.mode = mode;
        }

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
            return bed.adapter(owner, calls, Map.of("mode", mode));
        }

        @Override
        protected void createForeignAddress(String name, String ip) {
            bed.foreignAddress(PanOsTestBed.VSYS1, name, ip);
        }
    }

    /** Mode static-group: address objects and a static group, one commit. */
    @Nested
    class StaticGroup extends OnVsys1 {
        StaticGroup() {
            super("static-group");
        }
    }

    /** Mode dynamic-tags: registered IPs behind dynamic groups, no commit. */
    @Nested
    class DynamicTags extends OnVsys1 {
        DynamicTags() {
            super("dynamic-tags");
        }
    }
}
