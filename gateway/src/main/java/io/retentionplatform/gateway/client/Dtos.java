package io.retentionplatform.gateway.client;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.Ignore;
import org.eclipse.microprofile.graphql.Input;
import org.eclipse.microprofile.graphql.Name;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

/**
 * What the services answer, as the gateway reads it (JSON bodies of their REST APIs; fields the gateway does not
 * use are ignored). Most are the GraphQL types too, documented here: the schema is generated from these records.
 */
public final class Dtos {

    private Dtos() {
    }

    // --- segmentation-service: accounts ------------------------------------------------------------------

    @Type("Account")
    @Description("A B2B customer account: its CRM fields, ARR, health, quadrant and flags, with what the other services "
            + "know about it (segments, nurture, expansion eligibility, churn risk) one field away")
    public record AccountDto(
            @NonNull @Id @Name("id") @Description("The account's CRM id") String accountId,
            @Description("Company name from the CRM; null until the CRM sent the account") String name,
            @Description("Industry, as the CRM names it (the benchmarks use it)") String industry,
            @Description("Plan tier, e.g. basic or premium") String planTier,
            @Description("Features the plan entitles the account to") List<String> entitledFeatures,
            @Description("Annual recurring revenue now, from the ARR ledger") BigDecimal arr,
            @Description("ISO 4217 currency of the ARR") String currency,
            @Description("ARR as the contract states it") BigDecimal contractArr,
            LocalDate contractStart,
            @Description("Next renewal date") LocalDate renewalDate,
            @Description("Account owner (customer-success manager)") String owner,
            @NonNull @Description("False once the account churned") boolean active,
            @Ignore boolean crmKnown,
            @Ignore long version,
            @Description("Latest health score; null until scoring-service scored the account") HealthSummary health,
            @Description("The behaviour behind the score: usage, contact, support, NPS") Signals signals,
            @Description("The engagement quadrant the account is in now") QuadrantNow quadrant,
            @Description("The warning flags") Flags flags,
            @Ignore Boolean expansionEligible) {
    }

    @Type("Health")
    @Description("An account's health: adoption, support and engagement (and NPS, capped), weighted to 0-100")
    public record HealthSummary(
            @NonNull @Description("Health 0-100") int score,
            @NonNull @Description("healthy, watch or at_risk") String band,
            @NonNull @Description("Product usage and feature adoption, 0-100") int adoption,
            @NonNull @Description("Support burden, 0-100 (100 = no open trouble)") int support,
            @NonNull @Description("Human contact, marketing engagement and advocacy, 0-100") int engagement,
            @Description("From the latest NPS, 0-100; null when none is known") Integer survey,
            @Description("Engagement score over 30 days (behaviour + support + usage), 0-100") Integer engagementScore30,
            @Description("Engagement score over 90 days") Integer engagementScore90,
            @Description("Score change against 7 days before") Integer trendChange7,
            @Description("Score change against 30 days before") Integer trendChange30,
            @Description("up, down or flat") String trendDirection,
            @Description("One English sentence: the score and what moved it") String explanation,
            @NonNull @Description("Increases with every change of this account's score") long version,
            @Description("When scoring-service computed it") Instant computedAt,
            @Description("The health model version the score was computed with") Long modelVersion,
            @Ignore String accountId) {

        public HealthSummary withAccount(String id) {
            return new HealthSummary(score, band, adoption, support, engagement, survey, engagementScore30, engagementScore90,
                    trendChange7, trendChange30, trendDirection, explanation, version, computedAt, modelVersion, id);
        }
    }

    @Type("Signals")
    @Description("The figures behind an account's score and quadrant (windows of 30 and 90 days)")
    public record Signals(
            @Description("Days with product use in the last 30 days (the quadrant's usage axis)") Integer activeDays30,
            Integer activeDaysPrevious30,
            @Description("Distinct features used in the last 30 days") Integer featuresUsed30,
            @Description("Contacts the customer started in 90 days (the quadrant's contact axis)") Integer inboundContacts90,
            Integer outboundContacts90,
            @Description("Inbound contacts per active week") Double contactIntensity,
            @Description("Reviews, referrals, case studies in 90 days") Integer advocacyActs90,
            Integer openTickets,
            @Description("Latest NPS answer, 0-10") Integer lastNps,
            Instant lastHumanContactAt,
            @Description("Days since the last human contact (call, meeting, reply); null if never") Integer daysSinceHumanContact,
            Instant lastInboundContactAt, Instant lastEngagementAt,
            @Description("When the account first reached value (time-to-value milestone)") Instant firstValueAt) {
    }

