package io.retentionplatform.scoring.churn;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import io.retentionplatform.scoring.health.Component;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.health.SignalSummary;

/**
 * Turns what was known of an account at one moment into the feature vector of {@link ChurnFeature}: the same function
 * serves the training snapshots (at past cut-offs, from the history folded up to each) and the live score (now, from
 * the account's current state), so the model is served exactly what it was trained on.
 */
public final class ChurnFeatures {

    /** Day counts (since contact, since the NPS, to the renewal) are capped here; unknown counts as the cap. */
    public static final double DAYS_CAP = 365;
    /** NPS used when none is known (with {@link ChurnFeature#NPS_KNOWN} 0): a passive answer, neither good nor bad. */
    static final double NPS_UNKNOWN = 7;
    /** Quadrant axes as segmentation places them without hysteresis (docs/domain.md, "The engagement quadrant"). */
    static final int USAGE_HIGH_FROM = 50;
    static final double CONTACT_HIGH_FROM = 2.0;

    private ChurnFeatures() {
    }

    /**
     * The vector at {@code at}.
     *
     * @param health         the health assessment at {@code at}
     * @param healthChange30 health now minus 30 days before, 0 without a score that old
     * @param facts          the latest CRM facts on or before {@code at}, null if none
     * @param movements      ARR movements effective on or before {@code at}
     */
    public static double[] vector(HealthAssessment health, int healthChange30, AccountFacts facts,
            List<ArrMovement> movements, HealthModel model, Instant at) {
        double[] v = new double[ChurnFeature.values().length];
        SignalSummary s = health.summary();
        int adoption = health.component(Component.ADOPTION);
        set(v, ChurnFeature.HEALTH_SCORE, health.score());
        set(v, ChurnFeature.HEALTH_CHANGE_30, healthChange30);
        set(v, ChurnFeature.ADOPTION, adoption);
        set(v, ChurnFeature.SUPPORT, health.component(Component.SUPPORT));
        set(v, ChurnFeature.ENGAGEMENT, health.component(Component.ENGAGEMENT));
        set(v, ChurnFeature.ACTIVE_DAYS_30, s.activeDays());
        set(v, ChurnFeature.USAGE_CHANGE_30, s.activeDays() - s.activeDaysPreviousPeriod());
        set(v, ChurnFeature.DAYS_SINCE_HUMAN_CONTACT, days(s.lastHumanContactAt(), at));
        set(v, ChurnFeature.INBOUND_CONTACTS_90, s.inboundContacts90());
        boolean usageHigh = adoption >= USAGE_HIGH_FROM;
        boolean contactHigh = s.inboundContacts90() + 0.5 * s.outboundContacts90() >= CONTACT_HIGH_FROM;
        set(v, ChurnFeature.QUADRANT_SILENT_SATISFIED, usageHigh && !contactHigh ? 1 : 0);
        set(v, ChurnFeature.QUADRANT_STRUGGLING_NEEDY, !usageHigh && contactHigh ? 1 : 0);
        set(v, ChurnFeature.QUADRANT_AT_RISK_DISENGAGED, !usageHigh && !contactHigh ? 1 : 0);
        boolean npsKnown = s.lastNpsAnswer() != null;
        set(v, ChurnFeature.NPS_KNOWN, npsKnown ? 1 : 0);
        set(v, ChurnFeature.NPS, npsKnown ? s.lastNpsAnswer() : NPS_UNKNOWN);
        set(v, ChurnFeature.NPS_AGE_DAYS, days(s.lastNpsAt(), at));
        set(v, ChurnFeature.OPEN_TICKETS, s.openTickets());
        set(v, ChurnFeature.TICKETS_OPENED_30, s.ticketsOpened());
        set(v, ChurnFeature.HIGH_SEVERITY_TICKETS_30, s.highSeverityTickets());
        Double realization = health.valueRealization().adoptionRatio();
        set(v, ChurnFeature.VALUE_REALIZATION, realization == null ? 0.5 : realization);
        set(v, ChurnFeature.PAYS_PREMIUM_USES_BASIC, health.valueRealization().premiumPaysBasicUse() ? 1 : 0);
        set(v, ChurnFeature.SATISFACTION_TRAP, health.satisfactionTrap() ? 1 : 0);
        String tier = facts == null ? null : facts.planTier();
        set(v, ChurnFeature.PREMIUM_PLAN, tier != null && model.premiumTiers().contains(tier.toLowerCase()) ? 1 : 0);
        double arr = arr(facts, movements);
        set(v, ChurnFeature.ARR_LOG10, Math.log10(1 + Math.max(0, arr)));
        Instant yearAgo = at.minus(365, ChronoUnit.DAYS);
        double contracted = 0;
        boolean expanded = false;
        for (ArrMovement m : movements) {
            if (m.effectiveAt().isAfter(yearAgo) && !m.effectiveAt().isAfter(at)) {
                contracted += ArrMovement.CONTRACTION.equals(m.kind()) ? m.amount() : 0;
                expanded |= "expansion".equals(m.kind());
            }
        }
        set(v, ChurnFeature.ARR_CONTRACTED_SHARE_365, contracted <= 0 ? 0 : Math.min(1, contracted / (arr + contracted)));
        set(v, ChurnFeature.ARR_EXPANDED_365, expanded ? 1 : 0);
        LocalDate today = LocalDate.ofInstant(at, ZoneOffset.UTC);
        // Tenure from the CRM's contract start only (0 when unknown): the live state keeps no first-event time, and a
        // feature must be computed the same way in training and serving.
        Instant start = facts == null || facts.contractStart() == null ? null
                : facts.contractStart().atStartOfDay(ZoneOffset.UTC).toInstant();
        set(v, ChurnFeature.TENURE_DAYS, start == null ? 0 : Math.max(0, Duration.between(start, at).toDays()));
        LocalDate renewal = facts == null ? null : facts.renewalDate();
        double toRenewal = renewal == null || renewal.isBefore(today) ? DAYS_CAP
                : Math.min(DAYS_CAP, ChronoUnit.DAYS.between(today, renewal));
        set(v, ChurnFeature.DAYS_TO_RENEWAL, toRenewal);
        return v;
    }

    /** ARR at the moment: the CRM's latest figure, else the sum of the movements seen. */
    static double arr(AccountFacts facts, List<ArrMovement> movements) {
        if (facts != null && facts.arr() != null) {
            return facts.arr();
        }
        double arr = 0;
        for (ArrMovement m : movements) {
            arr = ArrMovement.CHURN.equals(m.kind()) ? 0 : Math.max(0, arr + m.signedAmount());
        }
        return arr;
    }

    private static double days(Instant since, Instant at) {
        return since == null ? DAYS_CAP : Math.min(DAYS_CAP, Math.max(0, Duration.between(since, at).toDays()));
    }

    private static void set(double[] v, ChurnFeature feature, double value) {
        v[feature.ordinal()] = value;
    }
}
