package dev.gatewarden.azure;

import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts the ARM requests sent (retries and long-running-operation polls included): reads (GET) and writes
 * (everything else). Token requests go through the identity library's own pipeline and are not counted.
 */
final class ArmCallCounter extends HttpPipelineSyncPolicy {
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        (context.getHttpRequest().getHttpMethod() == HttpMethod.GET ? reads : writes).incrementAndGet();
    }

    long reads() {
        return reads.get();
    }

    long writes() {
        return writes.get();
    }
}
