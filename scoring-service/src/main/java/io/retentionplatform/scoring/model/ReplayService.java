package io.retentionplatform.scoring.model;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

/**
 * Rebuilds every account's score when the model changes. First pass: each account's score under the new model is
 * computed from its stored signals and kept aside (written as the state's pending score only), while the old scores
 * are still served. Then the new model is
 * activated: from that moment reads serve the new scores (see {@code AccountState#effective}). The second pass
 * rescores each account under the active model from its fresh state, saves and publishes it. A replay interrupted by
 * a restart resumes from the first pass (the pending model is stored).
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);
    static final int CONCURRENCY = 8;

    /** What a replay is doing; {@code done}/{@code total} count accounts in the current phase. */
    public record ReplayStatus(String state, String phase, long fromModelVersion, long toModelVersion, long done, long total,
            Instant startedAt, Instant finishedAt, String error) {

        static ReplayStatus idle(long modelVersion) {
            return new ReplayStatus("idle", null, modelVersion, modelVersion, 0, 0, null, null, null);
        }

        public boolean running() {
            return "running".equals(state);
        }
    }

    private final HealthModelRegistry models;
    private final AccountStateStore states;
    private final AccountScoring scoring;
    private final Clock clock;
    private final AtomicReference<ReplayStatus> status = new AtomicReference<>();
    private final AtomicLong done = new AtomicLong();

    public ReplayService(HealthModelRegistry models, AccountStateStore states, AccountScoring scoring, Clock clock) {
        this.models = models;
        this.states = states;
        this.scoring = scoring;
        this.clock = clock;
    }

    void resumeUnfinished(@Observes StartupEvent startup) {
        status.set(ReplayStatus.idle(models.active().version()));
        models.pending().ifPresent(model -> {
            LOG.infof("Resuming the replay to health model v%s", model.version());
            run(model);
        });
    }

    public ReplayStatus status() {
        ReplayStatus s = status.get();
        return s.running() ? new ReplayStatus(s.state(), s.phase(), s.fromModelVersion(), s.toModelVersion(), done.get(),
                s.total(), s.startedAt(), null, null) : s;
    }

    /** Starts a replay to {@code model}; fails with {@link ReplayRunningException} if one is running. */
    public synchronized Uni<ReplayStatus> start(HealthModel model) {
        if (status.get().running()) {
            return Uni.createFrom().failure(new ReplayRunningException());
        }
        HealthModel versioned = model.withVersion(models.active().version() + 1);
        return models.setPending(versioned).invoke(() -> run(versioned)).map(ignored -> status());
    }

    private void run(HealthModel model) {
        long from = models.active().version();
        Instant startedAt = clock.instant();
        phase("computing", from, model.version(), startedAt, 0);
        states.count()
                .invoke(total -> phase("computing", from, model.version(), startedAt, total))
                .chain(() -> forEachAccount(scoring::computePending))
                .chain(models::activatePending)
                .chain(states::count)
                .invoke(total -> phase("publishing", from, model.version(), startedAt, total))
                .chain(() -> forEachAccount(scoring::rescoreUnderActiveModel))
                .runSubscriptionOn(Infrastructure.getDefaultExecutor())
                .subscribe().with(
                        ignored -> {
                            ReplayStatus s = status.get();
                            status.set(new ReplayStatus("complete", null, from, model.version(), done.get(), s.total(),
                                    startedAt, clock.instant(), null));
                            LOG.infof("Replay to health model v%s complete: %d accounts", model.version(), done.get());
                        },
                        failure -> {
                            LOG.error("Replay to health model v" + model.version() + " failed", failure);
                            status.set(new ReplayStatus("failed", null, from, model.version(), done.get(),
                                    status.get().total(), startedAt, clock.instant(), failure.toString()));
                        });
    }

    /**
     * The ids are collected before any account is touched: the local MongoDB wire server loses a long scan's
     * snapshot when its store rewrites pages underneath ("Chunk not found"); collecting them again is harmless.
     */
    private Uni<Void> forEachAccount(java.util.function.Function<String, Uni<Void>> step) {
        return states.accountIds().collect().asList()
                .onFailure().retry().withBackOff(java.time.Duration.ofSeconds(2)).atMost(3)
                .onItem().transformToMulti(ids -> io.smallrye.mutiny.Multi.createFrom().iterable(ids))
                .onItem().transformToUni(id -> step.apply(id).invoke(done::incrementAndGet)).merge(CONCURRENCY)
                .collect().last().replaceWithVoid();
    }

    private void phase(String phase, long from, long to, Instant startedAt, long total) {
        done.set(0);
        status.set(new ReplayStatus("running", phase, from, to, 0, total, startedAt, null, null));
    }

    /** A model change while a replay runs is refused (409). */
    public static final class ReplayRunningException extends RuntimeException {
        public ReplayRunningException() {
            super("A replay is running; change the model again when it has completed");
        }
    }
}
