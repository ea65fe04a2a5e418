package io.retentionplatform.scoring.apikey;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** An API key presented by a caller, not yet checked. */
public class ApiKeyAuthenticationRequest extends BaseAuthenticationRequest {

    private final String key;

    public ApiKeyAuthenticationRequest(String key) {
        this.key = key;
    }

    public String key() {
        return key;
    }
}
