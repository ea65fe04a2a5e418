package io.retentionplatform.scoring.scoring;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.scoring.churn.ChurnScoring;
import io.retentionplatform.scoring.config.PipelineConfig;
import io.retentionplatform.scoring.events.EventStore;
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
import io.retentionplatform.scoring.state.StateConflictException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Keeps each account's score current: folds changes into the account's state, rescores, saves, stores, publishes.
 *
 * <p>Live events come in batches: a batch is grouped by account, every account is read with one query, folded once,
 * and written with one conditional bulk save; then its events are stored with one bulk insert, the new score versions
 * recorded in history and published. The order makes deduplication authoritative without transactions: an event id
 * in the event store was folded in; an id in the state's pending ids was folded in and is stored by whoever sees it
 * next. A save that loses to another writer (conditional on the revision read) is redone from a fresh read.
 *
 * <p>Only the newest score version of an account is published; a version still unsent when a newer one is made is
 * never sent. A publish that fails fails the caller, which retries: the unpublished version is sent on the retry.
 */
@ApplicationScoped
public class AccountScoring {

    public static final String CHANNEL = "health-scores-out";
    private static final Logger LOG = Logger.getLogger(AccountScoring.class);
    /** Rounds of redoing accounts whose save lost to another writer, before the batch fails (and is retried). */
    private static final int CONFLICT_ROUNDS = 20;

    private final AccountStateStore states;
    private final EventStore events;
    private final HealthHistoryStore history;
    private final HealthModelRegistry models;
    private final MutinyEmitter<HealthScoreMessage> emitter;
    private final Clock clock;
    private final ChurnScoring churn;
    private final int accountsPerRound;
    private final PerAccountSequencer sequencer = new PerAccountSequencer();

    public AccountScoring(AccountStateStore states, EventStore events, HealthHistoryStore history, HealthModelRegistry models,
            @Channel(CHANNEL) MutinyEmitter<HealthScoreMessage> emitter, Clock clock, PipelineConfig pipeline,
            ChurnScoring churn) {
        this.accountsPerRound = pipeline.foldAccountsPerRound();
        this.churn = churn;
        this.states = states;
        this.events = events;
        this.history = history;
        this.models = models;
        this.emitter = emitter;
        this.clock = clock;
    }

    /** What became of a batch of events. */
    public static final class BatchOutcome {
        /** Events that count (new, or folded before and now confirmed): the ones to forward downstream. */
        public final List<EngagementEventMessage> kept = new ArrayList<>();
        /** Events that can never be folded in (the fold itself failed): dead-letter them with the reason. */
        public final Map<EngagementEventMessage, String> poison = new LinkedHashMap<>();
        public int folded;
        public int duplicates;
        public int erased;
    }

    /**
     * Folds a batch of events in: each event once, however often it is delivered. An event accepted before its
     * account was erased is dropped; an erased person's user id is removed before the event is stored.
     */
    public Uni<BatchOutcome> onEvents(List<EngagementEventMessage> batch) {
        Map<String, List<EngagementEventMessage>> byAccount = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        BatchOutcome outcome = new BatchOutcome();
        for (EngagementEventMessage event : batch) {
            if (seen.add(event.eventId())) {
                byAccount.computeIfAbsent(event.accountId(), id -> new ArrayList<>()).add(event);
            } else {
                outcome.duplicates++;
            }
        }
        // A batch of many distinct accounts (a bulk sync) is folded a part at a time: each account's state is held in
        // memory while it is folded, and a thousand full states at once exceeded a 384 MiB heap.
        List<Map<String, List<EngagementEventMessage>>> parts = new ArrayList<>();
        Map<String, List<EngagementEventMessage>> part = new LinkedHashMap<>();
        for (Map.Entry<String, List<EngagementEventMessage>> account : byAccount.entrySet()) {
            if (part.size() == accountsPerRound) {
                parts.add(part);
                part = new LinkedHashMap<>();
            }
            part.put(account.getKey(), account.getValue());
        }
        parts.add(part);
        return sequencer.runAll(byAccount.keySet(), () -> Multi.createFrom().iterable(parts)
                .onItem().transformToUniAndConcatenate(accounts -> foldRounds(accounts, outcome, 1))
                .collect().last().replaceWith(outcome));
    }

