package io.retentionplatform.support.security;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link RateLimited} to the matched operation once its caller is known (the role check has run before
 * request filters, so only authorized calls are counted).
 */
public class RateLimitFilter {

    private static final String PROBLEM_JSON = "application/problem+json";

    @Inject
    RateLimits limits;

    @Inject
    CurrentIdentityAssociation identities;

    @Inject
    ObjectMapper json;

    @ServerRequestFilter
    public Uni<Response> limit(ResourceInfo resource, UriInfo uri) {
        RateLimited limited = annotation(resource);
        if (limited == null) {
            return Uni.createFrom().nullItem();
        }
        return identities.getDeferredIdentity()
                .map(identity -> limits.tryCall(limited.value(), identity)
                        .map(refusal -> tooManyRequests(refusal, uri))
                        .orElse(null));
    }

    private Response tooManyRequests(RateLimits.Refusal refusal, UriInfo uri) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("status", 429);
        problem.put("title", "Too Many Requests");
        problem.put("detail", "Rate limit '" + refusal.limit() + "' reached for this caller; retry after "
                + refusal.retryAfterSeconds() + " s");
        problem.put("instance", uri.getPath());
        try {
            return Response.status(429)
                    .header(HttpHeaders.RETRY_AFTER, refusal.retryAfterSeconds())
                    .header(HttpHeaders.CONTENT_TYPE, PROBLEM_JSON)
                    .entity(json.writeValueAsString(problem))
                    .build();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RateLimited annotation(ResourceInfo resource) {
        Method method = resource.getResourceMethod();
        if (method == null) {
            return null;
        }
        RateLimited onMethod = method.getAnnotation(RateLimited.class);
        return onMethod != null ? onMethod : resource.getResourceClass().getAnnotation(RateLimited.class);
    }
}
