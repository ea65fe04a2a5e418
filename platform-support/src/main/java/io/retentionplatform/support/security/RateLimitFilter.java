package io.retentionplatform.support.security;

import java.lang.reflect.Method;
import java.util.Map;

import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Applies {@link RateLimited} to the matched operation once its caller is known (the role check has run before
 * request filters, so only authorized calls are counted).
 */
public class RateLimitFilter {

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
        return ProblemResponse.of(json, 429, "Too Many Requests", "Rate limit '" + refusal.limit()
                        + "' reached for this caller; retry after " + refusal.retryAfterSeconds() + " s", uri.getPath(), Map.of())
                .header(HttpHeaders.RETRY_AFTER, refusal.retryAfterSeconds())
                .build();
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
