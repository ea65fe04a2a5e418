package io.retentionplatform.segmentation.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ArrLedgerTest {

    static ArrMovement movement(String account, MovementKind kind, String delta, String date) {
        return new ArrMovement(account, kind, new BigDecimal(delta), LocalDate.parse(date));
    }

    private final ArrLedger ledger = ArrLedger.of(List.of(
            movement("a", MovementKind.EXPANSION, "5000", "2025-03-01"),
            movement("a", MovementKind.NEW, "10000", "2025-01-01"),
            movement("a", MovementKind.CHURN, "-15000", "2025-06-30"),
            movement("a", MovementKind.REACTIVATION, "4000", "2025-09-01"),
            movement("b", MovementKind.NEW, "2000", "2025-02-15"),
            movement("b", MovementKind.RENEWAL, "0", "2025-02-15")));

    @ParameterizedTest(name = "{0} on {1}")
    @CsvSource({
            "a, 2024-12-31, 0",
            "a, 2025-01-01, 10000",
            "a, 2025-02-28, 10000",
            "a, 2025-03-01, 15000",
            "a, 2025-06-29, 15000",
            "a, 2025-06-30, 0",
            "a, 2025-09-01, 4000",
            "b, 2025-02-15, 2000",
            "unknown, 2025-12-31, 0",
    })
    void arrIsTheSumOfDeltasEffectiveOnOrBeforeTheDay(String account, String date, String arr) {
        assertThat(ledger.arrAt(account, LocalDate.parse(date))).isEqualByComparingTo(arr);
    }

    @Test
    void portfolioArrAddsEveryAccount() {
        assertThat(ledger.portfolioArrAt(LocalDate.parse("2025-03-01"))).isEqualByComparingTo("17000");
        assertThat(ledger.portfolioArrAt(LocalDate.parse("2025-07-01"))).isEqualByComparingTo("2000");
        assertThat(ledger.accountIds()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void movementsComeOutByEffectiveDate() {
        assertThat(ledger.movementsOf("a")).extracting(ArrMovement::kind).containsExactly(MovementKind.NEW,
                MovementKind.EXPANSION, MovementKind.CHURN, MovementKind.REACTIVATION);
        assertThat(ledger.movementsOf("nobody")).isEmpty();
    }

    @Test
    void remembersWhetherAnAccountEverHadArr() {
        assertThat(ledger.hadArrBefore("a", LocalDate.parse("2024-12-31"))).isFalse();
        assertThat(ledger.hadArrBefore("a", LocalDate.parse("2025-08-01"))).isTrue();
        assertThat(ledger.hadArrBefore("nobody", LocalDate.parse("2025-08-01"))).isFalse();
    }

    @ParameterizedTest(name = "{0} -> {1}, had ARR before {2}: {3}")
    @CsvSource({
            "0,     1000,  false, NEW",
            "0,     1000,  true,  REACTIVATION",
            "1000,  0,     true,  CHURN",
            "1000,  0,     false, CHURN",
            "1000,  1500,  true,  EXPANSION",
            "1000,  500,   true,  CONTRACTION",
            "1000,  1000,  true,  ",
            "0,     0,     false, ",
            ",      1000,  false, NEW",
            "1000,  ,      true,  CHURN",
    })
    void infersTheKindOfACrmChange(String before, String after, boolean hadArrBefore, MovementKind expected) {
        assertThat(ArrLedger.inferKind(before == null ? null : new BigDecimal(before),
                after == null ? null : new BigDecimal(after), hadArrBefore))
                .isEqualTo(java.util.Optional.ofNullable(expected));
    }

    @Test
    void rejectsNegativeArrWhenInferring() {
        assertThatThrownBy(() -> ArrLedger.inferKind(new BigDecimal("-1"), BigDecimal.TEN, false))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aChangeBecomesASignedMovement() {
        assertThat(ArrMovement.fromChange("a", new BigDecimal("1000"), new BigDecimal("400"), true,
                LocalDate.parse("2025-01-01")))
                .contains(movement("a", MovementKind.CONTRACTION, "-600", "2025-01-01"));
        assertThat(ArrMovement.fromChange("a", BigDecimal.TEN, BigDecimal.TEN, true, LocalDate.parse("2025-01-01")))
                .isEmpty();
    }
}
