package dev.gatewarden.azure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.GatewardenException.ProviderException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Provider ids, ownership tags and error translation: pure functions, no SDK call. */
class AzureIdsTest {
    private static final String SUB = "00000000-0000-0000-0000-0000000000a1";

    @Test
    void vmProviderIdsParseCaseInsensitivelyAndRejectOtherShapes() {
        AzureIds.VmRef vm = AzureIds.vm("azure:///subscriptions/" + SUB + "/resourcegroups/mc_rg_aks_westeurope"
                + "/providers/microsoft.compute/virtualmachines/aks-egress-1");
        assertEquals("mc_rg_aks_westeurope", vm.resourceGroup());
        assertEquals("aks-egress-1", vm.name());
        assertTrue(AzureIds.same(vm.id(), "/SUBSCRIPTIONS/" + SUB + "/resourceGroups/MC_RG_AKS_WESTEUROPE/providers/"
                + "Microsoft.Compute/virtualMachines/AKS-EGRESS-1"));
        for (String bad : new String[] {"aws:///eu-west-1a/i-0123", "azure:///subscriptions/" + SUB + "/resourceGroups/rg"
                + "/providers/Microsoft.Compute/virtualMachines/vm?x=1", "azure:///subscriptions/" + SUB
                + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/a/b", ""}) {
            ConfigException e = assertThrows(ConfigException.class, () -> AzureIds.vm(bad));
            assertTrue(e.getMessage().contains("expected azure:///subscriptions/"), e.getMessage());
        }
    }

    @Test
    void uniformScaleSetInstancesAreRefusedWithTheReason() {
        ConfigException e = assertThrows(ConfigException.class, () -> AzureIds.vm("azure:///subscriptions/" + SUB
                + "/resourceGroups/rg/providers/Microsoft.Compute/virtualMachineScaleSets/ss/virtualMachines/3"));
        assertTrue(e.getMessage().contains("instance 3 of the Uniform scale set ss"), e.getMessage());
        assertTrue(e.getMessage().contains("Flexible scale set"));
    }

    @Test
    void slotTagsAreValidEverywhereAndOnlyWellFormedOnesAreOwned() {
        AzureTags.SlotKey slot = new AzureTags.SlotKey("prod-eu-1", "payments", 2);
        assertEquals("gw-prod-eu-1-payments-2", slot.name());
        assertEquals(slot, AzureTags.owned(slot.tags(), "prod-eu-1").orElseThrow());
        assertTrue(AzureTags.owned(slot.tags(), "other").isEmpty());
        assertTrue(AzureTags.owned(Map.of("gatewarden-owner", "prod-eu-1", "gatewarden-gateway", "payments",
                "gatewarden-slot", "x"), "prod-eu-1").isEmpty(), "looks like ours but is not well-formed");
        assertThrows(IllegalArgumentException.class, () -> new AzureTags.SlotKey("Prod", "payments", 0));
        assertThrows(IllegalArgumentException.class, () -> new AzureTags.SlotKey("prod", "pay/ments", 0));
    }

    @Test
    void cloudErrorsAreTranslatedToTheNextStep() {
        String where = "azure subscription s (westeurope)";
        ProviderException linked = ArmErrors.of(where, "update nic n", "LinkedAuthorizationFailed", "The client 'c' has"
                + " permission to perform action 'Microsoft.Network/networkInterfaces/write' on scope 'n'; however, it"
                + " does not have permission to perform action(s) 'Microsoft.Network/publicIPAddresses/join/action' on"
                + " the linked scope(s) 'p'", 403, null);
        assertTrue(linked.getMessage().contains("lacks the action Microsoft.Network/publicIPAddresses/join/action"),
                linked.getMessage());
        assertFalse(linked.isTransient());
        ProviderException busy = ArmErrors.of(where, "x", "RetryableErrorDueToAnotherOperation", "m", 429, null);
        assertTrue(busy.isTransient());
        assertTrue(busy.getMessage().contains("another operation"));
        ProviderException throttled = ArmErrors.of(where, "x", "SubscriptionRequestsThrottled", "m", 429, null);
        assertTrue(throttled.isTransient());
        assertTrue(ArmErrors.of(where, "x", "PreconditionFailed", "m", 412, null).getMessage()
                .contains("nothing was overwritten"));
        assertEquals("InternalServerError",
                ArmErrors.codeOf("{\"status\":\"Failed\",\"error\":{\"code\":\"InternalServerError\",\"message\":\"m\"}}"));
        assertEquals(null, ArmErrors.codeOf("not json"));
    }
}
