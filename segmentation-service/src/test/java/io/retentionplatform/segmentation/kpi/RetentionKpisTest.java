package io.retentionplatform.segmentation.kpi;

import static io.retentionplatform.segmentation.kpi.ArrLedgerTest.movement;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.retentionplatform.segmentation.kpi.RetentionKpis.RetentionFigures;
import org.junit.jupiter.api.Test;

class RetentionKpisTest {

    static final LocalDate FROM = LocalDate.parse("2025-01-01");
    static final LocalDate TO = LocalDate.parse("2025-03-31"); // 90 days

    /*
     * The cohort (ARR > 0 at the end of 2024-12-31): a 100k, b 50k, c 30k, d 20k = 200k.
     * In the period: a +20k expansion, b -10k contraction (on the last day), d -20k churn (on the first day),
     * c a renewal (moves nothing); e is new (+40k); f starts after the period; g churned before it.
     *
     * Portfolio: ending = 200 + 20 - 10 - 20 = 190k; NRR = 190 / 200 = 0.9500; GRR = (200 - 10 - 20) / 200 = 0.8500;
     * expansion rate = 20 / 200 = 0.1000; logo retention = 3 / 4 = 0.7500, annualised 0.75^(365/90) = 0.3114.
     * SaaS (a, b): 150k -> 160k; NRR 160/150 = 1.0667, GRR 140/150 = 0.9333, expansion 20/150 = 0.1333, logos 2/2.
     * Manufacturing (c, d): 50k -> 30k; NRR = GRR = 30/50 = 0.6000, logos 1/2 = 0.5000, annualised 0.5^(365/90) = 0.0601.
     * Professional services (e): no cohort, 40k new business. Other (g): nothing.
     */
    static final List<ArrMovement> PORTFOLIO = List.of(
            movement("a", MovementKind.NEW, "100000", "2024-03-01"),
            movement("a", MovementKind.EXPANSION, "20000", "2025-02-10"),
            movement("b", MovementKind.NEW, "50000", "2024-05-01"),
            movement("b", MovementKind.CONTRACTION, "-10000", "2025-03-31"),
            movement("c", MovementKind.NEW, "30000", "2024-12-31"),
            movement("c", MovementKind.RENEWAL, "0", "2025-01-15"),
            movement("d", MovementKind.NEW, "20000", "2023-06-01"),
            movement("d", MovementKind.CHURN, "-20000", "2025-01-01"),
            movement("e", MovementKind.NEW, "40000", "2025-02-01"),
            movement("f", MovementKind.NEW, "10000", "2025-04-01"),
            movement("g", MovementKind.NEW, "5000", "2022-01-01"),
            movement("g", MovementKind.CHURN, "-5000", "2024-06-01"));

    static final Map<String, Industry> INDUSTRIES = Map.of(
            "a", Industry.SAAS, "b", Industry.SAAS, "c", Industry.MANUFACTURING, "d", Industry.MANUFACTURING,
            "e", Industry.PROFESSIONAL_SERVICES, "f", Industry.SAAS);

    @Test
    void portfolioFiguresOfTheHandBuiltQuarter() {
        RetentionFigures p = RetentionKpis.compute(PORTFOLIO, INDUSTRIES, FROM, TO).portfolio();

        assertThat(p.cohortSize()).isEqualTo(4);
        assertThat(p.retainedAccounts()).isEqualTo(3);
        assertThat(p.startingArr()).isEqualTo(new BigDecimal("200000.00"));
        assertThat(p.expansion()).isEqualTo(new BigDecimal("20000.00"));
        assertThat(p.contraction()).isEqualTo(new BigDecimal("10000.00"));
        assertThat(p.churn()).isEqualTo(new BigDecimal("20000.00"));
        assertThat(p.endingArr()).isEqualTo(new BigDecimal("190000.00"));
        assertThat(p.newBusinessArr()).isEqualTo(new BigDecimal("40000.00"));
        assertThat(p.newAccounts()).isEqualTo(1);
        assertThat(p.nrr()).isEqualTo(new BigDecimal("0.9500"));
        assertThat(p.grr()).isEqualTo(new BigDecimal("0.8500"));
        assertThat(p.expansionRate()).isEqualTo(new BigDecimal("0.1000"));
        assertThat(p.logoRetention()).isEqualTo(new BigDecimal("0.7500"));
        assertThat(p.annualisedLogoRetention()).isEqualTo(new BigDecimal("0.3114"));
    }

