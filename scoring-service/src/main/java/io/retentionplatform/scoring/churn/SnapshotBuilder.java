package io.retentionplatform.scoring.churn;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.retentionplatform.contracts.EventCategory;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.HealthCalculator;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.signals.AccountSignals;
import io.retentionplatform.scoring.signals.Plan;

/**
 * Point-in-time feature snapshots of one account at cut-offs, and their labels.
 *
 * <p>No leakage, by construction: one pass over the account's history in time order folds the events with
 * {@code occurredAt <= t} into fresh signals, exactly as the live scoring folds them, and takes the health assessment at
 * each moment {@code t} it needs (each cut-off and 30 days before it, for the trend); CRM facts and ARR movements are
 * read up to {@code t} only. Nothing after a cut-off reaches its features; only its label looks past it
 * ({@code SnapshotLeakageTest} proves the features equal with and without later history).
 *
 * <p>No snapshot is made at a cut-off before the account appears, or after it has churned (it can no longer churn).
 */
public final class SnapshotBuilder {

    private static final HealthCalculator CALCULATOR = new HealthCalculator();

    private final HealthModel model;
    private final LabelRule rule;

    public SnapshotBuilder(HealthModel model, LabelRule rule) {
        this.model = model;
        this.rule = rule;
    }

    /**
     * The snapshots at {@code cutoffs}; a label is given where the horizon after the cut-off has passed by
     * {@code knownUntil}.
     */
    public List<FeatureSnapshot> snapshots(AccountHistory history, List<Instant> cutoffs, Instant knownUntil) {
        TreeSet<Instant> moments = new TreeSet<>();
        for (Instant cutoff : cutoffs) {
            moments.add(cutoff);
            moments.add(cutoff.minus(30, ChronoUnit.DAYS));
        }
        Instant firstSeen = history.firstSeen();
        AccountSignals signals = new AccountSignals();
        Map<Instant, HealthAssessment> assessed = new HashMap<>();
        List<FeatureSnapshot> snapshots = new ArrayList<>();
        TreeSet<Instant> wanted = new TreeSet<>(cutoffs);
        int next = 0;
        for (Instant t : moments) {
            List<HistoricEvent> events = history.events();
            while (next < events.size() && !events.get(next).occurredAt().isAfter(t)) {
                HistoricEvent e = events.get(next++);
                if (e.type().category() != EventCategory.COMMERCIAL) {
                    signals.apply(e.type(), e.occurredAt(), e.attributes());
                }
            }
            if (firstSeen == null || firstSeen.isAfter(t)) {
                continue;
            }
            // No prune() as the live state does: what it drops (days past 360, features unused for 180 days) is read by
            // no window of the assessment, so the figures are the same either way.
            AccountFacts facts = latestFacts(history, t);
            HealthAssessment health = CALCULATOR.assess(signals, plan(facts), model, t);
            assessed.put(t, health);
            if (!wanted.contains(t) || churnedBy(history, facts, t)) {
                continue;
            }
            HealthAssessment before = assessed.get(t.minus(30, ChronoUnit.DAYS));
            int change30 = before == null ? 0 : health.score() - before.score();
            List<ArrMovement> movements = history.movements().stream().filter(m -> !m.effectiveAt().isAfter(t)).toList();
            double[] values = ChurnFeatures.vector(health, change30, facts, movements, model, t);
            Boolean label = t.plus(rule.horizon()).isAfter(knownUntil) ? null : label(history, facts, movements, t);
            snapshots.add(new FeatureSnapshot(history.accountId(), t, values, health.score(), label));
        }
        return snapshots;
    }

    /** Churned within the horizon after {@code cutoff}: a churn movement or inactive CRM record, or a large contraction. */
    boolean label(AccountHistory history, AccountFacts factsAtCutoff, List<ArrMovement> movementsToCutoff, Instant cutoff) {
        Instant end = cutoff.plus(rule.horizon());
        double arrAtCutoff = ChurnFeatures.arr(factsAtCutoff, movementsToCutoff);
        double contracted = 0;
        for (ArrMovement m : history.movements()) {
            if (m.effectiveAt().isAfter(cutoff) && !m.effectiveAt().isAfter(end)) {
                if (ArrMovement.CHURN.equals(m.kind())) {
                    return true;
                }
                contracted += ArrMovement.CONTRACTION.equals(m.kind()) ? m.amount() : 0;
            }
        }
        if (arrAtCutoff > 0 && contracted > rule.contractionShare() * arrAtCutoff) {
            return true;
        }
        for (AccountFacts f : history.facts()) {
            if (f.changedAt().isAfter(cutoff) && !f.changedAt().isAfter(end)) {
                if (!f.active()) {
                    return true;
                }
                if (arrAtCutoff > 0 && f.arr() != null && f.arr() < (1 - rule.contractionShare()) * arrAtCutoff) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Churned on or before {@code t} and not back: inactive in the CRM, or a churn as the last such movement. */
    static boolean churnedBy(AccountHistory history, AccountFacts facts, Instant t) {
        if (facts != null && !facts.active()) {
            return true;
        }
        String last = null;
        for (ArrMovement m : history.movements()) {
            if (m.effectiveAt().isAfter(t)) {
                break;
            }
            if (ArrMovement.CHURN.equals(m.kind()) || "reactivation".equals(m.kind()) || "new".equals(m.kind())) {
                last = m.kind();
            }
        }
        return ArrMovement.CHURN.equals(last) && (facts == null || !facts.changedAt().isAfter(lastChurn(history, t)));
    }

    private static Instant lastChurn(AccountHistory history, Instant t) {
        Instant at = Instant.MIN;
        for (ArrMovement m : history.movements()) {
            if (!m.effectiveAt().isAfter(t) && ArrMovement.CHURN.equals(m.kind())) {
                at = m.effectiveAt();
            }
        }
        return at;
    }

    static AccountFacts latestFacts(AccountHistory history, Instant t) {
        AccountFacts latest = null;
        for (AccountFacts f : history.facts()) {
            if (f.changedAt().isAfter(t)) {
                break;
            }
            latest = f;
        }
        return latest;
    }

    static Plan plan(AccountFacts facts) {
        if (facts == null || facts.planTier() == null) {
            return null;
        }
        return new Plan(facts.planTier(), facts.entitledFeatures(), facts.premiumFeatures(), 0);
    }
}
