package io.retentionplatform.scoring.apikey;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Event senders' API keys, next to the JWT mechanism: {@code Authorization: Bearer rpk_...} anywhere, and on the
 * Segment endpoints ({@code /v1/...}) also HTTP Basic with the key as user name and an empty password, which is how
 * Segment's libraries send a write key. Any other credential is left to the JWT mechanism (this one answers "not
 * mine"), so a JWT and an API key can never be confused.
 *
 * <p>Hand-written because Quarkus has no API-key mechanism; the checking itself is an ordinary
 * {@link ApiKeyIdentityProvider}, and roles are enforced by the standard annotations.
 */
@ApplicationScoped
public class ApiKeyAuthenticationMechanism implements HttpAuthenticationMechanism {

    private static final String BEARER = "Bearer ";
    private static final String BASIC = "Basic ";
    private static final String SEGMENT_PATH = "/v1/";

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String key = presentedKey(context);
        if (key == null) {
            return Uni.createFrom().nullItem();
        }
        return identityProviderManager.authenticate(
                HttpSecurityUtils.setRoutingContextAttribute(new ApiKeyAuthenticationRequest(key), context));
    }

    private static String presentedKey(RoutingContext context) {
        String authorization = context.request().getHeader(HttpHeaders.AUTHORIZATION);
        if (authorization == null) {
            return null;
        }
        if (authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).trim();
            return token.startsWith(ApiKeyFormat.PREFIX) ? token : null;
        }
        if (authorization.regionMatches(true, 0, BASIC, 0, BASIC.length())
                && context.normalizedPath().startsWith(SEGMENT_PATH)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(authorization.substring(BASIC.length()).trim()),
                        StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? decoded : decoded.substring(0, colon);
            } catch (IllegalArgumentException e) {
                return "";
            }
        }
        return null;
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(ApiKeyAuthenticationRequest.class);
    }

    /** Before the JWT mechanism, so that it sees API keys first and passes everything else on. */
    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 1000;
    }
}