    @Test
    void perIndustryFigures() {
        RetentionKpis kpis = RetentionKpis.compute(PORTFOLIO, INDUSTRIES, FROM, TO);

        RetentionFigures saas = kpis.industry(Industry.SAAS);
        assertThat(saas.startingArr()).isEqualByComparingTo("150000");
        assertThat(saas.endingArr()).isEqualByComparingTo("160000");
        assertThat(saas.nrr()).isEqualTo(new BigDecimal("1.0667"));
        assertThat(saas.grr()).isEqualTo(new BigDecimal("0.9333"));
        assertThat(saas.expansionRate()).isEqualTo(new BigDecimal("0.1333"));
        assertThat(saas.logoRetention()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(saas.annualisedLogoRetention()).isEqualTo(new BigDecimal("1.0000"));
        assertThat(saas.newBusinessArr()).isEqualByComparingTo("0");

        RetentionFigures manufacturing = kpis.industry(Industry.MANUFACTURING);
        assertThat(manufacturing.startingArr()).isEqualByComparingTo("50000");
        assertThat(manufacturing.churn()).isEqualByComparingTo("20000");
        assertThat(manufacturing.nrr()).isEqualTo(new BigDecimal("0.6000"));
        assertThat(manufacturing.grr()).isEqualTo(new BigDecimal("0.6000"));
        assertThat(manufacturing.expansionRate()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(manufacturing.logoRetention()).isEqualTo(new BigDecimal("0.5000"));
        assertThat(manufacturing.annualisedLogoRetention()).isEqualTo(new BigDecimal("0.0601"));

        RetentionFigures services = kpis.industry(Industry.PROFESSIONAL_SERVICES);
        assertThat(services.cohortSize()).isZero();
        assertThat(services.newBusinessArr()).isEqualByComparingTo("40000");
        assertThat(services.nrr()).isNull();
        assertThat(services.grr()).isNull();
        assertThat(services.expansionRate()).isNull();
        assertThat(services.logoRetention()).isNull();
        assertThat(services.annualisedLogoRetention()).isNull();

        RetentionFigures other = kpis.industry(Industry.OTHER); // g churned before the period
        assertThat(other.cohortSize()).isZero();
        assertThat(other.newBusinessArr()).isEqualByComparingTo("0");
        assertThat(kpis.byIndustry()).containsOnlyKeys(Industry.values());
    }

    @Test
    void accountsWithoutIndustryCountAsOther() {
        RetentionKpis kpis = RetentionKpis.compute(PORTFOLIO, Map.of(), FROM, TO);

        assertThat(kpis.industry(Industry.OTHER).startingArr()).isEqualByComparingTo("200000");
        assertThat(kpis.industry(Industry.SAAS).cohortSize()).isZero();
    }

    @Test
    void reactivationWithinThePeriodIsExpansionAndKeepsTheLogo() {
        // 10k; churn -10k; reactivation +8k: expansion 8k, churn 10k, ending 8k; NRR 0.8, GRR 0/10 = 0
        RetentionFigures h = RetentionKpis.compute(List.of(
                movement("h", MovementKind.NEW, "10000", "2024-01-01"),
                movement("h", MovementKind.CHURN, "-10000", "2025-01-10"),
                movement("h", MovementKind.REACTIVATION, "8000", "2025-02-01")), Map.of(), FROM, TO).portfolio();

        assertThat(h.expansion()).isEqualByComparingTo("8000");
        assertThat(h.churn()).isEqualByComparingTo("10000");
        assertThat(h.endingArr()).isEqualByComparingTo("8000");
        assertThat(h.nrr()).isEqualTo(new BigDecimal("0.8000"));
        assertThat(h.grr()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(h.logoRetention()).isEqualTo(new BigDecimal("1.0000"));
    }

    @Test
    void grossRetentionNeverGoesBelowZero() {
        // 10k; churn, reactivation, churn again: 20k lost from 10k starting -> (10 - 20) / 10 floors at 0
        RetentionFigures i = RetentionKpis.compute(List.of(
                movement("i", MovementKind.NEW, "10000", "2024-01-01"),
                movement("i", MovementKind.CHURN, "-10000", "2025-01-10"),
                movement("i", MovementKind.REACTIVATION, "10000", "2025-02-01"),
                movement("i", MovementKind.CHURN, "-10000", "2025-03-01")), Map.of(), FROM, TO).portfolio();

        assertThat(i.grr()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(i.nrr()).isEqualTo(new BigDecimal("0.0000"));
        assertThat(i.logoRetention()).isEqualTo(new BigDecimal("0.0000"));
    }

    @Test
    void aNewMovementOnACohortAccountIsNewBusinessNotExpansion() {
        RetentionFigures j = RetentionKpis.compute(List.of(
                movement("j", MovementKind.NEW, "10000", "2024-01-01"),
                movement("j", MovementKind.NEW, "5000", "2025-02-01")), Map.of(), FROM, TO).portfolio();

        assertThat(j.expansion()).isEqualByComparingTo("0");
        assertThat(j.newBusinessArr()).isEqualByComparingTo("5000");
        assertThat(j.nrr()).isEqualTo(new BigDecimal("1.0000"));
    }

    @Test
    void newBusinessCountsEveryIncreaseOfAnAccountOutsideTheCohort() {
        // k: new 40k and expansion 5k in the period, then contraction 3k: 45k gross new business, one new account
        RetentionFigures k = RetentionKpis.compute(List.of(
                movement("k", MovementKind.NEW, "40000", "2025-01-05"),
                movement("k", MovementKind.EXPANSION, "5000", "2025-02-05"),
                movement("k", MovementKind.CONTRACTION, "-3000", "2025-03-05")), Map.of(), FROM, TO).portfolio();

        assertThat(k.newBusinessArr()).isEqualByComparingTo("45000");
        assertThat(k.newAccounts()).isEqualTo(1);
        assertThat(k.cohortSize()).isZero();
        assertThat(k.nrr()).isNull();
        assertThat(k.contraction()).isEqualByComparingTo("0");
    }

    @Test
    void overAWholeYearAnnualisedLogoRetentionIsTheLogoRetention() {
        RetentionFigures year = RetentionKpis.compute(PORTFOLIO, INDUSTRIES, FROM, LocalDate.parse("2025-12-31"))
                .portfolio();

        // the whole year also sees f (new on 2025-04-01) as new business: 40k + 10k
        assertThat(year.logoRetention()).isEqualTo(new BigDecimal("0.7500"));
        assertThat(year.annualisedLogoRetention()).isEqualTo(new BigDecimal("0.7500"));
        assertThat(year.newBusinessArr()).isEqualByComparingTo("50000");
    }

    @Test
    void anEmptyPortfolioHasNoRates() {
        RetentionKpis kpis = RetentionKpis.compute(List.of(), Map.of(), FROM, TO);

        assertThat(kpis.portfolio().startingArr()).isEqualByComparingTo("0");
        assertThat(kpis.portfolio().nrr()).isNull();
        assertThat(kpis.portfolio().logoRetention()).isNull();
    }

    @Test
    void rejectsAPeriodEndingBeforeItStarts() {
        assertThatThrownBy(() -> RetentionKpis.compute(PORTFOLIO, INDUSTRIES, TO, FROM))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("to ");
    }
}
