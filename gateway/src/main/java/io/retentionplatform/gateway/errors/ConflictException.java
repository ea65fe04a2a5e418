package io.retentionplatform.gateway.errors;

import io.smallrye.graphql.api.ErrorCode;

/** The service behind refused the change because of the current state (e.g. already enrolled, no silent accounts); the GraphQL error carries this code. */
@ErrorCode("CONFLICT")
public class ConflictException extends RuntimeException {

    public ConflictException(String message) {
        super(message);
    }
}
