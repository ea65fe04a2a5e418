package io.retentionplatform.scoring.health;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.retentionplatform.scoring.signals.AccountSignals;
import io.retentionplatform.scoring.signals.DaySignals;
import io.retentionplatform.scoring.signals.Plan;

/**
 * Health 0-100 = adoption + support + engagement (+ a capped survey part), weighted (seed 000, step 2).
 * Each component is 0-100; recent signals count more (exponential decay, half-life from the model).
 * <ul>
 * <li>adoption: decayed active days (20 of 30 is full use) for 70%, breadth of features used (of those
 * entitled, or of 6 without a plan) for 30%;</li>
 * <li>support: 100, less 20 per open ticket, 5 per ticket opened and 10 more per high-severity one;</li>
 * <li>engagement (90 days, decayed): inbound human contact 25, outbound 12, advocacy 30, marketing 5, capped;</li>
 * <li>survey: the latest NPS (180 days) x 10, with a weight the model caps.</li>
 * </ul>
 * The engagement score (seed 000's core KPI) is behaviour + support + usage, over 30 and 90 days.
 */
public final class HealthCalculator {

    static final int FULL_ACTIVE_DAYS = 20;
    static final int DEFAULT_FEATURE_TARGET = 6;
    static final int NPS_MAX_AGE_DAYS = 180;
    static final int TRAP_NPS = 7;
    static final double FALLING_USAGE_RATIO = 0.8;

    public HealthAssessment assess(AccountSignals signals, Plan plan, HealthModel model, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        int usageWindow = model.usageWindowDays();
        int contactWindow = model.contactWindowDays();

        int activeDays = 0;
        int activeDaysBefore = 0;
        double decayedActive = 0;
        double fullActive = 0;
        int ticketsOpened = 0;
        int highSeverity = 0;
        int inbound = 0;
        int outbound = 0;
        int advocacy = 0;
        int marketing = 0;
        double engagementPoints = 0;
        double engagementPoints30 = 0;
        // Only the days some window reads: older ones add nothing (the state keeps 360 days; reading them all made
        // the churn model's snapshots, thousands of assessments per account, several times slower).
        long todayEpochDay = today.toEpochDay();
        int oldestRead = Math.max(2 * usageWindow, contactWindow) - 1;
        for (Map.Entry<LocalDate, DaySignals> entry : signals.days()
                .subMap(today.minusDays(oldestRead), true, today, true).entrySet()) {
            long age = todayEpochDay - entry.getKey().toEpochDay();
            DaySignals day = entry.getValue();
            double weight = decay(age, model.halfLifeDays());
            if (age < usageWindow) {
                engagementPoints30 += weight * engagementPoints(day);
                if (day.active()) {
                    activeDays++;
                    decayedActive += weight;
                }
                ticketsOpened += day.ticketsOpened();
                highSeverity += day.highSeverityOpened();
            } else if (age < 2L * usageWindow && day.active()) {
                activeDaysBefore++;
            }
            if (age < contactWindow) {
                inbound += day.inboundContacts();
                outbound += day.outboundContacts();
                advocacy += day.advocacyActs();
                marketing += day.marketingTouches();
                engagementPoints += weight * engagementPoints(day);
            }
        }
        // Features used in the window: those whose latest use falls on one of its days (a use "today" in the sender's
        // clock skew counts too).
        Set<String> features = signals.featuresUsedSince(
                today.minusDays(usageWindow - 1L).atStartOfDay(ZoneOffset.UTC).toInstant());
        for (int age = 0; age < usageWindow; age++) {
            fullActive += decay(age, model.halfLifeDays());
        }
        // Full use is 20 active days out of 30, in decayed terms: 20/30 of the window's total weight.
        double activity = Math.min(1.0, decayedActive / (fullActive * FULL_ACTIVE_DAYS / usageWindow));
        int featureTarget = plan == null || plan.entitledFeatures().isEmpty()
                ? DEFAULT_FEATURE_TARGET : plan.entitledFeatures().size();
        double breadth = Math.min(1.0, (double) countTowardsTarget(features, plan) / featureTarget);
        int adoption = clamp((int) Math.round(100 * (0.7 * activity + 0.3 * breadth)));

        int openTickets = signals.openTickets().size();
        int support = clamp(100 - 20 * openTickets - 5 * ticketsOpened - 10 * highSeverity);
        int engagement = clamp((int) Math.round(engagementPoints));

        Integer nps = signals.lastNps()
                .filter(score -> signals.lastNpsAt().map(at -> Duration.between(at, now).toDays() <= NPS_MAX_AGE_DAYS).orElse(false))
                .orElse(null);
        Map<Component, Integer> components = new EnumMap<>(Component.class);
        components.put(Component.ADOPTION, adoption);
        components.put(Component.SUPPORT, support);
        components.put(Component.ENGAGEMENT, engagement);
        Map<Component, Double> weights = weights(model, nps != null);
        if (nps != null) {
            components.put(Component.SURVEY, clamp(nps * 10));
        }
        double weighted = 0;
        for (Map.Entry<Component, Double> w : weights.entrySet()) {
            weighted += w.getValue() * components.getOrDefault(w.getKey(), 0);
        }
        int score = clamp((int) Math.round(weighted));

        Integer daysSinceContact = signals.lastHumanContactAt().map(at -> (int) Duration.between(at, now).toDays()).orElse(null);
        boolean noRecentContact = daysSinceContact == null || daysSinceContact >= contactWindow;
        boolean fallingUsage = activeDaysBefore > 0 && activeDays < FALLING_USAGE_RATIO * activeDaysBefore;
        boolean trap = nps != null && nps >= TRAP_NPS && noRecentContact && fallingUsage;

        // Engagement score: behaviour (contact, advocacy, marketing) + support + usage, equally weighted.
        int usage30 = (int) Math.round(100 * activity);
        int engagement30 = clamp((int) Math.round((Math.min(100, engagementPoints30) + support + usage30) / 3.0));
        int engagement90 = clamp((int) Math.round((engagement + support + usage30) / 3.0));

        SignalSummary summary = new SignalSummary(activeDays, activeDaysBefore, features.size(), featureTarget, openTickets,
                ticketsOpened, highSeverity, inbound, outbound, advocacy, marketing, daysSinceContact, nps,
                signals.lastNps().orElse(null), signals.lastNpsAt().orElse(null), signals.lastHumanContactAt().orElse(null),
                signals.lastInboundContactAt().orElse(null), signals.lastEngagementAt().orElse(null));
        return new HealthAssessment(score, model.band(score), components, weights, engagement30, engagement90, trap, summary,
                valueRealization(signals, plan, model, now), model.version());
    }

