package io.retentionplatform.segmentation.audit;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;

/**
 * The silent-customer audit's arithmetic (seed 000): the pilot cohort is the top share (20%) of the silent accounts by
 * revenue, and the pilot's re-engagement rate is judged against the expected band (15-25% within 30 days). Plain Java.
 */
public final class SilentCustomerAudit {

    /** Where a measured rate falls against the expected band. */
    public enum Verdict { BELOW, WITHIN, ABOVE }

    private SilentCustomerAudit() {
    }

    /** How many of {@code silentAccounts} (ranked by ARR) form the cohort: the share, rounded up, so a silent base is never an empty pilot. */
    public static int cohortSize(int silentAccounts, BigDecimal share) {
        if (silentAccounts <= 0) {
            return 0;
        }
        return BigDecimal.valueOf(silentAccounts).multiply(share).setScale(0, RoundingMode.CEILING).intValue();
    }

    /** The top of a list already ranked by ARR (highest first). */
    public static <T> List<T> cohort(List<T> rankedByArr, BigDecimal share) {
        return rankedByArr.subList(0, Math.min(rankedByArr.size(), cohortSize(rankedByArr.size(), share)));
    }

    /** Re-engaged members over cohort size, 4 decimals; null for an empty cohort. */
    public static BigDecimal rate(int reengaged, int cohortSize) {
        return cohortSize == 0 ? null
                : BigDecimal.valueOf(reengaged).divide(BigDecimal.valueOf(cohortSize), 4, RoundingMode.HALF_UP);
    }

    public static Verdict verdict(BigDecimal rate, BigDecimal low, BigDecimal high) {
        if (rate.compareTo(low) < 0) {
            return Verdict.BELOW;
        }
        return rate.compareTo(high) > 0 ? Verdict.ABOVE : Verdict.WITHIN;
    }

    /** Whether the measurement window is over at {@code now}. */
    public static boolean complete(Instant startedAt, int windowDays, Instant now) {
        return !now.isBefore(startedAt.plus(java.time.Duration.ofDays(windowDays)));
    }
}
