package io.retentionplatform.scoring.apikey;

import java.time.Instant;

/**
 * An event sender's API key as stored: never the key itself, only a SHA-256 hash of its secret part. The key is
 * {@code rpk_<id>_<secret>}; the id finds the record, the secret proves possession. Secrets are 256 random bits, so
 * a fast hash is enough (a slow password hash protects low-entropy secrets, which these are not).
 *
 * @param id         the public part, also the caller's name in logs and rate limits
 * @param source     which sender uses it (for example {@code hubspot} or {@code segment-prod})
 * @param secretHash hex SHA-256 of the secret
 * @param revokedAt  null while the key is valid
 */
public record ApiKey(String id, String source, String description, String secretHash, Instant createdAt,
        String createdBy, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}