    private Uni<BatchOutcome> foldRounds(Map<String, List<EngagementEventMessage>> byAccount, BatchOutcome outcome, int round) {
        return fold(byAccount, outcome).chain(conflicted -> {
            if (conflicted.isEmpty()) {
                return Uni.createFrom().item(outcome);
            }
            if (round >= CONFLICT_ROUNDS) {
                return Uni.createFrom().failure(new StateConflictException(conflicted.iterator().next()));
            }
            LOG.debugf("Redoing %d accounts saved by another writer meanwhile", conflicted.size());
            Map<String, List<EngagementEventMessage>> again = new LinkedHashMap<>();
            conflicted.forEach(id -> again.put(id, byAccount.get(id)));
            return foldRounds(again, outcome, round + 1);
        });
    }

    /** One round: completes with the accounts whose save lost (nothing of theirs was stored or counted). */
    private Uni<Set<String>> fold(Map<String, List<EngagementEventMessage>> byAccount, BatchOutcome outcome) {
        return states.loadAll(byAccount.keySet()).chain(loaded -> {
            Set<String> candidates = new HashSet<>();
            byAccount.values().forEach(list -> list.forEach(e -> candidates.add(e.eventId())));
            loaded.values().forEach(state -> candidates.addAll(state.pendingIds()));
            return events.existing(candidates).chain(stored -> {
                Instant now = clock.instant();
                HealthModel active = models.active();
                HealthModel pendingModel = models.pending().orElse(null);
                List<AccountState> touched = new ArrayList<>();
                List<AccountState> toSave = new ArrayList<>();
                Map<String, Round> rounds = new LinkedHashMap<>();
                for (Map.Entry<String, List<EngagementEventMessage>> entry : byAccount.entrySet()) {
                    AccountState state = loaded.getOrDefault(entry.getKey(), AccountState.empty(entry.getKey()));
                    Round round = new Round();
                    rounds.put(state.accountId(), round);
                    boolean dirty = state.confirmStored(stored);
                    boolean folded = false;
                    for (EngagementEventMessage event : entry.getValue()) {
                        if (stored.contains(event.eventId())) {
                            round.duplicates++;
                            if (!state.erasedSince(event.receivedAt())) {
                                round.kept.add(event); // forwarded again: the first delivery may have died before its send
                            }
                            continue;
                        }
                        if (state.erasedSince(event.receivedAt())) {
                            round.erased++;
                            continue;
                        }
                        EngagementEventMessage kept = state.withoutErasedUser(event);
                        if (state.isPending(event.eventId())) {
                            round.duplicates++; // folded before, its store unconfirmed: store it now, fold nothing
                        } else {
                            try {
                                state.applyEvent(kept);
                            } catch (RuntimeException e) {
                                round.poison.put(event, "The event cannot be folded in: " + e);
                                continue;
                            }
                            round.folded++;
                            folded = true;
                        }
                        round.toStore.add(kept);
                        round.kept.add(kept);
                    }
                    if (folded) {
                        rescore(state, active, pendingModel, now);
                    }
                    if (folded || dirty) {
                        toSave.add(state);
                    }
                    touched.add(state);
                }
                return states.saveAll(toSave).chain(conflicted -> {
                    List<EngagementEventMessage> toStore = new ArrayList<>();
                    List<AccountState> written = new ArrayList<>();
                    for (AccountState state : touched) {
                        if (conflicted.contains(state.accountId())) {
                            continue;
                        }
                        Round round = rounds.get(state.accountId());
                        toStore.addAll(round.toStore);
                        outcome.kept.addAll(round.kept);
                        outcome.poison.putAll(round.poison);
                        outcome.folded += round.folded;
                        outcome.duplicates += round.duplicates;
                        outcome.erased += round.erased;
                        written.add(state);
                    }
                    return events.storeAll(toStore)
                            .chain(() -> recordVersions(written.stream().filter(toSave::contains).toList()))
                            .chain(() -> publishAll(written))
                            .replaceWith(conflicted);
                });
            });
        });
    }

    /** What one account's events came to in one round (counted only once its save has won). */
    private static final class Round {
        final List<EngagementEventMessage> toStore = new ArrayList<>();
        final List<EngagementEventMessage> kept = new ArrayList<>();
        final Map<EngagementEventMessage, String> poison = new LinkedHashMap<>();
        int folded;
        int duplicates;
        int erased;
    }

