package dev.gatewarden.model;

import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A cloud node, parsed from a Kubernetes {@code spec.providerID}.
 *
 * <ul>
 *   <li>AWS: {@code aws:///<zone>/<instance-id>} (also {@code aws:////i-…}); {@code instance} is the instance id,
 *       {@code zone} the availability zone (may be null).</li>
 *   <li>Azure VM: {@code azure:///subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachines/<vm>};
 *       Azure VMSS: {@code …/virtualMachineScaleSets/<vmss>/virtualMachines/<instanceId>}. {@code project} holds the
 *       subscription, {@code resourceGroup} the group, {@code scaleSet} the scale set (null for a plain VM).</li>
 *   <li>GCE: {@code gce://<project>/<zone>/<instance-name>}.</li>
 *   <li>Any other provider plugin: {@code <id>://<project>/<zone>/<instance>} (project and zone may be empty), so a
 *       new provider needs no change here.</li>
 * </ul>
 *
 * @param cloud the provider id: {@code aws}, {@code azure} or {@code gcp}
 * @param providerId the text as given
 */
public record NodeRef(String cloud, String providerId, String instance, String zone, String project,
                      String resourceGroup, String scaleSet) {

    private static final Pattern AWS = Pattern.compile("^aws://(?:/([^/]*))?/(i-[0-9a-zA-Z]+|fargate-[^/]+)$");
    private static final Pattern AWS_BARE = Pattern.compile("^i-[0-9a-f]{8,17}$");
    private static final Pattern AZURE_VM = Pattern.compile(
            "^azure:///subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Compute/virtualMachines/([^/]+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern AZURE_VMSS = Pattern.compile(
            "^azure:///subscriptions/([^/]+)/resourceGroups/([^/]+)/providers/Microsoft\\.Compute/virtualMachineScaleSets/([^/]+)/virtualMachines/([^/]+)$",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern GCE = Pattern.compile("^gce://([^/]+)/([^/]+)/([^/]+)$");
    /** Any other provider's {@code <id>://[<project>]/[<zone>]/<instance>}: {@code cloud} is the id. */
    private static final Pattern OTHER = Pattern.compile("^([a-z][a-z0-9-]{1,30})://([^/]*)/([^/]*)/([^/]+)$");

    public NodeRef {
        Objects.requireNonNull(cloud, "cloud");
        Objects.requireNonNull(providerId, "providerId");
        Objects.requireNonNull(instance, "instance");
    }

    /**
     * Parses a provider ID.
     *
     * @throws IllegalArgumentException naming the forms that are accepted
     */
    public static NodeRef parse(String providerId) {
        if (providerId == null || providerId.isBlank()) {
            throw new IllegalArgumentException("empty provider ID");
        }
        String text = providerId.trim();
        Matcher m = AWS.matcher(text);
        if (m.matches()) {
            String zone = m.group(1) == null || m.group(1).isEmpty() ? null : m.group(1);
            return new NodeRef("aws", text, m.group(2), zone, null, null, null);
        }
        if (AWS_BARE.matcher(text).matches()) {
            return new NodeRef("aws", text, text, null, null, null, null);
        }
        m = AZURE_VMSS.matcher(text);
        if (m.matches()) {
            return new NodeRef("azure", text, m.group(4), null, m.group(1), m.group(2), m.group(3));
        }
        m = AZURE_VM.matcher(text);
        if (m.matches()) {
            return new NodeRef("azure", text, m.group(3), null, m.group(1), m.group(2), null);
        }
        m = GCE.matcher(text);
        if (m.matches()) {
            return new NodeRef("gcp", text, m.group(3), m.group(2), m.group(1), null, null);
        }
        m = OTHER.matcher(text);
        if (m.matches() && !Set.of("aws", "azure", "gce", "gcp").contains(m.group(1))) {
            return new NodeRef(m.group(1), text, m.group(4), m.group(3).isEmpty() ? null : m.group(3),
                    m.group(2).isEmpty() ? null : m.group(2), null, null);
        }
        throw new IllegalArgumentException("unsupported provider ID '" + text + "': expected aws:///<zone>/i-<id>, "
                + "azure:///subscriptions/<sub>/resourceGroups/<rg>/providers/Microsoft.Compute/virtualMachines/<vm> "
                + "(or …/virtualMachineScaleSets/<vmss>/virtualMachines/<n>), or gce://<project>/<zone>/<name>");
    }

    /** The identity used to compare nodes: cloud plus the instance path, independent of spelling. */
    public String key() {
        return switch (cloud) {
            case "aws" -> "aws/" + instance;
            case "azure" -> ("azure/" + project + "/" + resourceGroup + "/" + (scaleSet == null ? "" : scaleSet + "/")
                    + instance).toLowerCase(java.util.Locale.ROOT);
            default -> cloud + "/" + project + "/" + zone + "/" + instance;
        };
    }

    /** Same node, whatever the spelling of the provider ID. */
    public boolean sameNode(NodeRef other) {
        return other != null && key().equals(other.key());
    }

    @Override
    public String toString() {
        return providerId;
    }
}
