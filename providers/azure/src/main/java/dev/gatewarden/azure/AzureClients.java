package dev.gatewarden.azure;

import com.azure.core.credential.TokenCredential;
import com.azure.core.http.HttpClient;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.core.http.policy.ExponentialBackoff;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.policy.HttpPipelinePolicy;
import com.azure.core.http.policy.RetryPolicy;
import com.azure.core.management.AzureEnvironment;
import com.azure.core.management.profile.AzureProfile;
import com.azure.core.util.Configuration;
import com.azure.identity.ClientCertificateCredentialBuilder;
import com.azure.identity.ClientSecretCredentialBuilder;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.resourcemanager.compute.ComputeManager;
import com.azure.resourcemanager.network.NetworkManager;
import com.azure.resourcemanager.resources.fluentcore.utils.HttpPipelineProvider;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Builds the Azure SDK clients for one {@link AzureConnection}: the JDK HTTP client (no Netty), the token
 * credential, one pipeline (bearer token, retries honouring {@code Retry-After}, {@link IfMatchPolicy},
 * {@link ArmCallCounter}) shared by the Network and Compute managers. Building is slow (seconds): do it once.
 */
final class AzureClients {
    final NetworkManager network;
    final ComputeManager compute;
    final ArmCallCounter calls = new ArmCallCounter();

    AzureClients(AzureConnection c) {
        HttpClient http = httpClient(c);
        AzureEnvironment environment = environment(c.endpoint());
        AzureProfile profile = new AzureProfile(c.tenantId(), c.subscriptionId(), environment);
        RetryPolicy retry = new RetryPolicy(new ExponentialBackoff(c.maxRetries(), Duration.ofMillis(800),
                Duration.ofSeconds(60)));
        List<HttpPipelinePolicy> policies = List.of(new IfMatchPolicy(), calls);
        HttpPipeline pipeline = HttpPipelineProvider.buildHttpPipeline(credential(c, http), profile, null,
                new HttpLogOptions(), Configuration.getGlobalConfiguration(), retry, policies, http);
        network = NetworkManager.authenticate(pipeline, profile);
        compute = ComputeManager.authenticate(pipeline, profile);
    }

    private static HttpClient httpClient(AzureConnection c) {
        java.net.http.HttpClient.Builder jdk = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        if (c.sslContext() != null) {
            jdk.sslContext(c.sslContext());
        }
        return new JdkHttpClientBuilder(jdk).responseTimeout(c.timeout()).build();
    }

    static AzureEnvironment environment(AzureEndpoint e) {
        if (e.equals(AzureEndpoint.PUBLIC)) {
            return AzureEnvironment.AZURE;
        }
        if (e.equals(AzureEndpoint.CHINA)) {
            return AzureEnvironment.AZURE_CHINA;
        }
        if (e.equals(AzureEndpoint.US_GOVERNMENT)) {
            return AzureEnvironment.AZURE_US_GOVERNMENT;
        }
        String arm = e.resourceManager().toString();
        // graph endpoints are required by the Compute manager's builder; Gatewarden never calls them
        return new AzureEnvironment(Map.of("resourceManagerEndpointUrl", arm, "managementEndpointUrl", arm,
                "activeDirectoryEndpointUrl", e.authorityHost().toString(), "activeDirectoryResourceId", arm,
                "activeDirectoryGraphResourceId", arm, "microsoftGraphResourceId", arm));
    }

    private static TokenCredential credential(AzureConnection c, HttpClient http) {
        String authority = c.endpoint().authorityHost().toString();
        boolean discovery = c.endpoint().knownAuthority();
        if (c.credential() instanceof AzureCredential.ClientSecret s) {
            ClientSecretCredentialBuilder b = new ClientSecretCredentialBuilder().tenantId(c.tenantId())
                    .clientId(s.clientId()).clientSecret(s.secret().get()).authorityHost(authority).httpClient(http);
            return (discovery ? b : b.disableInstanceDiscovery()).build();
        }
        if (c.credential() instanceof AzureCredential.ClientCertificate cert) {
            ClientCertificateCredentialBuilder b = new ClientCertificateCredentialBuilder().tenantId(c.tenantId())
                    .clientId(cert.clientId()).authorityHost(authority).httpClient(http);
            String path = cert.certificate().toString();
            b = cert.password() == null ? b.pemCertificate(path)
                    : b.pfxCertificate(path).clientCertificatePassword(cert.password().get());
            return (discovery ? b : b.disableInstanceDiscovery()).build();
        }
        DefaultAzureCredentialBuilder b = new DefaultAzureCredentialBuilder().authorityHost(authority).httpClient(http);
        if (c.tenantId() != null) {
            b.tenantId(c.tenantId());
        }
        return b.build();
    }
}
