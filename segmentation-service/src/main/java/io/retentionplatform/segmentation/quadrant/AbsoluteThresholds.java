package io.retentionplatform.segmentation.quadrant;

import java.util.Objects;

/**
 * Thresholds on the two axes in the axes' own units, ready to classify with.
 *
 * @param usageThreshold     usage at or above this is high (adoption component, 0-100)
 * @param contactThreshold   contact intensity at or above this is high
 * @param usageHysteresis    a band around the usage threshold an account must cross before its quadrant changes
 * @param contactHysteresis  the same for contact
 * @param weights            the contact weights the intensity was computed with (named in placement reasons)
 */
public record AbsoluteThresholds(double usageThreshold, double contactThreshold, double usageHysteresis,
        double contactHysteresis, ContactWeights weights) {

    /** The project's defaults (the seeds give no numbers): usage high from 50, contact from 2.0, hysteresis 5, 0.5. */
    public static final AbsoluteThresholds DEFAULT = of(50, 2.0, 5, 0.5);

    public AbsoluteThresholds {
        requireAxis("usage", usageThreshold, usageHysteresis);
        requireAxis("contact", contactThreshold, contactHysteresis);
        Objects.requireNonNull(weights, "weights");
    }

    /** With the default contact weights (inbound 1.0, outbound 0.5). */
    public static AbsoluteThresholds of(double usageThreshold, double contactThreshold, double usageHysteresis,
            double contactHysteresis) {
        return new AbsoluteThresholds(usageThreshold, contactThreshold, usageHysteresis, contactHysteresis,
                ContactWeights.DEFAULT);
    }

    // a high account must be able to fall back: threshold - hysteresis has to stay above 0
    static void requireAxis(String axis, double threshold, double hysteresis) {
        if (!Double.isFinite(threshold) || threshold <= 0) {
            throw new IllegalArgumentException(axis + "Threshold must be more than 0, got " + threshold);
        }
        if (!Double.isFinite(hysteresis) || hysteresis < 0 || hysteresis >= threshold) {
            throw new IllegalArgumentException(axis + "Hysteresis must be 0 or more and below the threshold ("
                    + threshold + "), got " + hysteresis);
        }
    }
}
