package io.retentionplatform.scoring.churn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** The metrics on cases whose answers are known by hand. */
class ChurnMetricsTest {

    @Test
    void rocAucPrAucAndLiftOfAClassicSmallCase() {
        // Scores 0.1, 0.4, 0.35, 0.8 with churn at 0.35 and 0.8: 3 of the 4 churned/retained pairs are ordered right.
        ChurnMetrics m = ChurnMetrics.of(new double[] {0.1, 0.4, 0.35, 0.8}, new boolean[] {false, false, true, true});
        assertThat(m.rocAuc()).isEqualTo(0.75);
        // Descending: 0.8 (hit, precision 1), 0.4 (miss), 0.35 (hit, precision 2/3): AP = (1 + 2/3) / 2.
        assertThat(m.prAuc()).isCloseTo(0.8333, within(1e-4));
        // Top decile = the top row (0.8, churned): rate 1 over a base rate of 0.5.
        assertThat(m.topDecileLift()).isEqualTo(2.0);
        assertThat(m.rows()).isEqualTo(4);
        assertThat(m.churned()).isEqualTo(2);
    }

    @Test
    void tiesCountHalfAndAPerfectRankingIsOne() {
        assertThat(ChurnMetrics.of(new double[] {0.5, 0.5}, new boolean[] {true, false}).rocAuc()).isEqualTo(0.5);
        assertThat(ChurnMetrics.of(new double[] {0.1, 0.2, 0.9}, new boolean[] {false, false, true}).rocAuc()).isEqualTo(1.0);
        assertThat(ChurnMetrics.of(new double[] {0.9, 0.2, 0.1}, new boolean[] {false, false, true}).rocAuc()).isEqualTo(0.0);
        assertThat(ChurnMetrics.of(new double[] {0.1, 0.2}, new boolean[] {false, false}).rocAuc()).isNull();
    }

    @Test
    void calibrationComparesExpectedWithObservedPerDecile() {
        double[] scores = new double[100];
        boolean[] labels = new boolean[100];
        for (int i = 0; i < 100; i++) {
            scores[i] = i / 100.0;
            labels[i] = i >= 90; // only the top decile churns
        }
        ChurnMetrics m = ChurnMetrics.of(scores, labels);
        assertThat(m.calibration()).hasSize(10);
        assertThat(m.calibration().get(0)).isEqualTo(new ChurnMetrics.Decile(1, 10, 0.045, 0.0));
        assertThat(m.calibration().get(9)).isEqualTo(new ChurnMetrics.Decile(10, 10, 0.945, 1.0));
        assertThat(m.topDecileLift()).isEqualTo(10.0);
    }
}
