package io.retentionplatform.segmentation.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The small portfolio figures beside the retention KPIs: advocacy rate and health distribution. */
class PortfolioSnapshotTest {

    @ParameterizedTest
    @CsvSource({"0, 10, 0.0000", "3, 10, 0.3000", "1, 3, 0.3333", "2, 3, 0.6667", "7, 7, 1.0000"})
    void advocacyRateIsAdvocatesOverActiveAccounts(int advocates, int accounts, String rate) {
        assertThat(AdvocacyRate.of(advocates, accounts).rate()).isEqualTo(new BigDecimal(rate));
    }

    @Test
    void advocacyRateWithoutAccountsIsNull() {
        assertThat(AdvocacyRate.of(0, 0).rate()).isNull();
        assertThatThrownBy(() -> AdvocacyRate.of(5, 4)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdvocacyRate.of(-1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void healthDistributionCountsEachBand() {
        HealthDistribution d = HealthDistribution.of(
                Arrays.asList("healthy", "watch", "at_risk", "healthy", null, "excellent", "healthy"));

        assertThat(d.healthy()).isEqualTo(3);
        assertThat(d.watch()).isEqualTo(1);
        assertThat(d.atRisk()).isEqualTo(1);
        assertThat(d.unknown()).isEqualTo(2);
        assertThat(d.total()).isEqualTo(7);
        assertThat(d.count(HealthBand.AT_RISK)).isEqualTo(1);
        // 3 / 7 = 0.428571...
        assertThat(d.share(HealthBand.HEALTHY)).isEqualTo(new BigDecimal("0.4286"));
        assertThat(HealthDistribution.of(List.of()).share(HealthBand.WATCH)).isNull();
    }
}
