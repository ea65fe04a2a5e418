package io.retentionplatform.segmentation.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class ArrMovementTest {

    static final LocalDate DAY = LocalDate.parse("2025-05-01");

    @ParameterizedTest
    @CsvSource({
            "NEW, 100, true", "NEW, -100, false", "NEW, 0, true",
            "EXPANSION, 100, true", "EXPANSION, -1, false",
            "REACTIVATION, 100, true", "REACTIVATION, -1, false",
            "CONTRACTION, -100, true", "CONTRACTION, 100, false",
            "CHURN, -100, true", "CHURN, 1, false",
            "RENEWAL, 0, true", "RENEWAL, 1, false", "RENEWAL, -1, false",
    })
    void deltaSignMustFitTheKind(MovementKind kind, String delta, boolean accepted) {
        if (accepted) {
            assertThatCode(() -> new ArrMovement("a", kind, new BigDecimal(delta), DAY)).doesNotThrowAnyException();
        } else {
            assertThatThrownBy(() -> new ArrMovement("a", kind, new BigDecimal(delta), DAY))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(kind.wireName());
        }
    }

    @ParameterizedTest
    @CsvSource({"NEW, 250, 250", "EXPANSION, 250, 250", "REACTIVATION, 250, 250", "CONTRACTION, 250, -250",
            "CHURN, 250, -250", "RENEWAL, 250, 0"})
    void anUnsignedAmountTakesItsSignFromTheKind(MovementKind kind, String amount, String delta) {
        assertThat(ArrMovement.ofAmount("a", kind, new BigDecimal(amount), DAY).delta()).isEqualByComparingTo(delta);
    }

    @Test
    void aRenewalWithoutAmountIsZero() {
        assertThat(ArrMovement.ofAmount("a", MovementKind.RENEWAL, null, DAY).delta()).isZero();
        assertThatThrownBy(() -> ArrMovement.ofAmount("a", MovementKind.CHURN, new BigDecimal("-5"), DAY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @EnumSource(MovementKind.class)
    void wireNamesRoundTrip(MovementKind kind) {
        assertThat(kind.wireName()).isEqualTo(kind.name().toLowerCase());
        assertThat(MovementKind.fromWireName(kind.wireName())).contains(kind);
    }

    @Test
    void unknownWireNamesAreEmpty() {
        assertThat(MovementKind.fromWireName("upsell")).isEmpty();
        assertThat(MovementKind.fromWireName(null)).isEmpty();
        assertThat(MovementKind.fromWireName("Churn")).contains(MovementKind.CHURN);
        assertThat(Industry.fromWireName("professional_services")).contains(Industry.PROFESSIONAL_SERVICES);
        assertThat(Industry.fromWireName("retail")).isEmpty();
        assertThat(HealthBand.fromWireName("at_risk")).contains(HealthBand.AT_RISK);
    }
}