    @Type("QuadrantPlacement")
    @Description("Where the account sits in the engagement quadrant (usage against inbound contact)")
    public record QuadrantNow(
            @NonNull @Description("active_advocates, silent_satisfieds, struggling_needy or at_risk_disengaged") String current,
            @Description("Since when") Instant since,
            @Description("Why, in one sentence") String reason) {
    }

    @Type("Flags")
    public record Flags(
            @NonNull @Description("Good NPS, no human contact in 90 days, falling usage: satisfied on paper, leaving in fact")
            boolean satisfactionTrap,
            @NonNull @Description("Pays for a premium tier but uses none of its premium features") boolean premiumPaysBasicUse) {
    }

    @Type("SegmentStay")
    @Description("A stay of an account in a segment: a quadrant, a flag, a rule segment or a silent-audit pilot cohort")
    public record StayDto(@NonNull String accountId, @NonNull @Description("e.g. quadrant:silent_satisfieds, rule:enterprise-silent")
            String segmentId, @Description("quadrant, flag, rule or audit_pilot") String kind, Instant enteredAt,
            String enterReason, @Description("Null while the account is still in the segment") Instant leftAt,
            String leaveReason, Long scoreVersion, Long definitionVersion) {
    }

    @Type("Segment")
    @Description("A segment: a quadrant, a built-in flag or a rule segment, with its member count")
    public record SegmentDto(@NonNull @Id String segmentId, String kind, String name, String description, Long version,
            @Description("The rule in words") String ruleText, @NonNull long members, Instant createdAt, Instant updatedAt) {
    }

    /** A rule segment as created or edited; the rule is JSON (the segmentation README describes the rule tree). */
    public record SegmentInput(String id, String name, String description, Object rule) {
    }

    // --- segmentation-service: portfolio, audit, economics ----------------------------------------------

    @Type("RetentionFigures")
    @Description("Revenue retention of the accounts that were customers at the period's start (ratios 0-1)")
    public record RetentionFigures(int cohortSize, int retainedAccounts, BigDecimal startingArr, BigDecimal expansion,
            BigDecimal contraction, BigDecimal churn, BigDecimal endingArr, BigDecimal newBusinessArr, int newAccounts,
            @Description("Net revenue retention: (start + expansion - contraction - churn) / start") BigDecimal nrr,
            @Description("Gross revenue retention: (start - contraction - churn) / start") BigDecimal grr,
            @Description("Expansion / start") BigDecimal expansionRate, BigDecimal logoRetention,
            BigDecimal annualisedLogoRetention) {
    }

    @Type("IndustryRetention")
    @Description("An industry's retention against the Dutch B2B benchmark band for it")
    public record IndustryRetention(String industry, RetentionFigures figures, BigDecimal benchmarkLow, BigDecimal benchmarkHigh,
            @Description("below, within or above the band") String verdict) {
    }

    @Type("QuadrantFigures")
    public record QuadrantFigures(String quadrant, String label, int accounts, BigDecimal arr) {
    }

    @Type("TimeToValue")
    public record TimeToValue(int reached, int notYetReached, BigDecimal medianDays, BigDecimal meanDays) {
    }

    @Type("AdvocacyRate")
    public record AdvocacyRate(int advocates, int activeAccounts, BigDecimal rate) {
    }

    @Type("HealthDistribution")
    public record HealthDistribution(int healthy, int watch, int atRisk, int unknown) {
    }

    @Type("Portfolio")
    @Description("The portfolio's KPIs over a period")
    public record Kpis(LocalDate from, LocalDate to, BigDecimal arrAtStart, BigDecimal arrAtEnd, RetentionFigures retention,
            List<IndustryRetention> industries, TimeToValue timeToValue, AdvocacyRate advocacy, HealthDistribution health,
            List<QuadrantFigures> quadrants) {
    }

