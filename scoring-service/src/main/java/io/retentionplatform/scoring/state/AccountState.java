package io.retentionplatform.scoring.state;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.scoring.erasure.UserIdHash;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.HealthCalculator;
import io.retentionplatform.scoring.health.HealthExplainer;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.health.Trend;
import io.retentionplatform.scoring.signals.AccountSignals;
import io.retentionplatform.scoring.signals.Plan;

/**
 * One account as scoring-service holds it, in one MongoDB document: its signals, plan, current score, daily score
 * points, how many events were folded in (in all and per type), and the ids of the events folded in but perhaps not
 * yet in the event store ({@code pendingIds}). Deduplication is authoritative: an event id in the event store was
 * folded in; one in {@code pendingIds} was folded in and still has to be stored. The state is saved before its events
 * are stored, so a crash in between leaves the ids here and a redelivery stores the events without folding them twice.
 */
public final class AccountState {

    static final int DAILY_POINTS_KEPT = 40;

    private static final HealthCalculator CALCULATOR = new HealthCalculator();
    private static final HealthExplainer EXPLAINER = new HealthExplainer();

    final String accountId;
    final AccountSignals signals;
    Plan plan;
    /** Ids of events folded in whose store was not yet confirmed (see the class comment). */
    final LinkedHashSet<String> pendingIds;
    /** Events folded in, all time, and per event type: what a recount of the stored events must give. */
    long eventsFolded;
    final TreeMap<String, Long> eventsFoldedByType;
    /** The day of the last daily rescore, so a daily run that resumes skips accounts already done. */
    LocalDate dailyRescoredOn;
    long revision;
    ScoreRecord current;
    long publishedVersion;
    final TreeMap<LocalDate, Integer> daily;
    ScoreRecord pending;
    /** When the whole account was last erased, null if never: messages accepted before it are dropped. */
    Instant erasedAt;
    /** SHA-256 of each erased user id -> when: that person's events accepted before it lose their user id. */
    final Map<String, Instant> erasedUsers;

    AccountState(String accountId, AccountSignals signals, Plan plan, LinkedHashSet<String> pendingIds, long revision,
            ScoreRecord current, long publishedVersion, TreeMap<LocalDate, Integer> daily, ScoreRecord pending,
            Instant erasedAt, Map<String, Instant> erasedUsers) {
        this.accountId = accountId;
        this.signals = signals;
        this.plan = plan;
        this.pendingIds = pendingIds;
        this.eventsFoldedByType = new TreeMap<>();
        this.revision = revision;
        this.current = current;
        this.publishedVersion = publishedVersion;
        this.daily = daily;
        this.pending = pending;
        this.erasedAt = erasedAt;
        this.erasedUsers = new TreeMap<>(erasedUsers == null ? Map.of() : erasedUsers);
    }

    public static AccountState empty(String accountId) {
        return new AccountState(accountId, new AccountSignals(), null, new LinkedHashSet<>(), 0, null, 0, new TreeMap<>(), null,
                null, Map.of());
    }

    /**
     * The erasure marker of a whole account: an empty state that remembers only when the account was erased (GDPR
     * art. 17), so that messages already in flight do not bring it back.
     */
    public static AccountState erased(String accountId, long revision, Instant erasedAt) {
        AccountState marker = empty(accountId);
        marker.revision = revision;
        marker.erasedAt = erasedAt;
        return marker;
    }

    /**
     * True when the account was erased at or after {@code messageTime}: the message was produced before the erasure
     * and must not count. A message without a time counts as older than any erasure.
     */
    public boolean erasedSince(Instant messageTime) {
        return erasedAt != null && (messageTime == null || !messageTime.isAfter(erasedAt));
    }

    /** Remembers that {@code userId} was erased at {@code at} (as a hash, never the id itself). */
    public void markUserErased(String userId, Instant at) {
        erasedUsers.merge(UserIdHash.of(userId), at, (a, b) -> a.isAfter(b) ? a : b);
    }

    /** The event without its user id if that user was erased after the event was accepted; else the event itself. */
    public EngagementEventMessage withoutErasedUser(EngagementEventMessage event) {
        if (erasedUsers.isEmpty() || !(event.attributes().get("userId") instanceof String userId)) {
            return event;
        }
        Instant erased = erasedUsers.get(UserIdHash.of(userId));
        if (erased == null || (event.receivedAt() != null && event.receivedAt().isAfter(erased))) {
            return event;
        }
        Map<String, Object> attributes = new java.util.LinkedHashMap<>(event.attributes());
        attributes.remove("userId");
        return new EngagementEventMessage(event.schemaVersion(), event.eventId(), event.accountId(), event.type(),
                event.occurredAt(), event.receivedAt(), attributes);
    }

