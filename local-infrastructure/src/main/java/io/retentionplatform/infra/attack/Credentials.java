package io.retentionplatform.infra.attack;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.retentionplatform.infra.security.LocalTokens;

/**
 * Turns a {@link Credential} into an Authorization header: mints person tokens with the trusted private key (a new
 * subject per request unless one is fixed), and paces every request that carries an API key at the configured rate
 * per key.
 */
final class Credentials {

    static final Duration TOKEN_LIFETIME = Duration.ofMinutes(15);

    private final PrivateKey signingKey;
    private final String ingestKey;
    private final String runId;
    private final double keyRatePerSecond;
    private final AtomicLong subjects = new AtomicLong();
    private final Map<String, Pacer> pacers = new ConcurrentHashMap<>();

    Credentials(PrivateKey signingKey, String ingestKey, String runId, double keyRatePerSecond) {
        this.signingKey = signingKey;
        this.ingestKey = ingestKey;
        this.runId = runId;
        this.keyRatePerSecond = keyRatePerSecond;
    }

    String ingestKey() {
        return ingestKey;
    }

    PrivateKey signingKey() {
        return signingKey;
    }

    /** The header value, or null for none; blocks for pacing where the credential is an API key. */
    String authorization(Credential credential) {
        if (credential instanceof Credential.Jwt jwt) {
            return "Bearer " + token(jwt.role(), jwt.subject() != null ? jwt.subject()
                    : "attack-" + runId + "-" + subjects.incrementAndGet());
        }
        if (credential instanceof Credential.IngestKey key) {
            if (key.paced()) {
                pace(ingestKey);
            }
            return key.basic() ? basic(ingestKey) : "Bearer " + ingestKey;
        }
        if (credential instanceof Credential.Raw raw) {
            if (raw.paceKey() != null) {
                pace(raw.paceKey());
            }
            return raw.header();
        }
        return null;
    }

    String token(Role role, String subject) {
        Instant now = Instant.now();
        return LocalTokens.mint(signingKey, subject, List.of(role.id()), now.minusSeconds(5), now.plus(TOKEN_LIFETIME));
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":").getBytes(StandardCharsets.UTF_8));
    }

    private void pace(String key) {
        pacers.computeIfAbsent(key, k -> new Pacer(keyRatePerSecond)).await();
    }
}
