package io.retentionplatform.segmentation.quadrant;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Places an account in its engagement quadrant (seed 000, step 1) from its usage and contact intensity.
 *
 * <p>Each axis has hysteresis so that an account near a threshold does not flap between quadrants (and re-enter
 * nurture flows) every time a score moves by a point. Without a current quadrant an axis is high when the value is at
 * or above the threshold. An axis that is currently high stays high until the value falls below threshold minus
 * hysteresis; one that is currently low becomes high only at threshold plus hysteresis or more.
 */
public final class QuadrantClassifier {

    private QuadrantClassifier() {
    }

    /**
     * The placement.
     *
     * @param usage   the usage axis (adoption component, 0-100)
     * @param contact contact intensity over 90 days ({@link ContactIntensity})
     * @param t       thresholds resolved for this portfolio
     * @param current the account's quadrant now, null when it has none yet
     */
    public static Placement classify(double usage, double contact, AbsoluteThresholds t, Quadrant current) {
        requireValue("usage", usage);
        requireValue("contact", contact);
        Boolean usageWasHigh = current == null ? null : current.highUsage();
        Boolean contactWasHigh = current == null ? null : current.highContact();
        boolean highUsage = isHigh(usage, t.usageThreshold(), t.usageHysteresis(), usageWasHigh);
        boolean highContact = isHigh(contact, t.contactThreshold(), t.contactHysteresis(), contactWasHigh);
        Quadrant quadrant = Quadrant.of(highUsage, highContact);
        String weights = "inbound weighted " + oneDecimal(t.weights().inbound()) + ", outbound "
                + oneDecimal(t.weights().outbound());
        String reason = axis("usage", usage, highUsage, usageWasHigh, t.usageThreshold(), t.usageHysteresis(), false,
                "") + ", " + axis("contact", contact, highContact, contactWasHigh, t.contactThreshold(),
                t.contactHysteresis(), true, "; " + weights) + ": " + quadrant.label();
        return new Placement(quadrant, reason, quadrant != current);
    }

    /** From the 90-day contact counts, weighted with the thresholds' weights. */
    public static Placement classify(double usage, int inbound90, int outbound90, AbsoluteThresholds t,
            Quadrant current) {
        return classify(usage, ContactIntensity.of(inbound90, outbound90, t.weights()), t, current);
    }

    static boolean isHigh(double value, double threshold, double hysteresis, Boolean wasHigh) {
        if (wasHigh == null) {
            return value >= threshold;
        }
        return wasHigh ? value >= threshold - hysteresis : value >= threshold + hysteresis;
    }

    private static String axis(String name, double value, boolean high, Boolean wasHigh, double threshold,
            double hysteresis, boolean decimals, String extra) {
        // the hysteresis is named only when it decided: the value is on the other side of the threshold
        boolean held = wasHigh != null && high == wasHigh && (high ? value < threshold : value >= threshold);
        String band = !held ? ""
                : high ? "; high until below " + number(threshold - hysteresis, decimals)
                        : "; low until " + number(threshold + hysteresis, decimals);
        return name + " " + number(value, decimals) + (held ? " stays " : " is ") + (high ? "high" : "low")
                + " (threshold " + number(threshold, decimals) + band + extra + ")";
    }

    /** At most 2 decimals, trailing zeros dropped; the contact axis keeps at least one (2.0, 0.5). */
    private static String number(double value, boolean atLeastOneDecimal) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP).stripTrailingZeros();
        int minimumScale = atLeastOneDecimal ? 1 : 0;
        return rounded.scale() < minimumScale ? rounded.setScale(minimumScale).toPlainString() : rounded.toPlainString();
    }

    private static String oneDecimal(double value) {
        return number(value, true);
    }

    private static void requireValue(String axis, double value) {
        if (!Double.isFinite(value) || value < 0) {
            throw new IllegalArgumentException(axis + " must be a number of 0 or more, got " + value);
        }
    }
}
