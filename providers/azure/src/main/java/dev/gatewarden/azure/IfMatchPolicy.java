package dev.gatewarden.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.policy.HttpPipelineSyncPolicy;
import com.azure.core.util.Context;

/**
 * Adds {@code If-Match: <etag>} to PUT requests whose context carries an etag. Only PUTs: the long-running
 * operation's poll GETs share the context and must not carry it.
 */
final class IfMatchPolicy extends HttpPipelineSyncPolicy {
    private static final String KEY = "gatewarden.if-match";

    static Context ifMatch(String etag) {
        return etag == null ? Context.NONE : Context.NONE.addData(KEY, etag);
    }

    @Override
    protected void beforeSendingRequest(HttpPipelineCallContext context) {
        if (context.getHttpRequest().getHttpMethod() == HttpMethod.PUT) {
            context.getData(KEY).ifPresent(etag -> context.getHttpRequest().setHeader(HttpHeaderName.IF_MATCH,
                    etag.toString()));
        }
    }
}
