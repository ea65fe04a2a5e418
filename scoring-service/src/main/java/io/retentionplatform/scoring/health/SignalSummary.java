package io.retentionplatform.scoring.health;

import java.time.Instant;
import java.util.Objects;

/**
 * The figures a score was computed from, kept with the score so the next change can be explained against them, and
 * published with it (segmentation decides quadrants and the silent audit from them). Counts are over the model's
 * usage window (30 days) unless named 90.
 *
 * @param lastNps          the latest NPS if the score counts it (at most 180 days old), else null
 * @param lastNpsAnswer    the latest NPS answer whatever its age (published with {@code lastNpsAt}: the reader judges)
 * @param lastEngagementAt the latest engagement the customer made: inbound contact, marketing click or webinar, advocacy
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
        Integer lastNps,
        Integer lastNpsAnswer,
        Instant lastNpsAt,
        Instant lastHumanContactAt,
        Instant lastInboundContactAt,
        Instant lastEngagementAt) {

    /**
     * True when a figure published with the score differs. Days since contact are left out: they grow every day and
     * follow from lastHumanContactAt.
     */
    public boolean publishedFiguresDiffer(SignalSummary other) {
        return other == null || activeDays != other.activeDays || activeDaysPreviousPeriod != other.activeDaysPreviousPeriod
                || featuresUsed != other.featuresUsed || featureTarget != other.featureTarget
                || openTickets != other.openTickets || ticketsOpened != other.ticketsOpened
                || inboundContacts90 != other.inboundContacts90 || outboundContacts90 != other.outboundContacts90
                || advocacyActs90 != other.advocacyActs90 || marketingTouches90 != other.marketingTouches90
                || !Objects.equals(lastNpsAnswer, other.lastNpsAnswer) || !Objects.equals(lastNpsAt, other.lastNpsAt)
                || !Objects.equals(lastHumanContactAt, other.lastHumanContactAt)
                || !Objects.equals(lastInboundContactAt, other.lastInboundContactAt)
                || !Objects.equals(lastEngagementAt, other.lastEngagementAt);
    }
}
