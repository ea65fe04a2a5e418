package io.retentionplatform.scoring.scoring;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.scoring.health.Component;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.health.SignalSummary;
import io.retentionplatform.scoring.health.Trend;
import io.retentionplatform.scoring.model.HealthModelRegistry;
import io.retentionplatform.scoring.signals.Plan;
import io.retentionplatform.scoring.state.AccountState;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.retentionplatform.scoring.state.HealthHistoryStore;
import io.retentionplatform.scoring.state.ScoreRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Keeps each account's score current: folds a change into the account's state, rescores, saves, then publishes.
 * The score is saved before it is published and marked published after Kafka's ack, so a crash in between is
 * repaired when the same event (or any later change) comes through again: an unpublished version is always
 * published first. Events are scored within a second of arriving; nothing waits for a batch.
 */
@ApplicationScoped
public class AccountScoring {

    public static final String CHANNEL = "health-scores-out";

    private final AccountStateStore states;
    private final HealthHistoryStore history;
    private final HealthModelRegistry models;
    private final MutinyEmitter<HealthScoreMessage> emitter;
    private final Clock clock;
    private final PerAccountSequencer sequencer = new PerAccountSequencer();

    public AccountScoring(AccountStateStore states, HealthHistoryStore history, HealthModelRegistry models,
            @Channel(CHANNEL) MutinyEmitter<HealthScoreMessage> emitter, Clock clock) {
        this.states = states;
        this.history = history;
        this.models = models;
        this.emitter = emitter;
        this.clock = clock;
    }

    /**
     * In the account's turn: stores the event with {@code store}, folds it in (once per event id) and rescores the
     * account. Completes with false, storing nothing, when the account was erased after the event was accepted (an
     * event in flight during the erasure must not bring the account back); an erased person's user id is removed
     * from such an event before it is stored. Storing in the account's turn means an erasure cannot slip between
     * the store and the fold.
     */
    public Uni<Boolean> onEvent(EngagementEventMessage event, Function<EngagementEventMessage, Uni<Void>> store) {
        return sequencer.run(event.accountId(), () -> states.load(event.accountId()).chain(state -> {
            if (state.erasedSince(event.receivedAt())) {
                return Uni.createFrom().item(false);
            }
            EngagementEventMessage kept = state.withoutErasedUser(event);
            return store.apply(kept).chain(() -> apply(state, s -> s.applyEvent(kept), false)).replaceWith(true);
        }));
    }

    /**
     * Takes a newer plan and rescores the account (value realization, feature breadth); a plan announced before the
     * account was erased is ignored.
     */
    public Uni<Void> onPlan(String accountId, Plan plan, Instant changedAt) {
        return update(accountId, state -> !state.erasedSince(changedAt) && state.applyPlan(plan), false);
    }

    /**
     * Runs {@code work} in the account's turn: no event, plan, rescore or replay of the account interleaves with it.
     * Erasure uses it, so that a change in flight cannot save the account's state back after it was erased.
     */
    public <T> Uni<T> exclusively(String accountId, Supplier<Uni<T>> work) {
        return sequencer.run(accountId, work);
    }

    /** Rescores with the time that has passed (decay) and records the day's history point. */
    public Uni<Void> rescoreDaily(String accountId) {
        return update(accountId, state -> true, true);
    }

    /** Replay, first pass: the score under the pending model, kept aside (only the pending field is written). */
    public Uni<Void> computePending(String accountId) {
        return models.pending().map(model -> sequencer.run(accountId, () -> states.load(accountId).chain(state -> {
            if (!state.hasScore()) {
                return Uni.createFrom().voidItem(); // an erasure marker: nothing to score
            }
            state.computePending(model, clock.instant());
            return states.savePending(state);
        }))).orElse(Uni.createFrom().voidItem());
    }

