package io.retentionplatform.segmentation.economics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * How much to spend on proactive retention for a customer base, by seed 000's rule of thumb ("Vuistregel"): 5% to
 * 8% of the base's ARR a year, next to the seed's split of that budget into tech stack, people and content.
 *
 * <p>The split's lines are fixed ranges in euros, not shares of ARR, so a small base cannot afford even the cheapest
 * split inside the envelope. {@link #fitsEnvelope()} says whether it can; {@link #note()} says how it fares.
 *
 * @param baseArr         the ARR of the existing customer base
 * @param minimum         5% of it
 * @param maximum         8% of it
 * @param split           the seed's three budget lines
 * @param splitMinimum    the cheapest split (the lines' minimums, EUR 65,000)
 * @param splitMaximum    the dearest split (the lines' maximums, EUR 145,000)
 * @param fitsEnvelope    true when the cheapest split costs no more than 8% of the base's ARR
 * @param note            one English sentence on how the split fits the envelope
 */
public record BudgetGuidance(
        BigDecimal baseArr,
        BigDecimal minimum,
        BigDecimal maximum,
        List<BudgetLine> split,
        BigDecimal splitMinimum,
        BigDecimal splitMaximum,
        boolean fitsEnvelope,
        String note) {

    // seed 000, budget guidelines: invest 5% to 8% of the customer base ARR in proactive retention
    public static final BigDecimal MINIMUM_SHARE = new BigDecimal("0.05");
    public static final BigDecimal MAXIMUM_SHARE = new BigDecimal("0.08");

    // seed 000, budget guidelines: CS platform EUR 15k-50k a year, depending on CRM complexity
    public static final BudgetLine TECH_STACK = new BudgetLine("tech stack (customer-success platform)",
            new BigDecimal("15000.00"), new BigDecimal("50000.00"), "depending on CRM complexity");
    // seed 000, budget guidelines: a dedicated marketer, 0.5-1.0 FTE (EUR 40k-70k)
    public static final BudgetLine HUMAN_CAPITAL = new BudgetLine("human capital (dedicated marketer)",
            new BigDecimal("40000.00"), new BigDecimal("70000.00"), "0.5-1.0 FTE");
    // seed 000, budget guidelines: content production for nurture flows EUR 10k-25k a year
    public static final BudgetLine CONTENT_PRODUCTION = new BudgetLine("content production (nurture flows)",
            new BigDecimal("10000.00"), new BigDecimal("25000.00"), "for nurture flows");

    public static final BigDecimal HUMAN_CAPITAL_MINIMUM_FTE = new BigDecimal("0.5");
    public static final BigDecimal HUMAN_CAPITAL_MAXIMUM_FTE = new BigDecimal("1.0");

    public static final List<BudgetLine> SPLIT = List.of(TECH_STACK, HUMAN_CAPITAL, CONTENT_PRODUCTION);

    /**
     * One line of the seed's budget split, a yearly amount range.
     *
     * @param name    what the money buys
     * @param minimum the least a year
     * @param maximum the most a year
     * @param basis   what the range depends on, as the seed puts it
     */
    public record BudgetLine(String name, BigDecimal minimum, BigDecimal maximum, String basis) {
    }

    public BudgetGuidance {
        split = List.copyOf(split);
    }

    /** The guidance for a base; throws IllegalArgumentException when baseArr is null or negative. */
    public static BudgetGuidance forBaseArr(BigDecimal baseArr) {
        if (baseArr == null || baseArr.signum() < 0) {
            throw new IllegalArgumentException("baseArr must be 0 or more, got " + baseArr);
        }
        BigDecimal minimum = money(baseArr.multiply(MINIMUM_SHARE));
        BigDecimal maximum = money(baseArr.multiply(MAXIMUM_SHARE));
        BigDecimal splitMinimum = SPLIT.stream().map(BudgetLine::minimum).reduce(BigDecimal.ZERO, BigDecimal::add);
        BigDecimal splitMaximum = SPLIT.stream().map(BudgetLine::maximum).reduce(BigDecimal.ZERO, BigDecimal::add);
        // compared before rounding to cents, so a base a cent short of 812,500 does not fit
        boolean fits = splitMinimum.compareTo(baseArr.multiply(MAXIMUM_SHARE)) <= 0;
        boolean withinFloor = splitMinimum.compareTo(baseArr.multiply(MINIMUM_SHARE)) <= 0;
        boolean allWithinFloor = splitMaximum.compareTo(baseArr.multiply(MINIMUM_SHARE)) <= 0;
        return new BudgetGuidance(money(baseArr), minimum, maximum, SPLIT, splitMinimum, splitMaximum, fits,
                note(fits, withinFloor, allWithinFloor, baseArr, minimum, maximum, splitMinimum, splitMaximum));
    }

    /** The smallest base ARR whose 8% pays for the cheapest split (EUR 812,500.00). */
    public static BigDecimal minimumBaseArrForSplit() {
        BigDecimal splitMinimum = SPLIT.stream().map(BudgetLine::minimum).reduce(BigDecimal.ZERO, BigDecimal::add);
        return splitMinimum.divide(MAXIMUM_SHARE, 2, RoundingMode.HALF_UP);
    }

    private static String note(boolean fits, boolean withinFloor, boolean allWithinFloor, BigDecimal baseArr,
            BigDecimal minimum, BigDecimal maximum, BigDecimal splitMinimum, BigDecimal splitMaximum) {
        if (!fits) {
            return "The cheapest split (EUR " + plain(splitMinimum) + ") is more than 8% of the base's ARR (EUR "
                    + plain(maximum) + "): below EUR " + plain(minimumBaseArrForSplit())
                    + " of ARR, choose among the lines rather than funding all three.";
        }
        if (!withinFloor) {
            return "The cheapest split (EUR " + plain(splitMinimum) + ") fits only the upper part of the envelope (EUR "
                    + plain(minimum) + " to " + plain(maximum) + "): it takes "
                    + percent(splitMinimum.divide(baseArr, 4, RoundingMode.HALF_UP)) + " of the base's ARR.";
        }
        if (allWithinFloor) {
            return "Even the dearest split (EUR " + plain(splitMaximum) + ") fits within 5% of the base's ARR (EUR "
                    + plain(minimum) + "): the rest of the envelope is free for more people or programmes.";
        }
        return "The cheapest split (EUR " + plain(splitMinimum) + ") fits within 5% of the base's ARR (EUR "
                + plain(minimum) + "); the envelope reaches EUR " + plain(maximum) + ".";
    }

    private static BigDecimal money(BigDecimal value) {
        return value.setScale(2, RoundingMode.HALF_UP);
    }

    private static String plain(BigDecimal amount) {
        return String.format(java.util.Locale.ROOT, "%,.2f", amount);
    }

    private static String percent(BigDecimal share) {
        return share.movePointRight(2).stripTrailingZeros().toPlainString() + "%";
    }
}
