package io.retentionplatform.segmentation.economics;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * The "leaking bucket" sum of seed 002, chapter 1.1, in its five steps: (1) the monthly churn rate, (2) the
 * customers it loses a year, (3)-(4) times the average annual revenue per customer gives the annual leak, (5) what a
 * few points better yearly retention would keep.
 *
 * <p>Step 2 follows the seed's own arithmetic: customers x monthly rate x 12 (capped at all customers). That
 * overstates the loss a little because each month churns from a smaller base; the compounded figure
 * customers x (1 - (1 - rate)^12) is exposed beside it for reference, not used in the later steps.
 *
 * @param customers                     customers at the start of the year
 * @param monthlyChurnRate              share of customers lost per month (0-1), step 1
 * @param averageAnnualRevenue          average revenue per customer per year
 * @param improvementPoints             better yearly retention as a share (0.05 = 5 points), step 5
 * @param customersLostPerYear          step 2, the seed's way (exact)
 * @param compoundedCustomersLostPerYear step 2 compounded month by month, for reference (2 decimals)
 * @param yearlyRetention               1 - lost / customers (4 decimals)
 * @param annualLeak                    steps 3-4: customers lost per year x average annual revenue
 * @param revenueKeptByImprovement      step 5: customers x improvement points x average annual revenue, at most the leak
 */
public record LeakCalculation(
        int customers,
        BigDecimal monthlyChurnRate,
        BigDecimal averageAnnualRevenue,
        BigDecimal improvementPoints,
        BigDecimal customersLostPerYear,
        BigDecimal compoundedCustomersLostPerYear,
        BigDecimal yearlyRetention,
        BigDecimal annualLeak,
        BigDecimal revenueKeptByImprovement) {

    /** seed 002, 1.1 step 5: "5% verbeterde retentie". */
    public static final BigDecimal DEFAULT_IMPROVEMENT_POINTS = new BigDecimal("0.05");

    private static final BigDecimal MONTHS = BigDecimal.valueOf(12);

    /** With the seed's 5 points of better retention. */
    public static LeakCalculation of(int customers, BigDecimal monthlyChurnRate, BigDecimal averageAnnualRevenue) {
        return of(customers, monthlyChurnRate, averageAnnualRevenue, DEFAULT_IMPROVEMENT_POINTS);
    }

    /** The five steps; throws IllegalArgumentException naming the parameter that is out of range. */
    public static LeakCalculation of(int customers, BigDecimal monthlyChurnRate, BigDecimal averageAnnualRevenue,
            BigDecimal improvementPoints) {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1, got " + customers);
        }
        requireShare("monthlyChurnRate", monthlyChurnRate);
        if (averageAnnualRevenue == null || averageAnnualRevenue.signum() < 0) {
            throw new IllegalArgumentException("averageAnnualRevenue must be 0 or more, got " + averageAnnualRevenue);
        }
        requireShare("improvementPoints", improvementPoints);

        BigDecimal all = BigDecimal.valueOf(customers);
        // seed 002, 1.1 step 2: monthly churn x 12 customers a year; more than everyone cannot leave
        BigDecimal lost = all.multiply(monthlyChurnRate).multiply(MONTHS).min(all);
        BigDecimal compounded = all.multiply(BigDecimal.ONE.subtract(BigDecimal.ONE.subtract(monthlyChurnRate).pow(12)))
                .setScale(2, RoundingMode.HALF_UP);
        BigDecimal retention = BigDecimal.ONE.subtract(lost.divide(all, MathContext.DECIMAL64))
                .setScale(4, RoundingMode.HALF_UP);
        // seed 002, 1.1 steps 3-4: lost customers x average annual revenue = the annual leak
        BigDecimal leak = lost.multiply(averageAnnualRevenue).setScale(2, RoundingMode.HALF_UP);
        // seed 002, 1.1 step 5: better retention can at most win back what leaks
        BigDecimal kept = all.multiply(improvementPoints).multiply(averageAnnualRevenue)
                .setScale(2, RoundingMode.HALF_UP).min(leak);
        return new LeakCalculation(customers, monthlyChurnRate, averageAnnualRevenue, improvementPoints,
                stripped(lost), compounded, retention, leak, kept);
    }

    /** Yearly retention with the improvement applied (never above 1). */
    public BigDecimal improvedYearlyRetention() {
        return yearlyRetention.add(improvementPoints).min(BigDecimal.ONE).setScale(4, RoundingMode.HALF_UP);
    }

    private static void requireShare(String name, BigDecimal value) {
        if (value == null || value.signum() < 0 || value.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException(name + " must be between 0 and 1, got " + value);
        }
    }

    private static BigDecimal stripped(BigDecimal value) {
        BigDecimal s = value.stripTrailingZeros();
        return s.scale() < 0 ? s.setScale(0) : s;
    }
}
