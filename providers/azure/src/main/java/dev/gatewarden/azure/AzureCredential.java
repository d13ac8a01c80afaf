package dev.gatewarden.azure;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How Gatewarden signs in to Entra ID. Secrets come from suppliers (resolved from secret references by the
 * caller) and never appear in {@code toString}.
 */
public sealed interface AzureCredential {

    /** {@code DefaultAzureCredential}: workload identity, managed identity, Azure CLI, environment. */
    record Default() implements AzureCredential {
    }

    /** A service principal with a client secret. */
    record ClientSecret(String clientId, Supplier<String> secret) implements AzureCredential {
        public ClientSecret {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(secret, "secret");
        }

        @Override
        public String toString() {
            return "ClientSecret[clientId=" + clientId + ", secret=***]";
        }
    }

    /** A service principal with a certificate (PEM, or PFX/PKCS12 when a password is given). */
    record ClientCertificate(String clientId, Path certificate, Supplier<String> password) implements AzureCredential {
        public ClientCertificate {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(certificate, "certificate");
        }

        @Override
        public String toString() {
            return "ClientCertificate[clientId=" + clientId + ", certificate=" + certificate + "]";
        }
    }
}
