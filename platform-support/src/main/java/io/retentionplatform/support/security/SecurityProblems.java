package io.retentionplatform.support.security;

import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
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

    private static final String PROBLEM_JSON = "application/problem+json";

    private final ObjectMapper json;

    public SecurityProblems(ObjectMapper json) {
        this.json = json;
    }

    @ServerExceptionMapper(value = { UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class }, priority = Priorities.USER - 100)
    public Response unauthorized(RuntimeException failure, UriInfo uri) {
        return problem(401, "Unauthorized", "Valid credentials are required: a bearer token (JWT) or, for ingest, an API key",
                uri).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    private Response.ResponseBuilder problem(int status, String title, String detail, UriInfo uri) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", status);
        problem.put("title", title);
        problem.put("detail", detail);
        problem.put("instance", uri.getPath());
        try {
            return Response.status(status).header(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON).entity(json.writeValueAsString(problem));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
