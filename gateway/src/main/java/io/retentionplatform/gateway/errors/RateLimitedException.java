package io.retentionplatform.gateway.errors;

import io.smallrye.graphql.api.ErrorCode;

/** The service behind asked the caller to slow down; the GraphQL error carries this code. */
@ErrorCode("RATE_LIMITED")
public class RateLimitedException extends RuntimeException {

    public RateLimitedException(String message) {
        super(message);
    }
}