    /** Replay, second pass (the new model active): the account rescored from its current state, saved, published. */
    public Uni<Void> rescoreUnderActiveModel(String accountId) {
        return sequencer.run(accountId, () -> states.load(accountId).chain(state -> {
            if (!state.hasScore()) {
                return Uni.createFrom().voidItem(); // an erasure marker: nothing to score
            }
            boolean hadPending = state.pending().isPresent();
            state.clearPending();
            boolean changed = state.rescore(models.active(), clock.instant());
            Uni<Void> saved = changed || hadPending ? states.save(state) : Uni.createFrom().voidItem();
            return saved.chain(() -> publishIfNeeded(state));
        }));
    }

    private Uni<Void> update(String accountId, Predicate<AccountState> change, boolean dailyPoint) {
        return sequencer.run(accountId, () -> states.load(accountId).chain(state -> apply(state, change, dailyPoint)));
    }

    private Uni<Void> apply(AccountState state, Predicate<AccountState> change, boolean dailyPoint) {
        String accountId = state.accountId();
        if (dailyPoint && !state.hasScore()) {
            return Uni.createFrom().voidItem(); // an erasure marker: no score to age, no point to record
        }
        if (!change.test(state)) {
            // Nothing new (a redelivery, a stale plan); an earlier crash may still have left a publish undone.
            return publishIfNeeded(state);
        }
        Instant now = clock.instant();
        HealthModel pending = models.pending().orElse(null);
        if (pending != null) {
            state.computePending(pending, now);
        } else {
            state.clearPending(); // a replay finished while this account was between passes: rescored below
        }
        state.rescore(models.active(), now);
        Uni<Void> saved = states.save(state);
        if (dailyPoint) {
            saved = saved.chain(() -> history.recordDaily(accountId, state.current().orElseThrow(), now));
        }
        return saved.chain(() -> publishIfNeeded(state));
    }

    private Uni<Void> publishIfNeeded(AccountState state) {
        return state.unpublished()
                .map(score -> history.recordChange(state.accountId(), score)
                        .chain(() -> emitter.sendMessage(Message.of(toMessage(state, score)).addMetadata(
                                OutgoingKafkaRecordMetadata.<String>builder().withKey(state.accountId()).build())))
                        .chain(() -> states.markPublished(state.accountId(), score.version())))
                .orElse(Uni.createFrom().voidItem());
    }

    HealthScoreMessage toMessage(AccountState state, ScoreRecord score) {
        HealthAssessment a = score.assessment();
        Trend trend = Trend.of(a.score(), LocalDate.ofInstant(score.computedAt(), ZoneOffset.UTC),
                state.daily().headMap(LocalDate.ofInstant(score.computedAt(), ZoneOffset.UTC), false));
        return new HealthScoreMessage(HealthScoreMessage.SCHEMA_VERSION, UUID.randomUUID().toString(), state.accountId(),
                score.version(), a.score(), a.band(), a.component(Component.ADOPTION), a.component(Component.SUPPORT),
                a.component(Component.ENGAGEMENT), score.computedAt(),
                a.components().get(Component.SURVEY), a.engagementScore30(), a.engagementScore90(),
                trend.change7(), trend.change30(), trend.direction(),
                score.explanation() == null ? null : score.explanation().summary(),
                score.explanation() == null ? java.util.List.of() : score.explanation().changes(),
                a.satisfactionTrap(), a.valueRealization().premiumPaysBasicUse(), a.summary().daysSinceHumanContact(),
                a.modelVersion(), signals(a.summary()));
    }

    private static HealthScoreMessage.Signals signals(SignalSummary s) {
        return new HealthScoreMessage.Signals(s.activeDays(), s.activeDaysPreviousPeriod(), s.featuresUsed(), s.featureTarget(),
                s.inboundContacts90(), s.outboundContacts90(), s.advocacyActs90(), s.marketingTouches90(), s.openTickets(),
                s.ticketsOpened(), s.lastNpsAnswer(), s.lastNpsAt(), s.lastHumanContactAt(), s.lastInboundContactAt(),
                s.lastEngagementAt());
    }
}
