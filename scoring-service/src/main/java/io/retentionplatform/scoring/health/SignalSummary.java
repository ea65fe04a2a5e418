package io.retentionplatform.scoring.health;

/**
 * The figures a score was computed from, kept with the score so the next change can be explained against them.
 * Counts are over the model's usage window (30 days) unless named 90.
 */
public record SignalSummary(
        int activeDays,
        int activeDaysPreviousPeriod,
        int featuresUsed,
        int featureTarget,
        int openTickets,
        int ticketsOpened,
        int highSeverityTickets,
        int inboundContacts90,
        int outboundContacts90,
        int advocacyActs90,
        int marketingTouches90,
        Integer daysSinceHumanContact,
        Integer lastNps) {
}
