package dev.gatewarden.cdk.resources;

/**
 * The PaloAltoNetworks/panos provider major a stack is rendered for. The two differ in resource types and
 * argument names (each resource class documents both); {@link #V2} is the default for new stacks.
 */
public enum PanosVersion {
    /** 1.x (last release 1.11.1, February 2023): {@code vsys}/{@code device_group} arguments, Panorama types. */
    V1(ProviderKind.PANOS_V1),
    /** 2.x: generated from the PAN-OS specs; a {@code location} attribute; needs Terraform 1.8+. */
    V2(ProviderKind.PANOS);

    private final ProviderKind provider;

    PanosVersion(ProviderKind provider) {
        this.provider = provider;
    }

    /** The provider kind (source and version constraint) of this major. */
    public ProviderKind provider() {
        return provider;
    }

    /** {@code 1} or {@code 2}, as a user writes it ({@code synth --panos-provider 1}). */
    public static PanosVersion of(int major) {
        return switch (major) {
            case 1 -> V1;
            case 2 -> V2;
            default -> throw new IllegalArgumentException("panos provider major " + major + ": choose 1 or 2");
        };
    }
}
