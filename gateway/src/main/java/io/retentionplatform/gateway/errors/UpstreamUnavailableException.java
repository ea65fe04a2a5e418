package io.retentionplatform.gateway.errors;

import io.smallrye.graphql.api.ErrorCode;

/** A service behind the gateway did not answer in time or failed; the GraphQL error carries this code. */
@ErrorCode("UPSTREAM_UNAVAILABLE")
public class UpstreamUnavailableException extends RuntimeException {

    public UpstreamUnavailableException(String service, Throwable cause) {
        super(service + " is unavailable: " + cause.getMessage(), cause);
    }
}
