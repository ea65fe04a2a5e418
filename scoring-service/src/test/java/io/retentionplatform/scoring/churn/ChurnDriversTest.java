package io.retentionplatform.scoring.churn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Drivers name the features in plain English, with their effect on the probability. */
class ChurnDriversTest {

    private final ChurnModel model = new ChurnModel(3,
            List.of("days_since_human_contact", "days_to_renewal", "health_score"),
            new double[] {30, 200, 60}, new double[] {30, 100, 20}, new double[] {0.9, -0.6, -0.05}, -2.0, 1, 0,
            Instant.parse("2026-01-01T00:00:00Z"), "platform");

    @Test
    void driversSayWhatMovedTheProbabilityAndByHowMuch() {
        double[] row = {104, 41, 55};
        double p = model.probability(row);
        List<ChurnModel.Driver> drivers = model.drivers(row, 3);

        assertThat(drivers).extracting(ChurnModel.Driver::feature)
                .containsExactly("days_since_human_contact", "days_to_renewal");
        ChurnModel.Driver silence = drivers.get(0);
        double withoutSilence = ChurnModel.sigmoid(-2.0 + (-0.6) * (41 - 200) / 100.0 + (-0.05) * (55 - 60) / 20.0);
        assertThat(silence.effect()).isEqualTo(Math.round((p - withoutSilence) * 100) / 100.0);
        assertThat(silence.text()).isEqualTo(String.format(java.util.Locale.ROOT, "%+.2f no human contact for 104 days",
                p - withoutSilence));
        assertThat(drivers.get(1).text()).endsWith(" renewal in 41 days").startsWith("+");
        assertThat(ChurnModel.band(p)).isEqualTo(p >= 0.3 ? "high" : p >= 0.1 ? "medium" : "low");
    }

    @Test
    void aFeatureBelowTheMeanLowersTheRiskWithANegativeSign() {
        List<ChurnModel.Driver> drivers = model.drivers(new double[] {2, 200, 60}, 1);
        assertThat(drivers.get(0).text()).startsWith("-").endsWith("no human contact for 2 days");
    }
}