    /**
     * Takes a newer plan and rescores the account (value realization, feature breadth); a plan announced before the
     * account was erased is ignored.
     */
    public Uni<Void> onPlan(String accountId, Plan plan, Instant changedAt) {
        return update(accountId, state -> !state.erasedSince(changedAt) && state.applyPlan(plan));
    }

    /** True when the account was erased at or after {@code messageTime} (a message from before it is to be dropped). */
    public Uni<Boolean> erasedSince(String accountId, Instant messageTime) {
        return states.load(accountId).map(state -> state.erasedSince(messageTime));
    }

    /**
     * Runs {@code work} in the account's turn: no event, plan, rescore or replay of the account interleaves with it
     * on this instance. Erasure uses it, so that a change in flight cannot save the account's state back after it
     * was erased.
     */
    public <T> Uni<T> exclusively(String accountId, Supplier<Uni<T>> work) {
        return sequencer.run(accountId, work);
    }

    /**
     * The daily rescore of a chunk of accounts (decay and moving windows without new events), each with its daily
     * history point; an account already rescored on {@code day} is skipped, so a resumed run does no account twice.
     * Completes with the number rescored.
     */
    public Uni<Integer> rescoreDaily(List<String> accountIds, LocalDate day) {
        return rescoreChunk(accountIds, state -> {
            if (!state.hasScore() || state.dailyRescoreDone(day)) {
                return false;
            }
            state.markDailyRescore(day);
            return true;
        }, true);
    }

    /** Replay, first pass: the score of each account under the pending model, kept aside (only that field is written). */
    public Uni<Void> computePending(List<String> accountIds) {
        HealthModel model = models.pending().orElse(null);
        if (model == null) {
            return Uni.createFrom().voidItem();
        }
        return sequencer.runAll(accountIds, () -> states.loadAll(accountIds).chain(loaded -> {
            Instant now = clock.instant();
            List<AccountState> scored = new ArrayList<>();
            for (AccountState state : loaded.values()) {
                if (state.hasScore()) { // an erasure marker has nothing to score
                    state.computePending(model, now);
                    scored.add(state);
                }
            }
            return states.savePendingAll(scored);
        }));
    }

    /** Replay, second pass (the new model active): each account rescored from its current state, saved, published. */
    public Uni<Integer> rescoreUnderActiveModel(List<String> accountIds) {
        return rescoreChunk(accountIds, state -> {
            if (!state.hasScore()) {
                return false;
            }
            state.clearPending();
            return true;
        }, false);
    }

    /**
     * Loads the chunk, applies {@code change} to each account (false: leave it), rescores and saves the changed ones
     * with one conditional bulk save (accounts saved by another writer meanwhile are redone), records history and
     * publishes. Completes with the number of accounts changed.
     */
    private Uni<Integer> rescoreChunk(List<String> accountIds, Predicate<AccountState> change, boolean dailyPoint) {
        return sequencer.runAll(accountIds, () -> rescoreRounds(accountIds, change, dailyPoint, 1));
    }

    private Uni<Integer> rescoreRounds(List<String> accountIds, Predicate<AccountState> change, boolean dailyPoint, int round) {
        return states.loadAll(accountIds).chain(loaded -> {
            Instant now = clock.instant();
            HealthModel active = models.active();
            HealthModel pendingModel = models.pending().orElse(null);
            List<AccountState> changed = new ArrayList<>();
            for (String id : accountIds) {
                AccountState state = loaded.get(id);
                if (state != null && change.test(state)) {
                    rescore(state, active, pendingModel, now);
                    changed.add(state);
                }
            }
            return states.saveAll(changed).chain(conflicted -> {
                List<AccountState> written = changed.stream().filter(s -> !conflicted.contains(s.accountId())).toList();
                Uni<Void> recorded = recordVersions(written);
                if (dailyPoint) {
                    List<Map.Entry<String, ScoreRecord>> points = written.stream()
                            .map(s -> Map.entry(s.accountId(), atTime(s.current().orElseThrow(), now))).toList();
                    recorded = recorded.chain(() -> history.recordAll(points, "daily"));
                }
                Uni<Integer> done = recorded.chain(() -> publishAll(written)).replaceWith(written.size());
                if (conflicted.isEmpty()) {
                    return done;
                }
                if (round >= CONFLICT_ROUNDS) {
                    return Uni.createFrom().failure(new StateConflictException(conflicted.iterator().next()));
                }
                return done.chain(count -> rescoreRounds(List.copyOf(conflicted), change, dailyPoint, round + 1)
                        .map(more -> count + more));
            });
        });
    }

