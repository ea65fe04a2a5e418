package io.retentionplatform.gateway.errors;

import io.smallrye.graphql.api.ErrorCode;

/** Something the operation names does not exist in the service behind it; the GraphQL error carries this code. */
@ErrorCode("NOT_FOUND")
public class NotFoundException extends RuntimeException {

    public NotFoundException(String message) {
        super(message);
    }
}