    static ValueRealization valueRealization(AccountSignals signals, Plan plan, HealthModel model, Instant now) {
        if (plan == null) {
            return ValueRealization.unknownPlan();
        }
        Instant since = now.minus(ValueRealization.WINDOW_DAYS, ChronoUnit.DAYS);
        Set<String> used = signals.featuresUsedSince(since);
        Set<String> entitled = new TreeSet<>(plan.entitledFeatures());
        entitled.addAll(plan.premiumFeatures());
        Set<String> usedEntitled = new TreeSet<>(entitled);
        usedEntitled.retainAll(used);
        Set<String> unusedPremium = new TreeSet<>(plan.premiumFeatures());
        unusedPremium.removeAll(used);
        Double ratio = entitled.isEmpty() ? null : Math.round(1000.0 * usedEntitled.size() / entitled.size()) / 1000.0;
        boolean premiumTier = plan.tier() != null && model.premiumTiers().contains(plan.tier().toLowerCase());
        boolean paysPremiumUsesBasic = premiumTier && !plan.premiumFeatures().isEmpty()
                && unusedPremium.size() == plan.premiumFeatures().size();
        return new ValueRealization(plan.tier(), List.copyOf(entitled), List.copyOf(usedEntitled), ratio,
                List.copyOf(unusedPremium), paysPremiumUsesBasic);
    }

    /** A day's engagement points before decay: inbound contact 25, outbound 12, advocacy 30, marketing 5. */
    private static double engagementPoints(DaySignals day) {
        return 25.0 * day.inboundContacts() + 12.0 * day.outboundContacts() + 30.0 * day.advocacyActs()
                + 5.0 * day.marketingTouches();
    }

    /** Without a known NPS the survey's weight goes to the other components in proportion. */
    private static Map<Component, Double> weights(HealthModel model, boolean surveyKnown) {
        Map<Component, Double> weights = new EnumMap<>(Component.class);
        double rest = model.adoptionWeight() + model.supportWeight() + model.engagementWeight();
        double scale = surveyKnown || rest == 0 ? 1.0 : 1.0 / rest;
        weights.put(Component.ADOPTION, model.adoptionWeight() * scale);
        weights.put(Component.SUPPORT, model.supportWeight() * scale);
        weights.put(Component.ENGAGEMENT, model.engagementWeight() * scale);
        weights.put(Component.SURVEY, surveyKnown ? model.surveyWeight() : 0.0);
        return weights;
    }

    private static int countTowardsTarget(Set<String> used, Plan plan) {
        if (plan == null || plan.entitledFeatures().isEmpty()) {
            return used.size();
        }
        return (int) used.stream().filter(plan.entitledFeatures()::contains).count();
    }

    static double decay(long ageDays, int halfLifeDays) {
        double[] table = decayTable;
        if (table[0] != halfLifeDays) {
            table = new double[AccountSignals.RETAINED_DAYS + 2];
            table[0] = halfLifeDays;
            for (int age = 0; age <= AccountSignals.RETAINED_DAYS; age++) {
                table[age + 1] = Math.pow(0.5, (double) age / halfLifeDays);
            }
            decayTable = table;
        }
        return ageDays >= 0 && ageDays <= AccountSignals.RETAINED_DAYS ? table[(int) ageDays + 1]
                : Math.pow(0.5, (double) ageDays / halfLifeDays);
    }

    /** {@code [halfLife, decay(0), decay(1), ...]}: the same values as {@code Math.pow}, computed once per half-life. */
    private static volatile double[] decayTable = {0};

    private static int clamp(int value) {
        return Math.max(0, Math.min(100, value));
    }
}
