package io.retentionplatform.segmentation.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Collection;

/**
 * How many accounts sit in each health band (seed 000's KPI "Customer Health Score", as a portfolio view).
 *
 * @param healthy accounts in band {@code healthy}
 * @param watch   accounts in band {@code watch}
 * @param atRisk  accounts in band {@code at_risk}
 * @param unknown accounts without a score yet, or with a band this version does not know
 */
public record HealthDistribution(int healthy, int watch, int atRisk, int unknown) {

    /** Counts the bands' wire names ({@code healthy}, {@code watch}, {@code at_risk}); null counts as unknown. */
    public static HealthDistribution of(Collection<String> bands) {
        int[] counts = new int[HealthBand.values().length];
        int unknown = 0;
        for (String band : bands) {
            HealthBand known = HealthBand.fromWireName(band).orElse(null);
            if (known == null) {
                unknown++;
            } else {
                counts[known.ordinal()]++;
            }
        }
        return new HealthDistribution(counts[HealthBand.HEALTHY.ordinal()], counts[HealthBand.WATCH.ordinal()],
                counts[HealthBand.AT_RISK.ordinal()], unknown);
    }

    public int count(HealthBand band) {
        return switch (band) {
            case HEALTHY -> healthy;
            case WATCH -> watch;
            case AT_RISK -> atRisk;
        };
    }

    /** All accounts counted, unknown included. */
    public int total() {
        return healthy + watch + atRisk + unknown;
    }

    /** The band's share of all accounts counted, 4 decimals; null when none were counted. */
    public BigDecimal share(HealthBand band) {
        return total() == 0 ? null
                : BigDecimal.valueOf(count(band)).divide(BigDecimal.valueOf(total()), 4, RoundingMode.HALF_UP);
    }
}
