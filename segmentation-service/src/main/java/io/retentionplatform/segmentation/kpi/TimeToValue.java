package io.retentionplatform.segmentation.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Seed 000's time-to-value KPI: how many days accounts take from contract start to the moment they reach value (the
 * caller decides what "value" means, e.g. the first day of broad adoption).
 *
 * @param reached       accounts that reached value
 * @param notYetReached accounts that have not (yet)
 * @param medianDays    median days to value over the accounts that reached it, 1 decimal; null when none did
 * @param meanDays      mean days to value, 1 decimal (HALF_UP); null when none did
 */
public record TimeToValue(int reached, int notYetReached, BigDecimal medianDays, BigDecimal meanDays) {

    /**
     * One account's way to value.
     *
     * @param accountId      the account
     * @param contractStart  when its contract started
     * @param valueReachedAt when it reached value, null if not yet
     */
    public record Entry(String accountId, LocalDate contractStart, LocalDate valueReachedAt) {
        public Entry {
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(contractStart, "contractStart");
        }
    }

    public static TimeToValue of(List<Entry> entries) {
        List<Long> spans = new ArrayList<>();
        int notYet = 0;
        for (Entry entry : entries) {
            if (entry.valueReachedAt() == null) {
                notYet++;
            } else {
                // value before the contract start (a pilot, a back-dated contract) counts as immediate, not negative
                spans.add(Math.max(0, ChronoUnit.DAYS.between(entry.contractStart(), entry.valueReachedAt())));
            }
        }
        if (spans.isEmpty()) {
            return new TimeToValue(0, notYet, null, null);
        }
        spans.sort(null);
        int n = spans.size();
        BigDecimal median = n % 2 == 1
                ? BigDecimal.valueOf(spans.get(n / 2))
                : BigDecimal.valueOf(spans.get(n / 2 - 1) + spans.get(n / 2)).divide(BigDecimal.valueOf(2));
        long total = spans.stream().mapToLong(Long::longValue).sum();
        BigDecimal mean = BigDecimal.valueOf(total).divide(BigDecimal.valueOf(n), 1, RoundingMode.HALF_UP);
        return new TimeToValue(n, notYet, median.setScale(1, RoundingMode.HALF_UP), mean);
    }
}
