package io.retentionplatform.infra.attack;

/**
 * What a probe sends in its Authorization header. Person tokens are minted when the request is sent, each with a
 * subject of its own unless one is given (so that per-user rate limits count each probe once).
 */
public sealed interface Credential {

    /** No Authorization header. */
    record None() implements Credential {
    }

    /** A valid JWT with this role; {@code subject} null means a new subject per request. */
    record Jwt(Role role, String subject) implements Credential {
    }

    /** The configured ingest API key, as a bearer token or as HTTP Basic user name with an empty password. */
    record IngestKey(boolean basic, boolean paced) implements Credential {
    }

    /**
     * A header value as it is (forged tokens, garbage); {@code paceKey} names the API key it carries, if any, so
     * that requests with it are paced like the real key's.
     */
    record Raw(String header, String paceKey) implements Credential {
    }

    Credential NONE = new None();

    static Credential jwt(Role role) {
        return role == Role.INGEST ? new IngestKey(false, true) : new Jwt(role, null);
    }
}
