package dev.gatewarden.aws;

import dev.gatewarden.GatewardenException.ConfigException;
import dev.gatewarden.spi.CallRecorder;
import dev.gatewarden.spi.Secret;
import dev.gatewarden.spi.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.retries.AdaptiveRetryStrategy;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/** Builds the {@link Ec2Client} of one cloud entry from its settings. */
final class Ec2Clients {
    static final int DEFAULT_MAX_ATTEMPTS = 5;

    private Ec2Clients() {
    }

    /** What was read from the settings, validated. */
    record Options(Region region, Optional<String> profile, Optional<String> roleArn, Optional<String> externalId,
                   Optional<URI> endpoint, Optional<Secret> accessKeyId, Optional<Secret> secretAccessKey,
                   int maxAttempts) {
    }

    static Options options(Settings s) {
        String region = s.requireString(AwsCloudProviderFactory.REGION);
        if (!region.matches("[a-z]{2}(-[a-z]+)+-\\d+")) {
            throw new ConfigException(s.where() + ": region '" + region + "' is not an AWS region name (e.g. eu-west-1)");
        }
        Optional<URI> endpoint = s.string(AwsCloudProviderFactory.ENDPOINT).map(e -> {
            try {
                URI uri = URI.create(e);
                if (uri.getScheme() == null || !(uri.getScheme().equals("https") || uri.getScheme().equals("http"))
                        || uri.getHost() == null) {
                    throw new IllegalArgumentException("expected http(s)://host[:port]");
                }
                return uri;
            } catch (IllegalArgumentException ex) {
                throw new ConfigException(s.where() + ": endpoint '" + e + "' is not a URL (" + ex.getMessage() + ")");
            }
        });
        Optional<Secret> keyId = s.secret(AwsCloudProviderFactory.ACCESS_KEY_ID);
        Optional<Secret> secretKey = s.secret(AwsCloudProviderFactory.SECRET_ACCESS_KEY);
        if (keyId.isPresent() != secretKey.isPresent()) {
            throw new ConfigException(s.where() + ": set both accessKeyId and secretAccessKey, or neither (then the "
                    + "SDK default credential chain, a profile or a role is used)");
        }
        Optional<String> profile = s.string(AwsCloudProviderFactory.PROFILE);
        if (profile.isPresent() && keyId.isPresent()) {
            throw new ConfigException(s.where() + ": choose either a profile or static keys, not both");
        }
        Optional<String> roleArn = s.string(AwsCloudProviderFactory.ROLE_ARN);
        Optional<String> externalId = s.string(AwsCloudProviderFactory.EXTERNAL_ID);
        if (externalId.isPresent() && roleArn.isEmpty()) {
            throw new ConfigException(s.where() + ": externalId needs roleArn (it is passed when assuming the role)");
        }
        roleArn.ifPresent(arn -> {
            if (!arn.matches("arn:aws[a-z-]*:iam::\\d{12}:role/.+")) {
                throw new ConfigException(s.where() + ": roleArn '" + arn
                        + "' is not an IAM role ARN (arn:aws:iam::<account>:role/<name>)");
            }
        });
        int maxAttempts = s.integer(AwsCloudProviderFactory.MAX_ATTEMPTS).orElse(DEFAULT_MAX_ATTEMPTS);
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new ConfigException(s.where() + ": maxAttempts must be between 1 and 20, got " + maxAttempts);
        }
        return new Options(Region.of(region), profile, roleArn, externalId, endpoint, keyId, secretKey, maxAttempts);
    }

    /**
     * @param backoff null for the SDK's defaults; tests pass a short one so throttling retries stay fast
     */
    static Clients build(Options o, String cloud, String owner, CallRecorder calls, BackoffStrategy backoff) {
        AwsCredentialsProvider base;
        if (o.accessKeyId().isPresent()) {
            base = StaticCredentialsProvider.create(AwsBasicCredentials.create(o.accessKeyId().get().reveal(),
                    o.secretAccessKey().get().reveal()));
        } else if (o.profile().isPresent()) {
            base = ProfileCredentialsProvider.create(o.profile().get());
        } else {
            base = DefaultCredentialsProvider.builder().build();
        }
        AwsCredentialsProvider credentials = base;
        StsClient sts = null;
        StsAssumeRoleCredentialsProvider assumed = null;
        if (o.roleArn().isPresent()) {
            sts = StsClient.builder().region(o.region()).credentialsProvider(base)
                    .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))).build();
            assumed = StsAssumeRoleCredentialsProvider.builder().stsClient(sts).asyncCredentialUpdateEnabled(false)
                    .refreshRequest(r -> {
                        r.roleArn(o.roleArn().get()).roleSessionName(("gatewarden-" + owner).substring(0,
                                Math.min(64, ("gatewarden-" + owner).length())));
                        o.externalId().ifPresent(r::externalId);
                    }).build();
            credentials = assumed;
        }
        AdaptiveRetryStrategy.Builder retry = AwsRetryStrategy.adaptiveRetryStrategy().toBuilder()
                .maxAttempts(o.maxAttempts());
        if (backoff != null) {
            retry.backoffStrategy(backoff).throttlingBackoffStrategy(backoff);
        }
        ClientOverrideConfiguration override = ClientOverrideConfiguration.builder().retryStrategy(retry.build())
                .addExecutionInterceptor(new CallCountingInterceptor(calls, cloud)).build();
        var builder = Ec2Client.builder().region(o.region()).credentialsProvider(credentials)
                .httpClientBuilder(ApacheHttpClient.builder().connectionTimeout(Duration.ofSeconds(5))
                        .socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(override);
        o.endpoint().ifPresent(builder::endpointOverride);
        return new Clients(builder.build(), assumed, sts);
    }

    /** The EC2 client and what it depends on, closed together. */
    record Clients(Ec2Client ec2, StsAssumeRoleCredentialsProvider assumedRole, StsClient sts) implements AutoCloseable {
        @Override
        public void close() {
            ec2.close();
            if (assumedRole != null) {
                assumedRole.close();
            }
            if (sts != null) {
                sts.close();
            }
        }
    }
}
