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
 * @param signals             the figures behind the score that downstream rules decide on (quadrant axes, silent
 *                            audit, time-to-value); null from producers older than this field
 * @param churnRisk           the active churn model's risk for the account when the score was published; null when no
 *                            churn model is active, and from producers older than this field
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
        Long modelVersion,
        Signals signals,
        ChurnRisk churnRisk) {

    public static final int SCHEMA_VERSION = 1;

    /**
     * The account's signals at the time of the score, as scoring-service folded them from its events. Segmentation
     * decides quadrants and the silent audit from these and never reads events itself.
     *
     * @param activeDays30          days with product usage in the last 30 days
     * @param activeDaysPrevious30  the same for the 30 days before those
     * @param featuresUsed30        distinct features used in the last 30 days
     * @param featureTarget         features the plan entitles (or the model's default target without a plan)
     * @param inboundContacts90     customer-initiated human contacts (calls, meetings, e-mail replies) in 90 days
     * @param outboundContacts90    human contacts the vendor initiated, in 90 days
     * @param advocacyActs90        referrals, case studies, reviews and reference calls in 90 days
     * @param marketingTouches90    marketing e-mail opens/clicks and webinars in 90 days
     * @param openTickets           support tickets open now
     * @param ticketsOpened30       support tickets opened in the last 30 days
     * @param lastNps               the latest NPS answer (0-10), null if none
     * @param lastNpsAt             when it was given
     * @param lastHumanContactAt    the latest human contact in either direction, null if never
     * @param lastInboundContactAt  the latest customer-initiated human contact, null if never
     * @param lastEngagementAt      the latest engagement the customer made: inbound contact, marketing engagement or
     *                              advocacy (used for the silent audit's re-engagement), null if never
     */
    public record Signals(
            int activeDays30,
            int activeDaysPrevious30,
            int featuresUsed30,
            int featureTarget,
            int inboundContacts90,
            int outboundContacts90,
            int advocacyActs90,
            int marketingTouches90,
            int openTickets,
            int ticketsOpened30,
            Integer lastNps,
            Instant lastNpsAt,
            Instant lastHumanContactAt,
            Instant lastInboundContactAt,
            Instant lastEngagementAt) {
    }

    /**
     * The account's churn risk from scoring-service's active churn model (scoring-service README, "Churn model").
     *
     * @param probability  calibrated probability of churning (or contracting beyond the label's share) within the
     *                     model's horizon, 0-1
     * @param band         {@code low}, {@code medium} or {@code high}
     * @param drivers      the features that move this account's probability most, largest first
     * @param modelVersion the churn model version it was computed with
     * @param computedAt   when it was computed
     */
    public record ChurnRisk(double probability, String band, List<Driver> drivers, long modelVersion, Instant computedAt) {

        public ChurnRisk {
            drivers = drivers == null ? List.of() : List.copyOf(drivers);
        }
    }

    /**
     * One reason for a churn probability.
     *
     * @param feature the model feature, e.g. {@code days_since_human_contact}
     * @param effect  how much it moves the probability (probability minus the probability with the feature at the
     *                portfolio's mean)
     * @param text    in plain English, e.g. {@code +0.18 no human contact for 104 days}
     */
    public record Driver(String feature, double effect, String text) {
    }

    /** The fields of the first release only; the rest unknown. */
    public static HealthScoreMessage basic(String messageId, String accountId, long version, int score, String band,
            int adoption, int support, int engagement, Instant computedAt) {
        return new HealthScoreMessage(SCHEMA_VERSION, messageId, accountId, version, score, band, adoption, support,
                engagement, computedAt, null, null, null, null, null, null, null, List.of(), false, false, null, null, null, null);
    }
}
