package dev.gatewarden.azure;

import java.net.URI;
import java.util.Locale;

/**
 * Where ARM and Entra ID are: the public cloud, a sovereign cloud, or one overridden endpoint (the sandbox, which
 * serves both ARM and the token endpoint over HTTPS).
 *
 * @param resourceManager ARM base URL, e.g. {@code https://management.azure.com/}
 * @param authorityHost   Entra ID authority host, e.g. {@code https://login.microsoftonline.com/}
 * @param knownAuthority  whether the authority is a Microsoft cloud (instance discovery runs) or an override
 */
public record AzureEndpoint(URI resourceManager, URI authorityHost, boolean knownAuthority) {
    public static final AzureEndpoint PUBLIC = new AzureEndpoint(URI.create("https://management.azure.com/"),
            URI.create("https://login.microsoftonline.com/"), true);
    public static final AzureEndpoint CHINA = new AzureEndpoint(URI.create("https://management.chinacloudapi.cn/"),
            URI.create("https://login.chinacloudapi.cn/"), true);
    public static final AzureEndpoint US_GOVERNMENT = new AzureEndpoint(URI.create("https://management.usgovcloudapi.net/"),
            URI.create("https://login.microsoftonline.us/"), true);

    public AzureEndpoint {
        for (URI u : new URI[] {resourceManager, authorityHost}) {
            if (u == null || !"https".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
                throw new IllegalArgumentException("Azure endpoints must be https:// URLs (token credentials refuse"
                        + " anything else): " + u);
            }
        }
        resourceManager = slash(resourceManager);
        authorityHost = slash(authorityHost);
    }

    private static URI slash(URI u) {
        return u.toString().endsWith("/") ? u : URI.create(u + "/");
    }

    /** One endpoint for both ARM and the authority (the sandbox, or an ARM-compatible stack). */
    public static AzureEndpoint override(URI base) {
        return new AzureEndpoint(base, base, false);
    }

    /** {@code public}, {@code china}, {@code usgovernment}. */
    public static AzureEndpoint named(String cloud) {
        return switch (cloud.toLowerCase(Locale.ROOT)) {
            case "public", "azurecloud" -> PUBLIC;
            case "china", "azurechinacloud" -> CHINA;
            case "usgovernment", "azureusgovernment" -> US_GOVERNMENT;
            default -> throw new IllegalArgumentException("unknown Azure cloud '" + cloud
                    + "': use public, china or usgovernment, or an endpoint override");
        };
    }
}
