package io.retentionplatform.scoring.apikey;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Uni;

/** Turns a valid, unrevoked API key into an identity with the ingest role and nothing more. */
@ApplicationScoped
public class ApiKeyIdentityProvider implements IdentityProvider<ApiKeyAuthenticationRequest> {

    /** The identity attribute naming the sender the key belongs to. */
    public static final String SOURCE = "api-key-source";

    private final ApiKeyStore keys;

    public ApiKeyIdentityProvider(ApiKeyStore keys) {
        this.keys = keys;
    }

    @Override
    public Class<ApiKeyAuthenticationRequest> getRequestType() {
        return ApiKeyAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(ApiKeyAuthenticationRequest request, AuthenticationRequestContext context) {
        ApiKeyFormat.Parsed parsed = ApiKeyFormat.parse(request.key()).orElse(null);
        if (parsed == null) {
            return Uni.createFrom().failure(new AuthenticationFailedException("malformed API key"));
        }
        return keys.find(parsed.id()).map(found -> found
                .filter(ApiKey::active)
                .filter(key -> ApiKeyFormat.matches(parsed.secret(), key.secretHash()))
                .map(key -> (SecurityIdentity) QuarkusSecurityIdentity.builder()
                        .setPrincipal(new QuarkusPrincipal("api-key:" + key.id()))
                        .addRole(Roles.INGEST)
                        .addAttribute(SOURCE, key.source())
                        .build())
                .orElseThrow(() -> new AuthenticationFailedException("unknown or revoked API key")));
    }
}
