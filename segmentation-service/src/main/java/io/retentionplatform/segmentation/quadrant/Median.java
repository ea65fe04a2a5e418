package io.retentionplatform.segmentation.quadrant;

import java.util.Arrays;

/** The median of a portfolio's values, for thresholds relative to the median. */
public final class Median {

    private Median() {
    }

    /**
     * The middle value (the mean of the two middle ones for an even count). NaN values are skipped so that one
     * broken account cannot poison the portfolio's threshold; no values at all give 0. The array is not changed.
     */
    public static double of(double[] values) {
        double[] sorted = Arrays.stream(values).filter(value -> !Double.isNaN(value)).sorted().toArray();
        int n = sorted.length;
        if (n == 0) {
            return 0;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
