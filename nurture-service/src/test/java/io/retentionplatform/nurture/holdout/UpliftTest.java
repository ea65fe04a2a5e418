package io.retentionplatform.nurture.holdout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class UpliftTest {

    @Test
    void differenceOfProportionsWithAWaldInterval() {
        // 30 of 100 treated, 15 of 100 control: +0.15, se = sqrt(.3*.7/100 + .15*.85/100) = 0.058095
        Uplift u = Uplift.ofProportions(100, 30, 100, 15);
        assertThat(u.difference()).isEqualTo(0.15);
        assertThat(u.lower95()).isCloseTo(0.15 - 1.96 * 0.058095, within(0.0002));
        assertThat(u.upper95()).isCloseTo(0.15 + 1.96 * 0.058095, within(0.0002));
    }

    @Test
    void differenceOfMeansWithWelchStandardError() {
        Uplift u = Uplift.ofMeans(50, 4.0, 25.0, 40, 1.0, 16.0);
        double se = Math.sqrt(25.0 / 50 + 16.0 / 40);
        assertThat(u.difference()).isEqualTo(3.0);
        assertThat(u.lower95()).isCloseTo(3.0 - 1.96 * se, within(0.0005));
    }

    @Test
    void anEmptyGroupHasNoUplift() {
        assertThat(Uplift.ofProportions(10, 3, 0, 0).difference()).isNull();
    }
}
