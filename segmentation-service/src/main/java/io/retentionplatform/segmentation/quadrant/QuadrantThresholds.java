package io.retentionplatform.segmentation.quadrant;

import java.util.Objects;

/**
 * Where the axes split into low and high, as configured. In {@link Mode#ABSOLUTE} the thresholds are values on the
 * axes; in {@link Mode#RELATIVE_TO_MEDIAN} they are multipliers of the portfolio's medians, known only when
 * classifying ({@link #resolve}). Hysteresis is in the axes' units in both modes.
 *
 * @param mode              how to read the thresholds
 * @param usageThreshold    ABSOLUTE: usage (adoption 0-100) high from here; RELATIVE: multiplier of the usage median
 * @param contactThreshold  ABSOLUTE: contact intensity high from here; RELATIVE: multiplier of the contact median
 * @param usageHysteresis   points of usage an account must move past the threshold before its quadrant changes
 * @param contactHysteresis the same for contact intensity
 */
public record QuadrantThresholds(Mode mode, double usageThreshold, double contactThreshold, double usageHysteresis,
        double contactHysteresis) {

    public enum Mode {
        ABSOLUTE,
        RELATIVE_TO_MEDIAN
    }

    /**
     * Lowest thresholds a relative mode resolves to. A median of 0 is common on the contact axis (most accounts are
     * silent, seed 000's very point): 1.0 x 0 would call every silent account high-contact.
     */
    public static final double MIN_RELATIVE_USAGE_THRESHOLD = 1.0;
    public static final double MIN_RELATIVE_CONTACT_THRESHOLD = 0.5;

    public QuadrantThresholds {
        Objects.requireNonNull(mode, "mode");
        if (mode == Mode.ABSOLUTE) {
            AbsoluteThresholds.requireAxis("usage", usageThreshold, usageHysteresis);
            AbsoluteThresholds.requireAxis("contact", contactThreshold, contactHysteresis);
        } else {
            requireRelative("usage", usageThreshold, usageHysteresis);
            requireRelative("contact", contactThreshold, contactHysteresis);
        }
    }

    /** Absolute: usage high from 50, contact intensity high from 2.0; hysteresis 5 and 0.5. */
    public static QuadrantThresholds defaults() {
        return new QuadrantThresholds(Mode.ABSOLUTE, 50, 2.0, 5, 0.5);
    }

    /** Relative: high from the portfolio's median on each axis (multiplier 1.0); hysteresis 5 and 0.5. */
    public static QuadrantThresholds relativeToMedian() {
        return new QuadrantThresholds(Mode.RELATIVE_TO_MEDIAN, 1.0, 1.0, 5, 0.5);
    }

    /** The absolute thresholds with the default contact weights. */
    public AbsoluteThresholds resolve(double usageMedian, double contactMedian) {
        return resolve(usageMedian, contactMedian, ContactWeights.DEFAULT);
    }

    /**
     * The absolute thresholds for a portfolio with these medians (ignored in ABSOLUTE mode). In RELATIVE mode a
     * threshold is at least {@link #MIN_RELATIVE_USAGE_THRESHOLD} / {@link #MIN_RELATIVE_CONTACT_THRESHOLD}, and the
     * hysteresis shrinks to half the threshold if it is wider, so that a high account can still become low.
     */
    public AbsoluteThresholds resolve(double usageMedian, double contactMedian, ContactWeights weights) {
        if (mode == Mode.ABSOLUTE) {
            return new AbsoluteThresholds(usageThreshold, contactThreshold, usageHysteresis, contactHysteresis, weights);
        }
        if (!Double.isFinite(usageMedian) || !Double.isFinite(contactMedian)) {
            throw new IllegalArgumentException("medians must be numbers, got usage " + usageMedian + " and contact "
                    + contactMedian);
        }
        double usage = Math.max(usageThreshold * usageMedian, MIN_RELATIVE_USAGE_THRESHOLD);
        double contact = Math.max(contactThreshold * contactMedian, MIN_RELATIVE_CONTACT_THRESHOLD);
        return new AbsoluteThresholds(usage, contact, Math.min(usageHysteresis, usage / 2),
                Math.min(contactHysteresis, contact / 2), weights);
    }

    private static void requireRelative(String axis, double multiplier, double hysteresis) {
        if (!Double.isFinite(multiplier) || multiplier <= 0) {
            throw new IllegalArgumentException(axis + "Threshold (a multiplier of the median) must be more than 0, got "
                    + multiplier);
        }
        if (!Double.isFinite(hysteresis) || hysteresis < 0) {
            throw new IllegalArgumentException(axis + "Hysteresis must be 0 or more, got " + hysteresis);
        }
    }
}
