package io.retentionplatform.gateway.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.ext.web.RoutingContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.rest.client.ext.ClientHeadersFactory;

/**
 * Sends the caller's own token on to the services behind the gateway, which check it again: the gateway never
 * calls a service with more rights than its caller has, and has no credentials of its own.
 *
 * <p>Written here rather than with the REST client's header propagation, which copies headers of an incoming
 * JAX-RS request; a GraphQL resolver runs outside one.
 */
@ApplicationScoped
public class CallerTokenPropagation implements ClientHeadersFactory {

    private final CurrentVertxRequest request;

    public CallerTokenPropagation(CurrentVertxRequest request) {
        this.request = request;
    }

    @Override
    public MultivaluedMap<String, String> update(MultivaluedMap<String, String> incoming,
            MultivaluedMap<String, String> outgoing) {
        MultivaluedMap<String, String> headers = new MultivaluedHashMap<>();
        // The identity the request was authenticated with (read without blocking: the resolver already checked it).
        RoutingContext context = request.getCurrent();
        if (context != null && context.user() instanceof QuarkusHttpUser user
                && user.getSecurityIdentity().getPrincipal() instanceof JsonWebToken token && token.getRawToken() != null) {
            headers.putSingle("Authorization", "Bearer " + token.getRawToken());
        }
        return headers;
    }
}
