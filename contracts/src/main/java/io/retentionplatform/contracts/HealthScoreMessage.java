package io.retentionplatform.contracts;

import java.time.Instant;

/**
 * An account's health score after a change, on {@link Topics#HEALTH_SCORES}, keyed by {@code accountId}.
 *
 * @param schemaVersion {@link #SCHEMA_VERSION} when written
 * @param messageId     unique per publication: consumers deduplicate on it
 * @param accountId     the account
 * @param version       per-account, increasing: a consumer ignores a version at or below the one it holds
 * @param score         health 0-100
 * @param band          {@code healthy}, {@code watch} or {@code at_risk}
 * @param adoption      component 0-100: product usage and feature adoption
 * @param support       component 0-100: support burden (100 = no open trouble)
 * @param engagement    component 0-100: human contact, marketing engagement, advocacy
 * @param computedAt    when scoring-service computed it
 */
public record HealthScoreMessage(
        int schemaVersion,
        String messageId,
        String accountId,
        long version,
        int score,
        String band,
        int adoption,
        int support,
        int engagement,
        Instant computedAt) {

    public static final int SCHEMA_VERSION = 1;
}
