package io.retentionplatform.segmentation.economics;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;

/**
 * What one year's intake of customers earns over the following years at a fixed yearly retention, the scenario
 * table of seed 002, chapter 1.1: year n earns customers x retention^(n-1) x first purchase.
 *
 * <p>The arithmetic is exact (BigDecimal, no doubles), so the seed's table comes out to the cent. Customers stay
 * exact (they are expected values and may be fractional); each year's revenue is rounded to cents (HALF_UP) and the
 * cumulative figure is the sum of the rounded years, so the table always adds up.
 *
 * @param customers       customers won in year 1
 * @param firstPurchase   revenue per retained customer per year
 * @param yearlyRetention share of last year's customers still buying this year (0-1)
 * @param years           one row per year, year 1 first
 */
public record RetentionScenario(int customers, BigDecimal firstPurchase, BigDecimal yearlyRetention, List<Year> years) {

    public static final int MAX_YEARS = 50;

    /**
     * One year of the scenario.
     *
     * @param year              1 for the year of acquisition
     * @param customers         customers still buying (exact, may be fractional)
     * @param revenue           their revenue that year, in cents
     * @param cumulativeRevenue revenue of this and all earlier years
     */
    public record Year(int year, BigDecimal customers, BigDecimal revenue, BigDecimal cumulativeRevenue) {
    }

    public RetentionScenario {
        years = List.copyOf(years);
    }

    /** The scenario; throws IllegalArgumentException naming the parameter that is out of range. */
    public static RetentionScenario of(int customers, BigDecimal firstPurchase, BigDecimal yearlyRetention, int years) {
        if (customers < 1) {
            throw new IllegalArgumentException("customers must be at least 1, got " + customers);
        }
        if (firstPurchase == null || firstPurchase.signum() <= 0) {
            throw new IllegalArgumentException("firstPurchase must be more than 0, got " + firstPurchase);
        }
        if (yearlyRetention == null || yearlyRetention.signum() < 0 || yearlyRetention.compareTo(BigDecimal.ONE) > 0) {
            throw new IllegalArgumentException("yearlyRetention must be between 0 and 1, got " + yearlyRetention);
        }
        if (years < 1 || years > MAX_YEARS) {
            throw new IllegalArgumentException("years must be between 1 and " + MAX_YEARS + ", got " + years);
        }
        List<Year> rows = new ArrayList<>(years);
        BigDecimal retained = BigDecimal.valueOf(customers);
        BigDecimal cumulative = BigDecimal.ZERO.setScale(2);
        for (int year = 1; year <= years; year++) {
            // seed 002, 1.1: year n = customers x retention^(n-1) x first purchase
            BigDecimal revenue = retained.multiply(firstPurchase).setScale(2, RoundingMode.HALF_UP);
            cumulative = cumulative.add(revenue);
            rows.add(new Year(year, exact(retained), revenue, cumulative));
            retained = retained.multiply(yearlyRetention);
        }
        return new RetentionScenario(customers, firstPurchase, yearlyRetention, rows);
    }

    /** Revenue of all years together (the seed's "Cumulatief"). */
    public BigDecimal cumulativeRevenue() {
        return years.get(years.size() - 1).cumulativeRevenue();
    }

    /** Drops trailing zeros the multiplications leave (1000.0000 customers reads as 1000) without going to 1E+3. */
    private static BigDecimal exact(BigDecimal value) {
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }
}
