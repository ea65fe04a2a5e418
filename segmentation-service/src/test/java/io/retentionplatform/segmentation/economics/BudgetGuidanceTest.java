package io.retentionplatform.segmentation.economics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BudgetGuidanceTest {

    // seed 000: 5% and 8% of the base's ARR; the cheapest split is 15k + 40k + 10k = 65k
    @ParameterizedTest(name = "base ARR {0}")
    @CsvSource({
            // 5% = 100,000; 8% = 160,000: 65k fits under the 5% floor
            "2000000,  100000, 160000, true",
            // 5% = 50,000; 8% = 80,000: 65k fits the upper part only
            "1000000,  50000,  80000,  true",
            // exactly 812,500 x 8% = 65,000: just fits
            "812500,   40625,  65000,  true",
            // 5% = 25,000; 8% = 40,000: 65k does not fit
            "500000,   25000,  40000,  false",
            "0,        0,      0,      false",
    })
    void envelopeIsFiveToEightPercentOfBaseArr(String baseArr, String minimum, String maximum, boolean fits) {
        BudgetGuidance guidance = BudgetGuidance.forBaseArr(new BigDecimal(baseArr));

        assertThat(guidance.minimum()).isEqualByComparingTo(minimum);
        assertThat(guidance.maximum()).isEqualByComparingTo(maximum);
        assertThat(guidance.minimum().scale()).isEqualTo(2);
        assertThat(guidance.fitsEnvelope()).isEqualTo(fits);
    }

    @Test
    void splitIsTheSeedsThreeLines() {
        BudgetGuidance guidance = BudgetGuidance.forBaseArr(new BigDecimal("1000000"));

        assertThat(guidance.split()).extracting(BudgetGuidance.BudgetLine::minimum)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("15000"), new BigDecimal("40000"), new BigDecimal("10000"));
        assertThat(guidance.split()).extracting(BudgetGuidance.BudgetLine::maximum)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(new BigDecimal("50000"), new BigDecimal("70000"), new BigDecimal("25000"));
        assertThat(guidance.splitMinimum()).isEqualByComparingTo("65000");
        assertThat(guidance.splitMaximum()).isEqualByComparingTo("145000");
        assertThat(BudgetGuidance.HUMAN_CAPITAL.basis()).isEqualTo("0.5-1.0 FTE");
    }

    @Test
    void smallestBaseThatFundsTheCheapestSplit() {
        // 65,000 / 0.08 = 812,500
        assertThat(BudgetGuidance.minimumBaseArrForSplit()).isEqualTo(new BigDecimal("812500.00"));
        assertThat(BudgetGuidance.forBaseArr(new BigDecimal("812499.99")).fitsEnvelope()).isFalse();
    }

    @Test
    void noteSaysHowTheSplitFits() {
        assertThat(BudgetGuidance.forBaseArr(new BigDecimal("500000")).note())
                .isEqualTo("The cheapest split (EUR 65,000.00) is more than 8% of the base's ARR (EUR 40,000.00): "
                        + "below EUR 812,500.00 of ARR, choose among the lines rather than funding all three.");
        // 65,000 / 1,000,000 = 6.5%
        assertThat(BudgetGuidance.forBaseArr(new BigDecimal("1000000")).note())
                .isEqualTo("The cheapest split (EUR 65,000.00) fits only the upper part of the envelope "
                        + "(EUR 50,000.00 to 80,000.00): it takes 6.5% of the base's ARR.");
        assertThat(BudgetGuidance.forBaseArr(new BigDecimal("2000000")).note())
                .isEqualTo("The cheapest split (EUR 65,000.00) fits within 5% of the base's ARR (EUR 100,000.00); "
                        + "the envelope reaches EUR 160,000.00.");
        // 5% of 3,000,000 = 150,000 >= 145,000
        assertThat(BudgetGuidance.forBaseArr(new BigDecimal("3000000")).note())
                .startsWith("Even the dearest split (EUR 145,000.00) fits within 5%");
    }

    @Test
    void rejectsNegativeOrMissingBase() {
        assertThatThrownBy(() -> BudgetGuidance.forBaseArr(new BigDecimal("-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("baseArr ");
        assertThatThrownBy(() -> BudgetGuidance.forBaseArr(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("baseArr ");
    }
}
