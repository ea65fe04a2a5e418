package io.retentionplatform.contracts;

import java.time.Instant;
import java.util.List;

/**
 * An account's health score after a change, on {@link Topics#HEALTH_SCORES}, keyed by {@code accountId}.
 * Fields after {@code computedAt} were added within schema version 1; consumers ignore fields they do not know.
 *
 * @param schemaVersion       {@link #SCHEMA_VERSION} when written
 * @param messageId           unique per publication: consumers deduplicate on it
 * @param accountId           the account
 * @param version             per-account, increasing: a consumer ignores a version at or below the one it holds
 * @param score               health 0-100
 * @param band                {@code healthy}, {@code watch} or {@code at_risk}
 * @param adoption            component 0-100: product usage and feature adoption
 * @param support             component 0-100: support burden (100 = no open trouble)
 * @param engagement          component 0-100: human contact, marketing engagement, advocacy
 * @param computedAt          when scoring-service computed it
 * @param survey              component 0-100 from the latest NPS, null when none is known (its weight is capped)
 * @param engagementScore30   engagement score (behaviour + support + usage) over 30 days
 * @param engagementScore90   the same over 90 days
 * @param trendChange7        score change against 7 days before, null without history that old
 * @param trendChange30       score change against 30 days before
 * @param trendDirection      {@code up}, {@code down} or {@code flat}
 * @param explanation         one English sentence: the score and what moved it
 * @param changes             one line per component that moved, with its signals
 * @param satisfactionTrap    good NPS, no human contact in 90 days, falling usage
 * @param premiumPaysBasicUse pays for a premium tier but uses none of its premium features
 * @param daysSinceHumanContact days since the last human contact, null if never
 * @param modelVersion        the health model version the score was computed with
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
        Instant computedAt,
        Integer survey,
        Integer engagementScore30,
        Integer engagementScore90,
        Integer trendChange7,
        Integer trendChange30,
        String trendDirection,
        String explanation,
        List<String> changes,
        boolean satisfactionTrap,
        boolean premiumPaysBasicUse,
        Integer daysSinceHumanContact,
        Long modelVersion) {

    public static final int SCHEMA_VERSION = 1;

    /** The fields of the first release only; the rest unknown. */
    public static HealthScoreMessage basic(String messageId, String accountId, long version, int score, String band,
            int adoption, int support, int engagement, Instant computedAt) {
        return new HealthScoreMessage(SCHEMA_VERSION, messageId, accountId, version, score, band, adoption, support,
                engagement, computedAt, null, null, null, null, null, null, null, List.of(), false, false, null, null);
    }
}
