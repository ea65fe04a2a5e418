package io.retentionplatform.scoring.health;

import java.time.Instant;

/** An account's current health score as stored, with its version and the last version published. */
public record StoredHealthScore(String accountId, HealthScore health, long version, long publishedVersion,
        Instant computedAt) {

    public boolean published() {
        return publishedVersion >= version;
    }
}
