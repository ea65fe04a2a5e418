package io.retentionplatform.scoring.signals;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;

import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.HealthCalculator;
import io.retentionplatform.scoring.health.HealthModel;
import org.junit.jupiter.api.Test;

/** An account's signals stay bounded however many events, features and tickets arrive over however long. */
class AccountSignalsTest {

    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final HealthModel MODEL = new HealthModel(1, 0.35, 0.25, 0.30, 0.10, 0.15, 70, 40, 30, 90, 30,
            Set.of("premium"));
    /** The longest windows a model may have. */
    private static final HealthModel LONGEST = new HealthModel(2, 0.35, 0.25, 0.30, 0.10, 0.15, 70, 40,
            AccountSignals.MAX_WINDOW_DAYS, AccountSignals.MAX_WINDOW_DAYS, 30, Set.of("premium"));

    @Test
    void threeYearsOfNewFeaturesAndUnclosedTicketsEveryDayStayBounded() {
        AccountSignals signals = new AccountSignals();
        LocalDate today = START;
        int feature = 0;
        int ticket = 0;
        for (int day = 0; day < 3 * 365; day++) {
            today = START.plusDays(day);
            for (int i = 0; i < 20; i++) {
                signals.apply(EngagementEventType.USAGE_FEATURE_USED, at(today, i), Map.of("feature", "feature-" + feature++));
            }
            for (int i = 0; i < 5; i++) {
                signals.apply(EngagementEventType.SUPPORT_TICKET_OPENED, at(today, i), Map.of("ticketId", "T-" + ticket++));
            }
            // The daily rescore prunes.
            signals.prune(today);
        }

        assertThat(feature).isEqualTo(21_900);
        assertThat(ticket).isEqualTo(5_475);
        assertThat(signals.featureLastUsed()).hasSize(AccountSignals.MAX_FEATURES);
        assertThat(signals.openTickets()).hasSize(AccountSignals.MAX_OPEN_TICKETS);
        assertThat(signals.days()).hasSizeLessThanOrEqualTo(AccountSignals.RETAINED_DAYS + 1);
        assertThat(signals.days().values()).allSatisfy(d -> assertThat(d.features()).isEmpty());
        // The most recent survive: the latest features used and the tickets opened last.
        assertThat(signals.featureLastUsed()).containsKey("feature-" + (feature - 1));
        assertThat(signals.openTickets()).contains("T-" + (ticket - 1)).doesNotContain("T-0");

        HealthAssessment a = new HealthCalculator().assess(signals, null, MODEL, at(today, 23));
        assertThat(a.summary().featuresUsed()).isEqualTo(AccountSignals.MAX_FEATURES);
        assertThat(a.summary().activeDays()).isEqualTo(30);
        assertThat(a.summary().openTickets()).isEqualTo(AccountSignals.MAX_OPEN_TICKETS);
    }

    @Test
    void featuresLastUsedBeforeTheLongestWindowArePruned() {
        AccountSignals signals = new AccountSignals();
        LocalDate today = START.plusDays(400);
        signals.apply(EngagementEventType.USAGE_FEATURE_USED, at(today.minusDays(AccountSignals.MAX_WINDOW_DAYS), 0),
                Map.of("feature", "too-old"));
        signals.apply(EngagementEventType.USAGE_FEATURE_USED, at(today.minusDays(AccountSignals.MAX_WINDOW_DAYS - 1), 0),
                Map.of("feature", "oldest-kept"));
        signals.apply(EngagementEventType.USAGE_FEATURE_USED, at(today.minusDays(AccountSignals.RETAINED_DAYS + 1), 0),
                Map.of("feature", "ancient"));

        signals.prune(today);

        assertThat(signals.featureLastUsed()).containsOnlyKeys("oldest-kept");
        assertThat(signals.days().firstKey()).isAfterOrEqualTo(today.minusDays(AccountSignals.RETAINED_DAYS));
    }

    @Test
    void theLongestWindowsAModelMayHaveStillSeeEverythingTheyRead() {
        AccountSignals signals = new AccountSignals();
        LocalDate today = START;
        // Active every day for 400 days, one inbound contact a week, the same six features over and over.
        for (int day = 0; day < 400; day++) {
            today = START.plusDays(day);
            signals.apply(EngagementEventType.USAGE_FEATURE_USED, at(today, 1), Map.of("feature", "f" + day % 6));
            if (day % 7 == 0) {
                signals.apply(EngagementEventType.CONTACT_CALL, at(today, 2), Map.of("direction", "inbound"));
            }
            signals.prune(today);
        }

        HealthAssessment a = new HealthCalculator().assess(signals, null, LONGEST, at(today, 23));

        // The 180 days of the window, and the 180 before them that the satisfaction trap and trend compare with.
        assertThat(a.summary().activeDays()).isEqualTo(180);
        assertThat(a.summary().activeDaysPreviousPeriod()).isEqualTo(180);
        assertThat(a.summary().featuresUsed()).isEqualTo(6);
        assertThat(a.summary().inboundContacts90()).isEqualTo(26);
    }

    @Test
    void theLeastRecentlyUsedFeatureGivesWayEvenWhenItArrivesLate() {
        AccountSignals signals = new AccountSignals();
        Instant now = at(START, 12);
        for (int i = 0; i < AccountSignals.MAX_FEATURES; i++) {
            signals.apply(EngagementEventType.USAGE_FEATURE_USED, now.minusSeconds(i), Map.of("feature", "f" + i));
        }
        // An old event arriving late for a new feature does not push out one used more recently.
        signals.apply(EngagementEventType.USAGE_FEATURE_USED, now.minus(30, ChronoUnit.DAYS), Map.of("feature", "late"));
        assertThat(signals.featureLastUsed()).hasSize(AccountSignals.MAX_FEATURES).doesNotContainKey("late");

        signals.apply(EngagementEventType.USAGE_FEATURE_USED, now.plusSeconds(1), Map.of("feature", "newest"));
        assertThat(signals.featureLastUsed()).hasSize(AccountSignals.MAX_FEATURES).containsKey("newest")
                .doesNotContainKey("f" + (AccountSignals.MAX_FEATURES - 1));
    }

    @Test
    void closingATicketStillWorksAfterOthersGaveWay() {
        AccountSignals signals = new AccountSignals();
        Instant now = at(START, 12);
        for (int i = 0; i < AccountSignals.MAX_OPEN_TICKETS + 10; i++) {
            signals.apply(EngagementEventType.SUPPORT_TICKET_OPENED, now, Map.of("ticketId", "T" + i));
        }
        signals.apply(EngagementEventType.SUPPORT_TICKET_CLOSED, now, Map.of("ticketId", "T" + (AccountSignals.MAX_OPEN_TICKETS + 9)));

        assertThat(signals.openTickets()).hasSize(AccountSignals.MAX_OPEN_TICKETS - 1).doesNotContain("T0", "T9").contains("T10");
    }

    private static Instant at(LocalDate day, int hour) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(hour, ChronoUnit.HOURS);
    }
}
