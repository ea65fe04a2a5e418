package io.retentionplatform.segmentation.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LeakCalculationTest {

    // Hand-computed: lost = customers x monthly x 12 (max customers); leak = lost x revenue;
    // kept = min(customers x points x revenue, leak); retention = 1 - lost / customers.
    @ParameterizedTest(name = "{0} customers, {1} monthly, EUR {2}")
    @CsvSource({
            // 1000 x 0.02 x 12 = 240; 240 x 10,000 = 2,400,000; 1000 x 0.05 x 10,000 = 500,000
            "1000, 0.02,  10000, 0.05, 240,   0.7600, 2400000, 500000",
            // 500 x 0.01 x 12 = 60; 60 x 2,400 = 144,000; 500 x 0.05 x 2,400 = 60,000
            "500,  0.01,  2400,  0.05, 60,    0.8800, 144000,  60000",
            // 200 x 0.005 x 12 = 12; 12 x 5,000 = 60,000; 200 x 0.10 x 5,000 = 100,000 -> capped at the leak
            "200,  0.005, 5000,  0.10, 12,    0.9400, 60000,   60000",
            // 333 x 0.015 x 12 = 59.94; 59.94 x 1,000 = 59,940; 333 x 0.05 x 1,000 = 16,650
            "333,  0.015, 1000,  0.05, 59.94, 0.8200, 59940,   16650",
            // 100 x 0.10 x 12 = 120 -> capped at all 100; 100 x 800 = 80,000; 100 x 0.05 x 800 = 4,000
            "100,  0.10,  800,   0.05, 100,   0.0000, 80000,   4000",
            // no churn, nothing leaks, nothing to keep
            "100,  0,     800,   0.05, 0,     1.0000, 0,       0",
    })
    void followsTheSeedsFiveSteps(int customers, String monthly, String revenue, String points, String lost,
            String retention, String leak, String kept) {
        LeakCalculation leakCalculation = LeakCalculation.of(customers, new BigDecimal(monthly), new BigDecimal(revenue),
                new BigDecimal(points));

        assertThat(leakCalculation.customersLostPerYear()).isEqualByComparingTo(lost);
        assertThat(leakCalculation.yearlyRetention()).isEqualTo(new BigDecimal(retention));
        assertThat(leakCalculation.annualLeak()).isEqualByComparingTo(leak);
        assertThat(leakCalculation.annualLeak().scale()).isEqualTo(2);
        assertThat(leakCalculation.revenueKeptByImprovement()).isEqualByComparingTo(kept);
    }

    @Test
    void defaultsToFivePointsBetterRetention() {
        LeakCalculation leak = LeakCalculation.of(1000, new BigDecimal("0.02"), new BigDecimal("10000"));

        assertThat(leak.improvementPoints()).isEqualByComparingTo("0.05");
        assertThat(leak.revenueKeptByImprovement()).isEqualByComparingTo("500000");
        assertThat(leak.improvedYearlyRetention()).isEqualTo(new BigDecimal("0.8100"));
    }

    @Test
    void exposesTheCompoundedLossForReference() {
        LeakCalculation leak = LeakCalculation.of(1000, new BigDecimal("0.02"), new BigDecimal("10000"));

        // 0.98^12 = 0.784716...; 1000 x (1 - 0.784716...) = 215.28, less than the seed's 240
        assertThat(leak.compoundedCustomersLostPerYear()).isEqualTo(new BigDecimal("215.28"));
        assertThat(leak.customersLostPerYear()).isEqualByComparingTo("240");
    }

    @Test
    void improvedRetentionNeverExceedsOne() {
        LeakCalculation leak = LeakCalculation.of(100, new BigDecimal("0.001"), new BigDecimal("100"),
                new BigDecimal("0.5"));

        // 100 x 0.001 x 12 = 1.2 lost -> retention 0.988; + 0.5 -> capped at 1
        assertThat(leak.yearlyRetention()).isEqualTo(new BigDecimal("0.9880"));
        assertThat(leak.improvedYearlyRetention()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(leak.revenueKeptByImprovement()).isEqualByComparingTo("120");
    }

    @ParameterizedTest
    @CsvSource({
            "0,  0.02,  10000, 0.05, customers",
            "10, -0.01, 10000, 0.05, monthlyChurnRate",
            "10, 1.01,  10000, 0.05, monthlyChurnRate",
            "10, 0.02,  -1,    0.05, averageAnnualRevenue",
            "10, 0.02,  10000, -0.05, improvementPoints",
            "10, 0.02,  10000, 1.5,  improvementPoints",
    })
    void rejectsOutOfRangeInputNamingTheParameter(int customers, String monthly, String revenue, String points,
            String parameter) {
        assertThatThrownBy(() -> LeakCalculation.of(customers, new BigDecimal(monthly), new BigDecimal(revenue),
                new BigDecimal(points)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(parameter + " ");
    }
}
