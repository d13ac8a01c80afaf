package dev.gatewarden.azure;

import dev.gatewarden.GatewardenException.ConfigException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ARM resource ids and Kubernetes {@code spec.providerID}s of Azure nodes. ARM ids compare case-insensitively
 * (AKS node resource groups appear lower-cased in provider ids).
 */
final class AzureIds {
    /** ARM naming: subscription GUIDs, resource group names (letters, digits, {@code -_.()}), resource names. */
    private static final String SUB = "([0-9A-Fa-f-]{1,64})";
    private static final String GROUP = "([-\\w.()]{1,90})";
    private static final String NAME = "([-\\w.]{1,80})";
    private static final Pattern VM = Pattern.compile("(?i)^(?:azure://)?/subscriptions/" + SUB + "/resourceGroups/" + GROUP
            + "/providers/Microsoft\\.Compute/virtualMachines/" + NAME + "$");
    private static final Pattern UNIFORM = Pattern.compile("(?i)^(?:azure://)?/subscriptions/" + SUB + "/resourceGroups/"
            + GROUP + "/providers/Microsoft\\.Compute/virtualMachineScaleSets/" + NAME + "/virtualMachines/(\\d{1,10})$");
    private static final Pattern RESOURCE = Pattern.compile(
            "(?i)^/subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/([^/]+)/(.+)$");

    private AzureIds() {
    }

    static boolean same(String a, String b) {
        return a != null && b != null && a.toLowerCase(Locale.ROOT).equals(b.toLowerCase(Locale.ROOT));
    }

    /** A VM node: subscription, resource group, VM name and the VM's ARM id. */
    record VmRef(String subscription, String resourceGroup, String name, String id) {
    }

    /**
     * The VM a provider id names. A Uniform scale-set instance is refused here, before any request: model
     * rollouts rewrite instance-level ipConfigurations and private IPs there are dynamic, so Gatewarden could not
     * keep a slot's address on it.
     */
    static VmRef vm(String providerId) {
        String text = providerId == null ? "" : providerId.trim();
        Matcher u = UNIFORM.matcher(text);
        if (u.matches()) {
            throw new ConfigException("node " + providerId + " is instance " + u.group(4) + " of the Uniform scale set "
                    + u.group(3) + " (resource group " + u.group(2) + "): Gatewarden cannot hold egress addresses there,"
                    + " because scale-set model rollouts strip instance-level ipConfigurations and the private IPs are"
                    + " dynamic. Run the gateway nodes as standalone VMs or in a Flexible scale set (for AKS: a"
                    + " node pool of type VirtualMachines), whose NICs Gatewarden can change.");
        }
        Matcher m = VM.matcher(text);
        if (!m.matches()) {
            throw new ConfigException("node " + providerId + " is not an Azure VM provider id: expected "
                    + "azure:///subscriptions/<subscription>/resourceGroups/<group>/providers/Microsoft.Compute/"
                    + "virtualMachines/<name>");
        }
        String id = text.replaceFirst("(?i)^azure://", "");
        return new VmRef(m.group(1), m.group(2), m.group(3), id);
    }

    /** The resource group of an ARM id. */
    static String resourceGroup(String id) {
        return part(id, 2);
    }

    /** The last segment (the name) of an ARM id. */
    static String name(String id) {
        return id.substring(id.lastIndexOf('/') + 1);
    }

    private static String part(String id, int group) {
        Matcher m = RESOURCE.matcher(id);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an ARM resource id: " + id);
        }
        return m.group(group);
    }

    /** Subnet id → {@code [resourceGroup, vnet, subnet]}. */
    static String[] subnet(String subnetId) {
        Matcher m = Pattern.compile("(?i)^/subscriptions/[^/]+/resourceGroups/([^/]+)/providers/Microsoft\\.Network"
                + "/virtualNetworks/([^/]+)/subnets/([^/]+)$").matcher(subnetId);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a subnet id: " + subnetId);
        }
        return new String[] {m.group(1), m.group(2), m.group(3)};
    }
}
