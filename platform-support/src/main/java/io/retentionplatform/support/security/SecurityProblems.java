package io.retentionplatform.support.security;

import java.util.Map;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.UnauthorizedException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * 401 as problem+json, saying no more than that (never why a token was refused: that goes to the log at debug
 * level). Written here because quarkus-resteasy-problem 3.21's mapper for these exceptions does not link against
 * Quarkus 3.34 (a 500 instead of a 401); this one takes precedence over it. Its 403 mapper works and is kept.
 */
public class SecurityProblems {

    private final ObjectMapper json;

    public SecurityProblems(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper(value = { UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class }, priority = Priorities.USER - 100)
    public Response unauthorized(RuntimeException failure, UriInfo uri) {
        return ProblemResponse.of(json, 401, "Unauthorized",
                "Valid credentials are required: a bearer token (JWT) or, for ingest, an API key", uri.getPath(), Map.of())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
