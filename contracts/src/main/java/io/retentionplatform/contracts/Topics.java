package io.retentionplatform.contracts;

/**
 * Kafka topics between services. Every record is keyed by account id, so one account's messages stay in
 * order on one partition. Each consuming topic has a dead-letter twin for messages that cannot be processed.
 */
public final class Topics {

    /** Engagement events accepted by scoring-service's webhooks: {@link EngagementEventMessage}. */
    public static final String ENGAGEMENT_EVENTS = "engagement-events";
    public static final String ENGAGEMENT_EVENTS_DLQ = "engagement-events-dlq";

    /** Every change of an account's health score: {@link HealthScoreMessage}. */
    public static final String HEALTH_SCORES = "health-scores";
    public static final String HEALTH_SCORES_DLQ = "health-scores-dlq";

    /** Account master data (plan tier, entitled features, ARR) published by segmentation-service. */
    public static final String ACCOUNT_CHANGES = "account-changes";
    public static final String ACCOUNT_CHANGES_DLQ = "account-changes-dlq";

    /** ARR changes and renewals that arrived as engagement events, forwarded by scoring-service: {@link ArrChangeMessage}. */
    public static final String ARR_CHANGES = "arr-changes";
    public static final String ARR_CHANGES_DLQ = "arr-changes-dlq";

    /** Segment and quadrant changes published by segmentation-service, consumed by nurture-service. */
    public static final String SEGMENT_CHANGES = "segment-changes";
    public static final String SEGMENT_CHANGES_DLQ = "segment-changes-dlq";

    /** What happened to nurture outreach (steps sent, outcomes, exits, completions): {@link NurtureOutcomeMessage}. */
    public static final String NURTURE_OUTCOMES = "nurture-outcomes";

    /** Changes of an account's expansion-play eligibility: {@link ExpansionEligibilityMessage}. */
    public static final String EXPANSION_ELIGIBILITY = "expansion-eligibility";
    public static final String EXPANSION_ELIGIBILITY_DLQ = "expansion-eligibility-dlq";

    /** Requests to erase an account's or one person's data (GDPR art. 17): {@link ErasureRequestMessage}. */
    public static final String ERASURE_REQUESTS = "erasure-requests";
    public static final String ERASURE_REQUESTS_DLQ = "erasure-requests-dlq";

    /** Each service's confirmation that it erased what a request asked for: {@link ErasureConfirmationMessage}. */
    public static final String ERASURE_CONFIRMATIONS = "erasure-confirmations";
    public static final String ERASURE_CONFIRMATIONS_DLQ = "erasure-confirmations-dlq";

    private Topics() {
    }
}
