package dev.gatewarden.spi;

/**
 * What a cloud can do beyond assigning secondary private IPs (which every provider can). A provider declares its
 * capabilities on its factory (so the config is checked before anything is created) and on each instance; the
 * config binder refuses a gateway that asks for one its cloud lacks, and the contract kit runs the scenarios the
 * declared capabilities cover.
 */
public enum Capability {
    /** Public IPs that can be allocated, associated with a secondary private IP, disassociated and released. */
    PUBLIC_IPS("public IPs", "public: true"),
    /** A secondary private IP requested exactly ({@code privateIps}) instead of chosen by the cloud. */
    EXACT_PRIVATE_IP("exact private IPs", "privateIps"),
    /** A private IP moves to another node in one call, and the public IP associated with it follows. */
    SINGLE_CALL_MOVE("single-call private IP moves", null),
    /** Public IPs reserved outside Gatewarden (Terraform) and attached only ({@code reservation: external}). */
    EXTERNAL_RESERVATION("externally reserved public IPs", "reservation: external"),
    /** IPv6 addresses. */
    IPV6("IPv6 addresses", "an IPv6 address in privateIps");

    private final String label;
    private final String asked;

    Capability(String label, String asked) {
        this.label = label;
        this.asked = asked;
    }

    /** For messages, e.g. "public IPs". */
    public String label() {
        return label;
    }

    /** How a gateway asks for it in the config, or null when no config key does. */
    public String askedBy() {
        return asked;
    }
}