    @Type("SilentAccount")
    public record SilentAccount(int rank, String accountId, String name, BigDecimal arr, Integer daysSinceHumanContact,
            Instant lastHumanContactAt, String owner, String quadrant, boolean satisfactionTrap,
            @Description("In the pilot cohort: the top share by ARR that a pilot would contact") boolean inPilotCohort) {
    }

    public record SilentReportDto(int silentDays, Instant asOf, int silentAccounts, BigDecimal silentArr, int cohortSize,
            BigDecimal cohortArr, List<SilentAccount> accounts) {
    }

    public record PilotInput(Integer silentDays, BigDecimal cohortShare, Integer windowDays, String startedBy) {
    }

    @Type("PilotMember")
    public record PilotMember(int rank, String accountId, BigDecimal arr, Integer daysSinceHumanContact, String owner,
            String quadrant, @Description("When the account answered or came back; null if not (yet)") Instant reengagedAt) {
    }

    @Type("SilentAuditPilot")
    @Description("A silent-audit pilot: the cohort contacted, and how many re-engaged against the expected 15-25% band")
    public record PilotDto(@NonNull @Id String pilotId, String segmentId, Instant startedAt, String startedBy, int silentDays,
            BigDecimal cohortShare, int windowDays, Instant windowEndsAt, boolean complete, int silentAccounts,
            BigDecimal silentArr, int cohortSize, BigDecimal cohortArr, int reengaged, BigDecimal reengagementRate,
            BigDecimal expectedLow, BigDecimal expectedHigh,
            @Description("below, within or above the expected band; pending while the window runs") String verdict,
            List<PilotMember> members) {
    }

    @Type("RetentionYear")
    public record Year(int year, BigDecimal customers, BigDecimal revenue, BigDecimal cumulativeRevenue) {
    }

    @Type("RetentionScenario")
    @Description("Customers and revenue over the years at a yearly retention rate")
    public record RetentionScenario(int customers, BigDecimal firstPurchase, BigDecimal yearlyRetention, List<Year> years) {
    }

    @Type("Scenarios")
    public record Scenarios(List<RetentionScenario> scenarios, BigDecimal cumulativeDifference) {
    }

    @Type("LeakCalculation")
    @Description("What churn costs a year, and what some points of better retention keep")
    public record LeakCalculation(int customers, BigDecimal monthlyChurnRate, BigDecimal averageAnnualRevenue,
            BigDecimal improvementPoints, BigDecimal customersLostPerYear, BigDecimal compoundedCustomersLostPerYear,
            BigDecimal yearlyRetention, BigDecimal annualLeak, BigDecimal revenueKeptByImprovement) {
    }

    @Type("BudgetLine")
    public record BudgetLine(String name, BigDecimal minimum, BigDecimal maximum, String basis) {
    }

    @Type("BudgetGuidance")
    @Description("What to invest in proactive retention: 5-8% of the customer base's ARR, and how to split it")
    public record BudgetGuidance(BigDecimal baseArr, BigDecimal minimum, BigDecimal maximum, List<BudgetLine> split,
            BigDecimal splitMinimum, BigDecimal splitMaximum, boolean fitsEnvelope, String note) {
    }

    @Type("PortfolioEconomics")
    @Description("The retention economics of the real portfolio")
    public record PortfolioEconomics(LocalDate asOf, int customers, BigDecimal baseArr, BigDecimal averageAnnualRevenue,
            BigDecimal yearlyLogoRetention, BigDecimal monthlyChurnRate, LeakCalculation leak, BudgetGuidance budget,
            RetentionScenario fiveYears, RetentionScenario fiveYearsWithFivePointsBetter) {
    }

    // --- scoring-service ---------------------------------------------------------------------------------

    @Type("HealthComponent")
    @Description("One component of the score: its value, its weight and what it contributes")
    public record Component(@NonNull @Description("adoption, support, engagement or survey") String name, int value,
            double weight, @Description("Points of the score this component gives") double contribution) {
    }

    public record ComponentView(int value, double weight, double contribution) {
    }

    public record TrendView(Integer change7, Integer change30, String direction) {
    }

