package io.retentionplatform.segmentation.quadrant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuadrantClassifierTest {

    static final AbsoluteThresholds DEFAULT = QuadrantThresholds.defaults().resolve(0, 0);

    // without a current quadrant: high iff value >= threshold (usage 50, contact 2.0)
    @ParameterizedTest(name = "usage {0}, contact {1}: {2}")
    @CsvSource({
            "72, 3.5, ACTIVE_ADVOCATES",
            "72, 0.5, SILENT_SATISFIEDS",
            "20, 2.0, STRUGGLING_NEEDY",
            "20, 1.5, AT_RISK_DISENGAGED",
            "50, 2.0, ACTIVE_ADVOCATES",
            "49.99, 1.99, AT_RISK_DISENGAGED",
    })
    void firstPlacementSplitsAtTheThresholds(double usage, double contact, Quadrant expected) {
        Placement placement = QuadrantClassifier.classify(usage, contact, DEFAULT, null);

        assertThat(placement.quadrant()).isEqualTo(expected);
        assertThat(placement.changed()).isTrue();
    }

    @Test
    void reasonNamesBothAxesWithValuesAndThresholds() {
        assertThat(QuadrantClassifier.classify(72, 0.5, DEFAULT, null).reason()).isEqualTo(
                "usage 72 is high (threshold 50), contact 0.5 is low (threshold 2.0; inbound weighted 1.0, "
                        + "outbound 0.5): Silent Satisfieds");
        assertThat(QuadrantClassifier.classify(12.345, 3, DEFAULT, null).reason()).isEqualTo(
                "usage 12.35 is low (threshold 50), contact 3.0 is high (threshold 2.0; inbound weighted 1.0, "
                        + "outbound 0.5): Struggling / Needy");
    }

    // hysteresis 5 on usage, 0.5 on contact: a current quadrant only changes once the band is crossed
    @ParameterizedTest(name = "from {2}: usage {0}, contact {1} -> {3}")
    @CsvSource({
            // currently high usage: stays high down to 45 (threshold - hysteresis), low below it
            "47,    3, ACTIVE_ADVOCATES,   ACTIVE_ADVOCATES",
            "45,    3, ACTIVE_ADVOCATES,   ACTIVE_ADVOCATES",
            "44.99, 3, ACTIVE_ADVOCATES,   STRUGGLING_NEEDY",
            // currently low usage: stays low up to 55 (threshold + hysteresis), high from it
            "53,    3, STRUGGLING_NEEDY,   STRUGGLING_NEEDY",
            "54.99, 3, STRUGGLING_NEEDY,   STRUGGLING_NEEDY",
            "55,    3, STRUGGLING_NEEDY,   ACTIVE_ADVOCATES",
            // contact: high stays high down to 1.5, low becomes high from 2.5
            "72,  1.5, ACTIVE_ADVOCATES,   ACTIVE_ADVOCATES",
            "72,  1.4, ACTIVE_ADVOCATES,   SILENT_SATISFIEDS",
            "72,  2.4, SILENT_SATISFIEDS,  SILENT_SATISFIEDS",
            "72,  2.5, SILENT_SATISFIEDS,  ACTIVE_ADVOCATES",
            // both axes cross at once
            "60,  3.0, AT_RISK_DISENGAGED, ACTIVE_ADVOCATES",
            "40,  1.0, ACTIVE_ADVOCATES,   AT_RISK_DISENGAGED",
    })
    void hysteresisKeepsTheQuadrantUntilTheBandIsCrossed(double usage, double contact, Quadrant current,
            Quadrant expected) {
        Placement placement = QuadrantClassifier.classify(usage, contact, DEFAULT, current);

        assertThat(placement.quadrant()).isEqualTo(expected);
        assertThat(placement.changed()).isEqualTo(expected != current);
    }

    @Test
    void aValueOscillatingAroundTheThresholdDoesNotFlap() {
        Quadrant quadrant = QuadrantClassifier.classify(53, 3, DEFAULT, null).quadrant();
        assertThat(quadrant).isEqualTo(Quadrant.ACTIVE_ADVOCATES);

        for (int step = 0; step < 10; step++) {
            double usage = step % 2 == 0 ? 47 : 53; // threshold - 3, threshold + 3
            double contact = step % 2 == 0 ? 1.7 : 2.3; // threshold - 0.3, threshold + 0.3
            Placement placement = QuadrantClassifier.classify(usage, contact, DEFAULT, quadrant);
            assertThat(placement.quadrant()).isEqualTo(Quadrant.ACTIVE_ADVOCATES);
            assertThat(placement.changed()).isFalse();
            quadrant = placement.quadrant();
        }

        Placement crossed = QuadrantClassifier.classify(44, 2.3, DEFAULT, quadrant);
        assertThat(crossed.quadrant()).isEqualTo(Quadrant.STRUGGLING_NEEDY);
        assertThat(crossed.changed()).isTrue();
    }

    @Test
    void reasonSaysWhenHysteresisHeldAnAxis() {
        assertThat(QuadrantClassifier.classify(47, 1.7, DEFAULT, Quadrant.ACTIVE_ADVOCATES).reason()).isEqualTo(
                "usage 47 stays high (threshold 50; high until below 45), contact 1.7 stays high (threshold 2.0; "
                        + "high until below 1.5; inbound weighted 1.0, outbound 0.5): Active Advocates");
        assertThat(QuadrantClassifier.classify(53, 0, DEFAULT, Quadrant.AT_RISK_DISENGAGED).reason()).isEqualTo(
                "usage 53 stays low (threshold 50; low until 55), contact 0.0 is low (threshold 2.0; "
                        + "inbound weighted 1.0, outbound 0.5): At-Risk / Disengaged");
    }

    @Test
    void relativeModeSplitsAtMultiplesOfThePortfolioMedians() {
        double usageMedian = Median.of(new double[] {20, 30, 40, 60, 80});
        double contactMedian = Median.of(new double[] {0, 1, 2, 3});
        QuadrantThresholds relative = new QuadrantThresholds(QuadrantThresholds.Mode.RELATIVE_TO_MEDIAN, 1.2, 1.0, 5,
                0.5);

        AbsoluteThresholds t = relative.resolve(usageMedian, contactMedian);

        // usage 1.2 x 40 = 48, contact 1.0 x 1.5 = 1.5
        assertThat(t.usageThreshold()).isEqualTo(48.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(t.contactThreshold()).isEqualTo(1.5);
        assertThat(QuadrantClassifier.classify(48, 1.5, t, null).quadrant()).isEqualTo(Quadrant.ACTIVE_ADVOCATES);
        assertThat(QuadrantClassifier.classify(47.9, 1.4, t, null).quadrant()).isEqualTo(Quadrant.AT_RISK_DISENGAGED);
        assertThat(QuadrantClassifier.classify(60, 1.0, t, null).reason())
                .startsWith("usage 60 is high (threshold 48), contact 1.0 is low (threshold 1.5;");
    }

    @Test
    void aSilentPortfolioDoesNotMakeSilenceHighContact() {
        // most accounts silent: a contact median of 0 floors at 0.5 and the hysteresis shrinks to half of it
        AbsoluteThresholds t = QuadrantThresholds.relativeToMedian().resolve(40, 0);

        assertThat(t.contactThreshold()).isEqualTo(0.5);
        assertThat(t.contactHysteresis()).isEqualTo(0.25);
        assertThat(QuadrantClassifier.classify(60, 0, t, null).quadrant()).isEqualTo(Quadrant.SILENT_SATISFIEDS);
        assertThat(QuadrantClassifier.classify(60, 0, t, Quadrant.ACTIVE_ADVOCATES).quadrant())
                .isEqualTo(Quadrant.SILENT_SATISFIEDS);
    }

    @Test
    void absoluteModeIgnoresMediansAndCarriesTheWeights() {
        ContactWeights weights = new ContactWeights(2.0, 1.0);
        AbsoluteThresholds t = QuadrantThresholds.defaults().resolve(10, 10, weights);

        assertThat(t).isEqualTo(new AbsoluteThresholds(50, 2.0, 5, 0.5, weights));
        // 1 inbound x 2.0 = 2.0: high contact with these weights, low with the defaults (1.0)
        assertThat(QuadrantClassifier.classify(70, 1, 0, t, null).quadrant()).isEqualTo(Quadrant.ACTIVE_ADVOCATES);
        assertThat(QuadrantClassifier.classify(70, 1, 0, DEFAULT, null).quadrant())
                .isEqualTo(Quadrant.SILENT_SATISFIEDS);
        assertThat(QuadrantClassifier.classify(70, 1, 0, t, null).reason())
                .contains("inbound weighted 2.0, outbound 1.0");
    }

    @Test
    void rejectsThresholdsAHighAccountCouldNeverLeave() {
        assertThatThrownBy(() -> new QuadrantThresholds(QuadrantThresholds.Mode.ABSOLUTE, 50, 2.0, 50, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("usageHysteresis");
        assertThatThrownBy(() -> new QuadrantThresholds(QuadrantThresholds.Mode.ABSOLUTE, 50, 0, 5, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("contactThreshold");
        assertThatThrownBy(() -> new QuadrantThresholds(QuadrantThresholds.Mode.RELATIVE_TO_MEDIAN, -1, 1, 5, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("usageThreshold");
        assertThatThrownBy(() -> QuadrantClassifier.classify(Double.NaN, 1, DEFAULT, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("usage");
    }
}
