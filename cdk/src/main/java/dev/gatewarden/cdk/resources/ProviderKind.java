package dev.gatewarden.cdk.resources;

/**
 * The Terraform providers the constructs render for, with their registry source and the version range the
 * rendered argument names were checked against ({@code required_providers}).
 */
public enum ProviderKind {
    /** hashicorp/aws 5.x-6.x: {@code aws_eip} with {@code domain}, {@code tags}. */
    AWS("aws", "hashicorp/aws", ">= 5.0, < 7.0"),
    /** hashicorp/azurerm 3.x-5.x: {@code azurerm_public_ip}; the provider block needs {@code features {}}. */
    AZURERM("azurerm", "hashicorp/azurerm", ">= 3.90, < 6.0"),
    /** hashicorp/google 5.x-8.x: {@code google_compute_address} (unchanged by the 8.0 upgrade guide). */
    GOOGLE("google", "hashicorp/google", ">= 5.0, < 9.0"),
    /**
     * PaloAltoNetworks/panos 2.x: {@code panos_address}, {@code panos_address_group},
     * {@code panos_administrative_tag}, each with a {@code location} attribute.
     */
    PANOS("panos", "PaloAltoNetworks/panos", ">= 2.0, < 3.0"),
    /**
     * PaloAltoNetworks/panos 1.x: {@code panos_address_object} ({@code vsys} or {@code device_group}),
     * {@code panos_address_group}/{@code panos_administrative_tag} ({@code vsys}) and
     * {@code panos_panorama_address_group}/{@code panos_panorama_administrative_tag} ({@code device_group}).
     */
    PANOS_V1("panos", "PaloAltoNetworks/panos", "~> 1.11"),
    /** fortinetdev/fortios 1.x: {@code fortios_firewall_address}/{@code fortios_firewall_addrgrp}. */
    FORTIOS("fortios", "fortinetdev/fortios", ">= 1.18, < 2.0");

    private final String type;
    private final String source;
    private final String versionConstraint;

    ProviderKind(String type, String source, String versionConstraint) {
        this.type = type;
        this.source = source;
        this.versionConstraint = versionConstraint;
    }

    /** The provider's local name, e.g. {@code aws}: the prefix of its resource types. */
    public String type() {
        return type;
    }

    /** The registry source, e.g. {@code hashicorp/aws}. */
    public String source() {
        return source;
    }

    public String versionConstraint() {
        return versionConstraint;
    }
}
