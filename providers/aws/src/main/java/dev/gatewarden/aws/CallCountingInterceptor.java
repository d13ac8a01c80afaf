package dev.gatewarden.aws;

import dev.gatewarden.spi.CallRecorder;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Records every HTTP attempt (retries included) as (cloud name, EC2 operation). */
final class CallCountingInterceptor implements ExecutionInterceptor {
    private final CallRecorder calls;
    private final String cloud;

    CallCountingInterceptor(CallRecorder calls, String cloud) {
        this.calls = calls;
        this.cloud = cloud;
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        calls.record(cloud, op == null ? "unknown" : op);
    }
}
