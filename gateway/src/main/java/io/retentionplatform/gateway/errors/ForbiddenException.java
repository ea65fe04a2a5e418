package io.retentionplatform.gateway.errors;

import io.smallrye.graphql.api.ErrorCode;

/** The caller's token lacks the role the service behind requires; the GraphQL error carries this code. */
@ErrorCode("FORBIDDEN")
public class ForbiddenException extends RuntimeException {

    public ForbiddenException(String message) {
        super(message);
    }
}