    /** An account with a score: false for an erasure marker (or a marker of an erased user on an unknown account). */
    public boolean hasScore() {
        return current != null;
    }

    public long revision() {
        return revision;
    }

    /**
     * Folds the event in and remembers its id as pending (folded, not yet confirmed stored). The caller has checked
     * the event store: an event already stored must not come here. False if the id is pending already.
     */
    public boolean applyEvent(EngagementEventMessage event) {
        if (pendingIds.contains(event.eventId())) {
            return false;
        }
        EngagementEventType type = EngagementEventType.fromWireName(event.type())
                .orElseThrow(() -> new IllegalArgumentException("Unknown event type " + event.type()));
        signals.apply(type, event.occurredAt(), event.attributes());
        pendingIds.add(event.eventId());
        eventsFolded++;
        eventsFoldedByType.merge(type.wireName(), 1L, Long::sum);
        return true;
    }

    /** True if the event was folded in and its store is not confirmed yet. */
    public boolean isPending(String eventId) {
        return pendingIds.contains(eventId);
    }

    /** The ids folded in whose store is not confirmed yet. */
    public java.util.Set<String> pendingIds() {
        return java.util.Collections.unmodifiableSet(pendingIds);
    }

    /** Forgets the pending ids the event store now holds; true if any was forgotten. */
    public boolean confirmStored(java.util.Set<String> storedIds) {
        return pendingIds.removeAll(storedIds);
    }

    public long eventsFolded() {
        return eventsFolded;
    }

    public Map<String, Long> eventsFoldedByType() {
        return java.util.Collections.unmodifiableMap(eventsFoldedByType);
    }

    /** True if the daily rescore of {@code day} was done. */
    public boolean dailyRescoreDone(LocalDate day) {
        return day.equals(dailyRescoredOn);
    }

    public void markDailyRescore(LocalDate day) {
        dailyRescoredOn = day;
    }

    /** Takes the plan unless it is older than the one held; false if ignored. */
    public boolean applyPlan(Plan newPlan) {
        if (plan != null && plan.version() >= newPlan.version()) {
            return false;
        }
        plan = newPlan;
        return true;
    }

    /**
     * Recomputes with {@code model}; when anything visible changed, the result becomes the current score with the
     * next version. Always records today's daily point. Returns true when a new version was made.
     */
    public boolean rescore(HealthModel model, Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        signals.prune(today);
        HealthAssessment assessment = CALCULATOR.assess(signals, plan, model, now);
        HealthAssessment previous = current == null ? null : current.assessment();
        boolean changed = assessment.differsFrom(previous);
        if (changed) {
            // Only the newest version ever needs publishing: a newer one replaces an older one still unsent.
            if (current != null) {
                publishedVersion = Math.max(publishedVersion, current.version());
            }
            current = new ScoreRecord(current == null ? 1 : current.version() + 1, now, assessment,
                    EXPLAINER.explain(previous, assessment), Trend.of(assessment.score(), today, daily));
        }
        daily.put(today, current.assessment().score());
        daily.headMap(today.minusDays(DAILY_POINTS_KEPT), false).clear();
        return changed;
    }

    /**
     * During a replay: the score the new model gives, kept aside until the new model is active. It carries the
     * version it will have and its explanation against the current score.
     */
    public void computePending(HealthModel model, Instant now) {
        HealthAssessment assessment = CALCULATOR.assess(signals, plan, model, now);
        HealthAssessment previous = current == null ? null : current.assessment();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        pending = new ScoreRecord(current == null ? 1 : current.version() + 1, now, assessment,
                EXPLAINER.explain(previous, assessment), Trend.of(assessment.score(), today, daily));
    }

    /**
     * The score to show: the pending one once its model is the active one (all new scores were computed before the
     * switch, so readers see old scores until then and new ones from then), else the current one.
     */
    public Optional<ScoreRecord> effective(long activeModelVersion) {
        if (pending != null && pending.assessment().modelVersion() == activeModelVersion
                && (current == null || current.assessment().modelVersion() != activeModelVersion)) {
            return Optional.of(pending);
        }
        return Optional.ofNullable(current);
    }

    public void clearPending() {
        pending = null;
    }

    /** The current score if Kafka has not acknowledged it yet. */
    public Optional<ScoreRecord> unpublished() {
        return current != null && current.version() > publishedVersion ? Optional.of(current) : Optional.empty();
    }

    public String accountId() {
        return accountId;
    }

    public Optional<ScoreRecord> current() {
        return Optional.ofNullable(current);
    }

    public Optional<ScoreRecord> pending() {
        return Optional.ofNullable(pending);
    }

    public NavigableMap<LocalDate, Integer> daily() {
        return daily;
    }
}
