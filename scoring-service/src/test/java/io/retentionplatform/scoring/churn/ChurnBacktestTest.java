package io.retentionplatform.scoring.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The backtest on the small hand-built history whose outcome is known: silence predicts churn, usage does not. */
class ChurnBacktestTest {

    @Test
    void backtestOnAHandBuiltHistoryFindsTheKnownSignalAndBeatsTheHealthScore() {
        SnapshotBuilder builder = new SnapshotBuilder(HandBuiltHistory.MODEL, LabelRule.DEFAULT);
        List<FeatureSnapshot> snapshots = new ArrayList<>();
        int expectedChurned = 0;
        int expectedRows = 0;
        for (int i = 0; i < 60; i++) {
            snapshots.addAll(builder.snapshots(HandBuiltHistory.account(i), HandBuiltHistory.cutoffs(),
                    HandBuiltHistory.knownUntil()));
            for (Instant c : HandBuiltHistory.cutoffs()) {
                if (!HandBuiltHistory.churner(i)) {
                    expectedRows++;
                } else if (c.isBefore(HandBuiltHistory.churnDate(i))) {
                    expectedRows++;
                    expectedChurned += c.plus(90, ChronoUnit.DAYS).isBefore(HandBuiltHistory.churnDate(i)) ? 0 : 1;
                }
            }
        }

        ChurnBacktest.Result result = new ChurnBacktest().run(ChurnFeature.columns(), snapshots, LabelRule.DEFAULT, 1,
                Instant.parse("2026-04-01T00:00:00Z"), "platform");
        BacktestReport report = result.report();

        assertThat(report.rows()).isEqualTo(expectedRows);
        assertThat(report.churned()).isEqualTo(expectedChurned);
        assertThat(report.cutoffs()).isEqualTo(12);
        assertThat(report.folds()).hasSize(3);
        for (BacktestReport.Fold fold : report.folds()) {
            // Trained only on cut-offs whose 90-day outcome was known at the test cut-off.
            assertThat(fold.trainCutoffs()).isEqualTo((int) HandBuiltHistory.cutoffs().stream()
                    .filter(c -> !c.plus(90, ChronoUnit.DAYS).isAfter(fold.testCutoff())).count());
        }
        assertThat(report.model().rocAuc()).isGreaterThan(0.9);
        assertThat(report.healthScore().rocAuc()).isLessThan(report.model().rocAuc() - 0.1);
        assertThat(report.verdict()).contains("better by");
        assertThat(report.model().calibration()).isNotEmpty();
        // The kept model puts silence first among its reasons for a silent account.
        FeatureSnapshot silent = snapshots.stream().filter(s -> Boolean.TRUE.equals(s.churned())).findFirst().orElseThrow();
        assertThat(result.model().drivers(silent.values(), 3)).extracting(ChurnModel.Driver::feature)
                .contains(ChurnFeature.DAYS_SINCE_HUMAN_CONTACT.column());
    }
}
