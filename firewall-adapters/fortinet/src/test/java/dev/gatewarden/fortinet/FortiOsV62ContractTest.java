package dev.gatewarden.fortinet;

import dev.gatewarden.sandbox.fortios.FortiOsSimulator;

/** The firewall adapter contract against FortiOS 6.2: no transactions, ordered single calls, empty groups refused. */
class FortiOsV62ContractTest extends FortiOsContractTest {
    @Override
    protected FortiOsSimulator simulator() {
        return new FortiOsSimulator().version("v6.2.10", 1263);
    }
}
