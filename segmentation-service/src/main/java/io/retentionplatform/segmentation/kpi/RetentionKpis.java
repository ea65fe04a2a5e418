package io.retentionplatform.segmentation.kpi;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Seed 000's portfolio retention KPIs for the period [from, to] (both days included), for the whole portfolio and
 * per industry.
 *
 * <p>The cohort is every account with ARR above 0 at the start, i.e. at the end of the day before {@code from}. Its
 * movements in the period make expansion (expansion and reactivation), contraction and churn; its ending ARR is
 * starting + expansion - contraction - churn. ARR from accounts outside the cohort is new business: reported on its
 * own and kept out of NRR and GRR, as is a {@code new} movement on a cohort account (an account that holds ARR cannot
 * be new; counting it as expansion would flatter NRR).
 *
 * @param from        first day of the period
 * @param to          last day of the period
 * @param portfolio   the figures of all accounts
 * @param byIndustry  the figures per industry, every industry present (empty cohorts have null rates); accounts
 *                    missing from the industry map count as {@link Industry#OTHER}
 */
public record RetentionKpis(LocalDate from, LocalDate to, RetentionFigures portfolio,
        Map<Industry, RetentionFigures> byIndustry) {

    public RetentionKpis {
        byIndustry = Collections.unmodifiableMap(new EnumMap<>(byIndustry));
    }

    /**
     * The KPIs of one group of accounts. Amounts are positive, in the movements' currency; rates have 4 decimals (0.9512) and are null
     * when the cohort is empty (nothing to divide by).
     *
     * @param cohortSize               accounts with ARR above 0 at the start
     * @param retainedAccounts         of those, accounts with ARR above 0 at the end of {@code to}
     * @param startingArr              the cohort's ARR at the start
     * @param expansion                expansion and reactivation of cohort accounts in the period
     * @param contraction              contraction of cohort accounts in the period
     * @param churn                    churn of cohort accounts in the period
     * @param endingArr                startingArr + expansion - contraction - churn
     * @param newBusinessArr           ARR added in the period by accounts outside the cohort (all their increases),
     *                                 plus {@code new} movements of cohort accounts
     * @param newAccounts              accounts outside the cohort that gained ARR in the period
     * @param nrr                      net revenue retention: endingArr / startingArr (seed 000: above 1 the base grows)
     * @param grr                      gross revenue retention: (startingArr - contraction - churn) / startingArr,
     *                                 between 0 and 1
     * @param expansionRate            expansion / startingArr (seed 000: "expansion revenue as % of ARR")
     * @param logoRetention            retainedAccounts / cohortSize
     * @param annualisedLogoRetention  logo retention r over a period of d days raised to 365/d, so periods of any
     *                                 length compare with yearly benchmarks; short periods amplify (0.99 over 31 days
     *                                 is 0.8884 a year), so read it with the period length in mind
     */
    public record RetentionFigures(
            int cohortSize,
            int retainedAccounts,
            BigDecimal startingArr,
            BigDecimal expansion,
            BigDecimal contraction,
            BigDecimal churn,
            BigDecimal endingArr,
            BigDecimal newBusinessArr,
            int newAccounts,
            BigDecimal nrr,
            BigDecimal grr,
            BigDecimal expansionRate,
            BigDecimal logoRetention,
            BigDecimal annualisedLogoRetention) {
    }

    /** Computes the KPIs; throws IllegalArgumentException when {@code to} is before {@code from}. */
    public static RetentionKpis compute(List<ArrMovement> movements, Map<String, Industry> industryByAccount,
            LocalDate from, LocalDate to) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to (" + to + ") must not be before from (" + from + ")");
        }
        ArrLedger ledger = ArrLedger.of(movements);
        long days = ChronoUnit.DAYS.between(from, to) + 1;
        Tally portfolio = new Tally();
        Map<Industry, Tally> byIndustry = new EnumMap<>(Industry.class);
        for (Industry industry : Industry.values()) {
            byIndustry.put(industry, new Tally());
        }
        for (String accountId : ledger.accountIds()) {
            Industry industry = industryByAccount.getOrDefault(accountId, Industry.OTHER);
            Tally industryTally = byIndustry.get(industry == null ? Industry.OTHER : industry);
            for (Tally tally : List.of(portfolio, industryTally)) {
                tally.add(ledger, accountId, from, to);
            }
        }
        Map<Industry, RetentionFigures> figures = new EnumMap<>(Industry.class);
        byIndustry.forEach((industry, tally) -> figures.put(industry, tally.figures(days)));
        return new RetentionKpis(from, to, portfolio.figures(days), figures);
    }

    /** The figures of one industry. */
    public RetentionFigures industry(Industry industry) {
        return byIndustry.get(industry);
    }

    /** Running sums for one group of accounts. */
    private static final class Tally {
        int cohortSize;
        int retained;
        int newAccounts;
        BigDecimal startingArr = BigDecimal.ZERO;
        BigDecimal expansion = BigDecimal.ZERO;
        BigDecimal contraction = BigDecimal.ZERO;
        BigDecimal churn = BigDecimal.ZERO;
        BigDecimal newBusiness = BigDecimal.ZERO;

        void add(ArrLedger ledger, String accountId, LocalDate from, LocalDate to) {
            BigDecimal start = ledger.arrAt(accountId, from.minusDays(1));
            boolean inCohort = start.signum() > 0;
            BigDecimal gained = BigDecimal.ZERO;
            for (ArrMovement movement : ledger.movementsOf(accountId)) {
                LocalDate day = movement.effectiveDate();
                if (day.isBefore(from) || day.isAfter(to)) {
                    continue;
                }
                if (!inCohort) {
                    gained = gained.add(movement.delta().max(BigDecimal.ZERO));
                    continue;
                }
                switch (movement.kind()) {
                    case EXPANSION, REACTIVATION -> expansion = expansion.add(movement.delta());
                    case CONTRACTION -> contraction = contraction.add(movement.delta().negate());
                    case CHURN -> churn = churn.add(movement.delta().negate());
                    case NEW -> newBusiness = newBusiness.add(movement.delta());
                    case RENEWAL -> {
                        // a renewal at the same ARR moves nothing
                    }
                }
            }
            if (inCohort) {
                cohortSize++;
                startingArr = startingArr.add(start);
                if (ledger.arrAt(accountId, to).signum() > 0) {
                    retained++;
                }
            } else if (gained.signum() > 0) {
                newAccounts++;
                newBusiness = newBusiness.add(gained);
            }
        }

        RetentionFigures figures(long days) {
            BigDecimal ending = startingArr.add(expansion).subtract(contraction).subtract(churn);
            BigDecimal kept = startingArr.subtract(contraction).subtract(churn);
            boolean empty = cohortSize == 0 || startingArr.signum() <= 0;
            BigDecimal grr = empty ? null : clampToShare(rate(kept, startingArr));
            BigDecimal logoRetention = cohortSize == 0 ? null : rate(BigDecimal.valueOf(retained),
                    BigDecimal.valueOf(cohortSize));
            BigDecimal annualised = cohortSize == 0 ? null : BigDecimal.valueOf(
                    Math.pow((double) retained / cohortSize, 365.0 / days)).setScale(4, RoundingMode.HALF_UP);
            return new RetentionFigures(cohortSize, retained, money(startingArr), money(expansion), money(contraction),
                    money(churn), money(ending), money(newBusiness), newAccounts,
                    empty ? null : rate(ending, startingArr),
                    grr,
                    empty ? null : rate(expansion, startingArr),
                    logoRetention, annualised);
        }

        private static BigDecimal rate(BigDecimal part, BigDecimal whole) {
            return part.divide(whole, 4, RoundingMode.HALF_UP);
        }

        private static BigDecimal clampToShare(BigDecimal rate) {
            // more contraction and churn than starting ARR (churn, reactivation, churn again) floors at 0
            return rate.max(BigDecimal.ZERO.setScale(4)).min(BigDecimal.ONE.setScale(4));
        }

        private static BigDecimal money(BigDecimal amount) {
            return amount.setScale(2, RoundingMode.HALF_UP);
        }
    }
}
