package io.retentionplatform.scoring.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.retentionplatform.contracts.EngagementEventType;

/** A feature computed at a cut-off is the same whether or not later history exists: no leakage. */
class SnapshotLeakageTest {

    private final SnapshotBuilder builder = new SnapshotBuilder(HandBuiltHistory.MODEL, LabelRule.DEFAULT);

    @Test
    void featuresAtACutoffIgnoreEverythingAfterIt() {
        Instant cutoff = Instant.parse("2025-06-30T23:59:59Z");
        AccountHistory history = HandBuiltHistory.account(1);
        // After the cut-off: contact, an NPS, tickets, a plan and ARR change, an expansion; each moves a feature.
        Instant after = cutoff.plusSeconds(1);
        List<HistoricEvent> events = new ArrayList<>(history.events());
        events.add(new HistoricEvent(EngagementEventType.SURVEY_NPS, after, Map.of("score", 2)));
        events.add(new HistoricEvent(EngagementEventType.CONTACT_MEETING, after, Map.of("direction", "inbound")));
        events.add(new HistoricEvent(EngagementEventType.SUPPORT_TICKET_OPENED, after.plusSeconds(5),
                Map.of("ticketId", "t-1", "severity", "urgent")));
        events.add(new HistoricEvent(EngagementEventType.USAGE_FEATURE_USED, after, Map.of("feature", "reports")));
        List<AccountFacts> facts = new ArrayList<>(history.facts());
        facts.add(new AccountFacts(after, "premium", Set.of("reports"), Set.of("reports"), 50_000.0, LocalDate.of(2025, 8, 1),
                LocalDate.of(2024, 1, 1), true));
        List<ArrMovement> movements = new ArrayList<>(history.movements());
        movements.add(new ArrMovement(after, "expansion", 40_000));
        AccountHistory withLater = new AccountHistory(history.accountId(), events, facts, movements);
        AccountHistory withoutLater = withLater.knownAt(cutoff);
        assertThat(withoutLater.events()).hasSizeLessThan(withLater.events().size());

        FeatureSnapshot full = builder.snapshots(withLater, List.of(cutoff), HandBuiltHistory.knownUntil()).get(0);
        FeatureSnapshot known = builder.snapshots(withoutLater, List.of(cutoff), HandBuiltHistory.knownUntil()).get(0);

        assertThat(full.values()).containsExactly(known.values());
        assertThat(full.healthScore()).isEqualTo(known.healthScore());
        // And the later history does move the features when the cut-off lies after it.
        Instant later = cutoff.plus(2, ChronoUnit.DAYS);
        FeatureSnapshot afterwards = builder.snapshots(withLater, List.of(later), HandBuiltHistory.knownUntil()).get(0);
        assertThat(afterwards.values()[ChurnFeature.NPS.ordinal()]).isEqualTo(2);
        assertThat(afterwards.values()[ChurnFeature.OPEN_TICKETS.ordinal()]).isEqualTo(1);
        assertThat(afterwards.values()[ChurnFeature.PREMIUM_PLAN.ordinal()]).isEqualTo(1);
        assertThat(known.values()[ChurnFeature.NPS_KNOWN.ordinal()]).isZero();
        assertThat(known.values()[ChurnFeature.PREMIUM_PLAN.ordinal()]).isZero();
    }

    @Test
    void everyCutoffOfAMultiCutoffPassMatchesTheHistoryKnownAtIt() {
        AccountHistory history = HandBuiltHistory.account(8); // a churner: silent 120 days, churns in mid-May
        List<Instant> cutoffs = HandBuiltHistory.cutoffs();
        List<FeatureSnapshot> together = builder.snapshots(history, cutoffs, HandBuiltHistory.knownUntil());
        assertThat(together).isNotEmpty();
        for (FeatureSnapshot snapshot : together) {
            FeatureSnapshot alone = builder.snapshots(history.knownAt(snapshot.cutoff()), List.of(snapshot.cutoff()),
                    HandBuiltHistory.knownUntil()).get(0);
            assertThat(snapshot.values()).as("features at %s", snapshot.cutoff()).containsExactly(alone.values());
        }
    }

    @Test
    void labelsLookOnlyAtTheHorizonAfterTheCutoffAndChurnedAccountsStop() {
        AccountHistory churner = HandBuiltHistory.account(8);
        Instant churn = HandBuiltHistory.churnDate(8);
        List<FeatureSnapshot> snapshots = builder.snapshots(churner, HandBuiltHistory.cutoffs(), HandBuiltHistory.knownUntil());
        for (FeatureSnapshot s : snapshots) {
            assertThat(s.cutoff()).isBefore(churn);
            assertThat(s.churned()).as("label at %s", s.cutoff()).isEqualTo(!s.cutoff().plus(90, ChronoUnit.DAYS).isBefore(churn));
        }
        List<FeatureSnapshot> unknown = builder.snapshots(HandBuiltHistory.account(1), HandBuiltHistory.cutoffs(),
                Instant.parse("2025-10-01T00:00:00Z"));
        assertThat(unknown).filteredOn(s -> s.cutoff().isAfter(Instant.parse("2025-07-03T00:00:00Z")))
                .allSatisfy(s -> assertThat(s.churned()).isNull());
    }
}
