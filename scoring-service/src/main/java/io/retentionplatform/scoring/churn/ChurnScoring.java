package io.retentionplatform.scoring.churn;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.scoring.config.PipelineConfig;
import io.retentionplatform.scoring.model.HealthModelRegistry;
import io.retentionplatform.scoring.scoring.DailyRescore;
import io.retentionplatform.scoring.state.AccountState;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.retentionplatform.scoring.state.ScoreRecord;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Serves churn risk: every time an account's health score is published (its features changed), the active model
 * and the shadow model score it from the same figures (the published score's signals and components, the trend, and
 * the commercial history up to now); both are stored in {@code churn_scores}, the active one goes out with the score.
 * After a model is trained, promoted or rolled back, and daily, every scored account is recomputed
 * ({@link #rescoreAll()}). Without any churn model nothing is read or written. An account that has churned (and not
 * come back) gets no churn risk: it is no longer a customer.
 *
 * <p>The models are cached here and re-read every {@code scoring.pipeline.model-refresh-interval}, so a promotion on
 * one instance reaches the others within that time.
 */
@ApplicationScoped
public class ChurnScoring {

    private static final Logger LOG = Logger.getLogger(ChurnScoring.class);

    private final ChurnModelStore models;
    private final ChurnHistoryStore history;
    private final ChurnScoreStore scores;
    private final AccountStateStore states;
    private final HealthModelRegistry healthModels;
    private final Clock clock;
    private final int chunkSize;
    private volatile ChurnModel active;
    private volatile ChurnModel shadow;

    public ChurnScoring(ChurnModelStore models, ChurnHistoryStore history, ChurnScoreStore scores, AccountStateStore states,
            HealthModelRegistry healthModels, Clock clock, PipelineConfig pipeline) {
        this.models = models;
        this.history = history;
        this.scores = scores;
        this.states = states;
        this.healthModels = healthModels;
        this.clock = clock;
        this.chunkSize = pipeline.chunkSize();
    }

    void load(@Observes StartupEvent startup) {
        refreshModels().await().indefinitely();
    }

    @Scheduled(every = "{scoring.pipeline.model-refresh-interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> refreshModels() {
        return models.withStatus(ChurnModelStore.ACTIVE).chain(a -> models.withStatus(ChurnModelStore.SHADOW).invoke(s -> {
            active = a.map(ChurnModelStore.StoredModel::model).filter(ChurnModel::servable).orElse(null);
            shadow = s.map(ChurnModelStore.StoredModel::model).filter(ChurnModel::servable).orElse(null);
        })).replaceWithVoid();
    }

    /** Recomputes every scored account once a day: days since contact and to renewal move without new events. */
    @Scheduled(cron = "{scoring.churn.refresh-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> daily() {
        return rescoreAll().replaceWithVoid();
    }

    /**
     * Scores the accounts' current health scores with the active and shadow models, stores both, and answers the
     * active model's risk per account (empty without an active model).
     */
    public Uni<Map<String, HealthScoreMessage.ChurnRisk>> assess(List<AccountState> accounts) {
        ChurnModel activeModel = active;
        ChurnModel shadowModel = shadow;
        if ((activeModel == null && shadowModel == null) || accounts.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return history.load(accounts.stream().map(AccountState::accountId).toList()).chain(commercial -> {
            Instant now = clock.instant();
            List<ChurnScoreStore.AccountScores> computed = new ArrayList<>();
            Map<String, HealthScoreMessage.ChurnRisk> risks = new HashMap<>();
            for (AccountState state : accounts) {
                ScoreRecord score = state.current().orElse(null);
                ChurnHistoryStore.Commercial history = commercial.getOrDefault(state.accountId(), ChurnHistoryStore.Commercial.NONE);
                if (score == null || churned(state.accountId(), history, now)) {
                    continue; // a former customer has no churn risk (as no snapshot is made after a churn)
                }
                double[] vector = vector(score, history, now);
                ChurnScoreStore.AccountScores s = new ChurnScoreStore.AccountScores(state.accountId(), now,
                        modelScore(activeModel, vector, true), modelScore(shadowModel, vector, false));
                computed.add(s);
                if (s.active() != null) {
                    risks.put(state.accountId(), s.risk());
                }
            }
            return scores.saveAll(computed).replaceWith(risks);
        });
    }

    /** Recomputes the churn scores of every account with a score; completes with how many. */
    public Uni<Integer> rescoreAll() {
        if (active == null && shadow == null) {
            return Uni.createFrom().item(0);
        }
        AtomicInteger done = new AtomicInteger();
        return states.accountIds().collect().asList()
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(DailyRescore.chunks(ids, chunkSize)))
                .onItem().transformToUniAndConcatenate(chunk -> states.loadAll(chunk)
                        .chain(loaded -> assess(new ArrayList<>(loaded.values()))).invoke(r -> done.addAndGet(r.size())))
                .collect().last()
                .map(ignored -> done.get())
                .invoke(n -> LOG.infof("Churn risk recomputed for %d accounts", n));
    }

    static boolean churned(String accountId, ChurnHistoryStore.Commercial commercial, Instant now) {
        AccountHistory history = new AccountHistory(accountId, List.of(), commercial.facts(), commercial.movements());
        return SnapshotBuilder.churnedBy(history, SnapshotBuilder.latestFacts(history, now), now);
    }

    /** The platform's feature vector for an account now, from its current score and commercial history. */
    double[] vector(ScoreRecord score, ChurnHistoryStore.Commercial commercial, Instant now) {
        List<AccountFacts> facts = commercial.facts().stream().filter(f -> !f.changedAt().isAfter(now)).toList();
        List<ArrMovement> movements = commercial.movements().stream().filter(m -> !m.effectiveAt().isAfter(now)).toList();
        Integer change30 = score.trend() == null ? null : score.trend().change30();
        return ChurnFeatures.vector(score.assessment(), change30 == null ? 0 : change30,
                facts.isEmpty() ? null : facts.get(facts.size() - 1), movements, healthModels.active(), now);
    }

    private static ChurnScoreStore.ModelScore modelScore(ChurnModel model, double[] vector, boolean withDrivers) {
        if (model == null) {
            return null;
        }
        double[] row = model.select(vector);
        double p = model.probability(row);
        List<HealthScoreMessage.Driver> drivers = withDrivers
                ? model.drivers(row, ChurnModel.DRIVERS).stream()
                        .map(d -> new HealthScoreMessage.Driver(d.feature(), d.effect(), d.text())).toList()
                : List.of();
        return new ChurnScoreStore.ModelScore(model.version(), ChurnMetrics.round(p), ChurnModel.band(p), drivers);
    }

    /** Re-reads the models now (after a change on this instance) and recomputes every account. */
    public Uni<Integer> modelsChanged() {
        return refreshModels().chain(this::rescoreAll);
    }
}
