package io.retentionplatform.segmentation.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetentionScenarioTest {

    // seed 002, 1.1: the scenario table, 1,000 customers buying EUR 500 in year 1
    @ParameterizedTest(name = "{0} retention")
    @CsvSource(delimiter = ';', value = {
            "0.20; 500000 100000 20000 4000 800; 624800",
            "0.80; 500000 400000 320000 256000 204800; 1680800",
    })
    void reproducesTheSeedsFiveYearTable(String retention, String yearly, String cumulative) {
        RetentionScenario scenario = RetentionScenario.of(1000, new BigDecimal("500"), new BigDecimal(retention), 5);

        List<BigDecimal> expected = Arrays.stream(yearly.split(" ")).map(BigDecimal::new).toList();
        assertThat(scenario.years()).extracting(RetentionScenario.Year::revenue)
                .usingElementComparator(BigDecimal::compareTo).containsExactlyElementsOf(expected);
        assertThat(scenario.years()).extracting(RetentionScenario.Year::year).containsExactly(1, 2, 3, 4, 5);
        assertThat(scenario.cumulativeRevenue()).isEqualByComparingTo(cumulative);
        assertThat(scenario.cumulativeRevenue().scale()).isEqualTo(2);
    }

    @Test
    void theDifferenceBetweenTheScenariosIsTheSeedsMillion() {
        BigDecimal low = RetentionScenario.of(1000, new BigDecimal("500"), new BigDecimal("0.2"), 5).cumulativeRevenue();
        BigDecimal high = RetentionScenario.of(1000, new BigDecimal("500"), new BigDecimal("0.8"), 5).cumulativeRevenue();

        // seed 002: "Dit verschil van ruim EUR 1 miljoen": 1,680,800 - 624,800
        assertThat(high.subtract(low)).isEqualByComparingTo("1056000");
    }

    @Test
    void customersAreExactAndRunningTotalsAccumulate() {
        RetentionScenario scenario = RetentionScenario.of(1000, new BigDecimal("500"), new BigDecimal("0.2"), 5);

        assertThat(scenario.years()).extracting(RetentionScenario.Year::customers)
                .containsExactly(new BigDecimal("1000"), new BigDecimal("200"), new BigDecimal("40"),
                        new BigDecimal("8"), new BigDecimal("1.6"));
        assertThat(scenario.years()).extracting(RetentionScenario.Year::cumulativeRevenue)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("500000"), new BigDecimal("600000"), new BigDecimal("620000"),
                        new BigDecimal("624000"), new BigDecimal("624800"));
    }

    @Test
    void revenueIsRoundedToCentsHalfUp() {
        // 3 x 0.335^1 = 1.005 customers x 1.00 = 1.005 -> 1.01; cumulative 3.00 + 1.01
        RetentionScenario scenario = RetentionScenario.of(3, new BigDecimal("1.00"), new BigDecimal("0.335"), 2);

        assertThat(scenario.years().get(1).revenue()).isEqualTo(new BigDecimal("1.01"));
        assertThat(scenario.cumulativeRevenue()).isEqualTo(new BigDecimal("4.01"));
    }

    @ParameterizedTest
    @CsvSource({
            "0, 500, 0.5, 5, customers",
            "10, 0, 0.5, 5, firstPurchase",
            "10, -1, 0.5, 5, firstPurchase",
            "10, 500, -0.01, 5, yearlyRetention",
            "10, 500, 1.01, 5, yearlyRetention",
            "10, 500, 0.5, 0, years",
            "10, 500, 0.5, 51, years",
    })
    void rejectsOutOfRangeInputNamingTheParameter(int customers, String purchase, String retention, int years,
            String parameter) {
        assertThatThrownBy(() -> RetentionScenario.of(customers, new BigDecimal(purchase), new BigDecimal(retention), years))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(parameter + " ");
    }

    @Test
    void acceptsTheEdgesOfEachRange() {
        assertThat(RetentionScenario.of(1, new BigDecimal("0.01"), BigDecimal.ZERO, 50).years()).hasSize(50);
        assertThat(RetentionScenario.of(1, new BigDecimal("10"), BigDecimal.ONE, 3).cumulativeRevenue())
                .isEqualByComparingTo("30");
        assertThatThrownBy(() -> RetentionScenario.of(1, null, BigDecimal.ONE, 3))
                .hasMessageStartingWith("firstPurchase ");
    }
}