    private Uni<Void> update(String accountId, Predicate<AccountState> change) {
        return sequencer.run(accountId, () -> states.load(accountId).chain(state -> {
            if (!change.test(state)) {
                // Nothing new (a redelivery, a stale plan); an earlier crash may still have left a publish undone.
                return publish(state);
            }
            rescore(state, models.active(), models.pending().orElse(null), clock.instant());
            return states.save(state).chain(() -> recordVersions(List.of(state))).chain(() -> publish(state));
        }).onFailure(StateConflictException.class).retry().atMost(CONFLICT_ROUNDS));
    }

    private static void rescore(AccountState state, HealthModel active, HealthModel pendingModel, Instant now) {
        if (pendingModel != null) {
            state.computePending(pendingModel, now);
        } else {
            state.clearPending(); // a replay finished while this account was between passes: rescored below
        }
        state.rescore(active, now);
    }

    private static ScoreRecord atTime(ScoreRecord score, Instant at) {
        return new ScoreRecord(score.version(), at, score.assessment(), score.explanation(), score.trend());
    }

    /** The history point of each state's current version (written once: the point id is the version). */
    private Uni<Void> recordVersions(List<AccountState> saved) {
        List<Map.Entry<String, ScoreRecord>> points = new ArrayList<>();
        for (AccountState state : saved) {
            state.unpublished().ifPresent(score -> points.add(Map.entry(state.accountId(), score)));
        }
        return history.recordAll(points, "change");
    }

    /**
     * Publishes every unpublished newest version, each with its churn risk (the features changed with the score), and
     * waits for all of Kafka's acks.
     */
    private Uni<Void> publishAll(List<AccountState> saved) {
        List<AccountState> toSend = saved.stream().filter(state -> state.unpublished().isPresent()).toList();
        if (toSend.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return churn.assess(toSend).chain(risks -> {
            List<Uni<Void>> sends = new ArrayList<>();
            for (AccountState state : toSend) {
                sends.add(send(state, state.unpublished().orElseThrow(), risks.get(state.accountId())));
            }
            return Uni.join().all(sends).andFailFast().replaceWithVoid();
        });
    }

    /** Publishes the state's unpublished version, then records that it was published. */
    private Uni<Void> publish(AccountState state) {
        return state.unpublished()
                .map(score -> history.recordAll(List.of(Map.entry(state.accountId(), score)), "change")
                        .chain(() -> churn.assess(List.of(state)))
                        .chain(risks -> send(state, score, risks.get(state.accountId())))
                        .chain(() -> states.markPublished(state.accountId(), score.version())))
                .orElse(Uni.createFrom().voidItem());
    }

    private Uni<Void> send(AccountState state, ScoreRecord score, HealthScoreMessage.ChurnRisk churnRisk) {
        return emitter.sendMessage(Message.of(toMessage(state, score, churnRisk)).addMetadata(
                OutgoingKafkaRecordMetadata.<String>builder().withKey(state.accountId()).build()));
    }

    HealthScoreMessage toMessage(AccountState state, ScoreRecord score, HealthScoreMessage.ChurnRisk churnRisk) {
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
                a.modelVersion(), signals(a.summary()), churnRisk);
    }

    private static HealthScoreMessage.Signals signals(SignalSummary s) {
        return new HealthScoreMessage.Signals(s.activeDays(), s.activeDaysPreviousPeriod(), s.featuresUsed(), s.featureTarget(),
                s.inboundContacts90(), s.outboundContacts90(), s.advocacyActs90(), s.marketingTouches90(), s.openTickets(),
                s.ticketsOpened(), s.lastNpsAnswer(), s.lastNpsAt(), s.lastHumanContactAt(), s.lastInboundContactAt(),
                s.lastEngagementAt());
    }
}
