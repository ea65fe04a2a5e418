package io.retentionplatform.segmentation.kpi;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import io.retentionplatform.segmentation.kpi.TimeToValue.Entry;
import org.junit.jupiter.api.Test;

class TimeToValueTest {

    static Entry entry(String id, String start, String reached) {
        return new Entry(id, LocalDate.parse(start), reached == null ? null : LocalDate.parse(reached));
    }

    @Test
    void medianAndMeanOverAccountsThatReachedValue() {
        // spans 10, 20, 31 days; one not yet: median 20, mean 61 / 3 = 20.33 -> 20.3
        TimeToValue ttv = TimeToValue.of(List.of(
                entry("a", "2025-01-01", "2025-01-11"),
                entry("b", "2025-01-01", "2025-01-21"),
                entry("c", "2025-01-01", "2025-02-01"),
                entry("d", "2025-01-01", null)));

        assertThat(ttv.reached()).isEqualTo(3);
        assertThat(ttv.notYetReached()).isEqualTo(1);
        assertThat(ttv.medianDays()).isEqualTo(new BigDecimal("20.0"));
        assertThat(ttv.meanDays()).isEqualTo(new BigDecimal("20.3"));
    }

    @Test
    void evenCountTakesTheMiddleTwoAndNegativeSpansCountAsZero() {
        // spans 0 (value 5 days before the start), 7, 8, 30: median (7 + 8) / 2 = 7.5, mean 45 / 4 = 11.25 -> 11.3
        TimeToValue ttv = TimeToValue.of(List.of(
                entry("a", "2025-01-10", "2025-01-05"),
                entry("b", "2025-01-01", "2025-01-08"),
                entry("c", "2025-01-01", "2025-01-09"),
                entry("d", "2025-01-01", "2025-01-31")));

        assertThat(ttv.medianDays()).isEqualTo(new BigDecimal("7.5"));
        assertThat(ttv.meanDays()).isEqualTo(new BigDecimal("11.3"));
    }

    @Test
    void noneReachedHasNoFigures() {
        TimeToValue ttv = TimeToValue.of(List.of(entry("a", "2025-01-01", null)));

        assertThat(ttv.reached()).isZero();
        assertThat(ttv.notYetReached()).isEqualTo(1);
        assertThat(ttv.medianDays()).isNull();
        assertThat(ttv.meanDays()).isNull();
        assertThat(TimeToValue.of(List.of()).medianDays()).isNull();
    }
}
