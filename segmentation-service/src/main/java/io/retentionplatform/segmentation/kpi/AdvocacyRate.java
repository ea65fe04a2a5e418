package io.retentionplatform.segmentation.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Seed 000's advocacy rate: the share of accounts that give referrals, act in case studies or leave reviews.
 *
 * @param advocates      accounts with at least one advocacy act in the period
 * @param activeAccounts accounts considered
 * @param rate           advocates / activeAccounts, 4 decimals; null when there are no accounts
 */
public record AdvocacyRate(int advocates, int activeAccounts, BigDecimal rate) {

    public static AdvocacyRate of(int advocates, int activeAccounts) {
        if (activeAccounts < 0) {
            throw new IllegalArgumentException("activeAccounts must be 0 or more, got " + activeAccounts);
        }
        if (advocates < 0 || advocates > activeAccounts) {
            throw new IllegalArgumentException("advocates must be between 0 and activeAccounts (" + activeAccounts
                    + "), got " + advocates);
        }
        BigDecimal rate = activeAccounts == 0 ? null
                : BigDecimal.valueOf(advocates).divide(BigDecimal.valueOf(activeAccounts), 4, RoundingMode.HALF_UP);
        return new AdvocacyRate(advocates, activeAccounts, rate);
    }
}
