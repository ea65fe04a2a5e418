package io.retentionplatform.nurture.holdout;

/**
 * The difference between treated and control with a 95% confidence interval (normal approximation: Wald for a
 * difference of proportions, Welch's standard error for a difference of means). Null figures when a group is empty.
 */
public record Uplift(Double difference, Double lower95, Double upper95) {

    private static final double Z95 = 1.959963984540054;

    public static Uplift ofProportions(long treated, long treatedHits, long control, long controlHits) {
        if (treated == 0 || control == 0) {
            return new Uplift(null, null, null);
        }
        double pt = treatedHits / (double) treated;
        double pc = controlHits / (double) control;
        double se = Math.sqrt(pt * (1 - pt) / treated + pc * (1 - pc) / control);
        return of(pt - pc, se);
    }

    /** From each group's size, mean and sample variance. */
    public static Uplift ofMeans(long treated, Double treatedMean, Double treatedVariance, long control, Double controlMean,
            Double controlVariance) {
        if (treated == 0 || control == 0 || treatedMean == null || controlMean == null) {
            return new Uplift(null, null, null);
        }
        double vt = treatedVariance == null ? 0 : treatedVariance;
        double vc = controlVariance == null ? 0 : controlVariance;
        return of(treatedMean - controlMean, Math.sqrt(vt / treated + vc / control));
    }

    private static Uplift of(double difference, double se) {
        return new Uplift(round(difference), round(difference - Z95 * se), round(difference + Z95 * se));
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