    public record HealthDetailDto(String accountId, int score, String band, java.util.Map<String, ComponentView> components,
            TrendView trend, boolean satisfactionTrap, List<String> flags, String explanation, long version, long modelVersion,
            Instant computedAt, ChurnRisk churnRisk) {
    }

    @Type("ChurnDriver")
    @Description("What moves an account's churn risk most, against the portfolio's average account")
    public record ChurnDriver(@Description("The feature, e.g. days_since_human_contact") String feature,
            @Description("Its effect on the probability (+ raises the risk)") double effect,
            @Description("In plain English, e.g. \"+0.18 no human contact for 104 days\"") String text) {
    }

    @Type("ChurnRisk")
    @Description("The active churn model's prediction: the probability of churn (or a large contraction) within the "
            + "model's horizon (90 days by default), its band and its top drivers")
    public record ChurnRisk(@NonNull @Description("0-1, calibrated") double probability,
            @NonNull @Description("low, medium (from 0.10) or high (from 0.30)") String band, List<ChurnDriver> drivers,
            @NonNull @Description("The churn model version it came from") long modelVersion, Instant computedAt) {
    }

    @Type("HealthPoint")
    @Description("A point of an account's score history: one per change and one per day")
    public record HistoryPoint(Instant at, int score, String band, long version, String kind, String explanation) {
    }

    @Type("ComponentExplanation")
    public record ComponentExplanation(String component, int value, double weight, double contribution, Integer change,
            List<String> signals) {
    }

    @Type("HealthExplanation")
    @Description("Why the score is what it is, and what moved it since the previous one")
    public record Explanation(String summary, List<ComponentExplanation> components, List<String> changes, List<String> flags) {
    }

    @Type("ValueRealization")
    @Description("Entitled against used features in the last 90 days")
    public record ValueRealization(String planTier, List<String> entitledFeatures, List<String> usedEntitledFeatures,
            @Description("Used entitled features / entitled features, 0-1") Double adoptionRatio,
            List<String> unusedPremiumFeatures, boolean premiumPaysBasicUse) {
    }

    @Type("EngagementEvent")
    public record EventDto(@NonNull @Id String id, String type, Instant occurredAt, Instant receivedAt) {
    }

    public record Weights(Double adoption, Double support, Double engagement, Double survey) {
    }

    public record Bands(Integer healthy, Integer watch) {
    }

    public record ModelDto(Long version, Weights weights, Double surveyWeightCap, Bands bands, Integer usageWindowDays,
            Integer contactWindowDays, Integer halfLifeDays, java.util.Set<String> premiumTiers) {
    }

    public record ModelAndReplayDto(ModelDto active, ModelDto pending, Object replay) {
    }

    // --- nurture-service ---------------------------------------------------------------------------------

    @Type("Expansion")
    @Description("Whether an upsell or cross-sell may be offered now (never to an account that just came back from "
            + "silence before its nurture ran), which plays, and why")
    public record EligibilityDto(@Ignore String accountId, @NonNull boolean eligible,
            @Description("adoption, upsell, referral_ask") List<String> plays,
            @Description("English sentences: why (not) eligible, and why each play") List<String> reasons,
            @Ignore long version) {
    }

    @Type("NurtureStep")
    public record StepDto(int stepIndex, String channel, String content, Instant sentAt,
            @Description("Why the step was skipped (contact cap, not eligible, ...); null if sent") String skipped,
            List<String> webhookIds, String lastOutcome) {
    }

    @Type("Enrollment")
    @Description("An account's enrollment in a nurture cadence, with its steps so far")
    public record EnrollmentDto(@NonNull @Id long enrollmentId, String accountId, String cadenceId, int cadenceVersion,
            @Description("active, held_out, completed, exited or stopped") String status, boolean heldOut, String trigger,
            int stepsSent, int stepsTotal, Instant nextStepAt, Instant enteredAt, Instant endedAt, String endReason,
            int postponements, Instant reengagedAt, String reengagedBy, List<StepDto> steps) {
    }

    public record EnrollInput(String accountId) {
    }

    public record StopInput(String reason) {
    }

    @Input("HealthModelWeightsInput")
    @Description("New weights of the health model's components; a component left out keeps its weight")
    public record WeightsInput(Double adoption, Double support, Double engagement, Double survey) {
    }
}
