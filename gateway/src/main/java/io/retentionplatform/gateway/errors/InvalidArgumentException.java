package io.retentionplatform.gateway.errors;

import io.smallrye.graphql.api.ErrorCode;

/** An argument of a query is out of range; the GraphQL error carries this code. */
@ErrorCode("INVALID_ARGUMENT")
public class InvalidArgumentException extends RuntimeException {

    public InvalidArgumentException(String argument, String problem) {
        super(argument + ": " + problem);
    }

    /** A message as the service behind phrased it (it names the fields at fault). */
    public InvalidArgumentException(String message) {
        super(message);
    }
}
