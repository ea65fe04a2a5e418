package io.retentionplatform.scoring.model;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.retentionplatform.scoring.health.HealthModel;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.retentionplatform.scoring.config.PipelineConfig;
import io.retentionplatform.scoring.scoring.DailyRescore;
import io.retentionplatform.scoring.scoring.JobClaims;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;

/**
 * Rebuilds every account's score when the model changes. First pass: each account's score under the new model is
 * computed from its stored signals and kept aside (written as the state's pending score only), while the old scores
 * are still served. Then the new model is activated: from that moment reads serve the new scores (see
 * {@code AccountState#effective}). The second pass rescores each account under the active model from its fresh state,
 * saves it (conditional on its revision, beside live events) and publishes it. Both passes go in chunks of accounts:
 * one bulk read and one bulk write per chunk.
 *
 * <p>The replay runs once across instances: the instance that accepted the model change claims the job
 * ({@link JobClaims}); every instance reads the pending model back within seconds, and if the replaying instance dies,
 * another one claims the job when its lease runs out and resumes from the first pass.
 */
@ApplicationScoped
public class ReplayService {

    private static final Logger LOG = Logger.getLogger(ReplayService.class);

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
    private final JobClaims claims;
    private final PipelineConfig config;
    private final Clock clock;
    private final AtomicReference<ReplayStatus> status = new AtomicReference<>();
    private final AtomicLong done = new AtomicLong();

    public ReplayService(HealthModelRegistry models, AccountStateStore states, AccountScoring scoring, JobClaims claims,
            PipelineConfig config, Clock clock) {
        this.models = models;
        this.states = states;
        this.scoring = scoring;
        this.claims = claims;
        this.config = config;
        this.clock = clock;
    }

    void resumeUnfinished(@Observes StartupEvent startup) {
        status.set(ReplayStatus.idle(models.active().version()));
        resumeAbandoned().subscribe().with(ignored -> { }, failure -> LOG.warn("Could not check for a replay to resume", failure));
    }

    /** A pending model nobody replays (its replaying instance died, or this one restarted): claim it and resume. */
    @io.quarkus.scheduler.Scheduled(every = "{scoring.pipeline.job-lease}", delayed = "{scoring.pipeline.model-refresh-interval}",
            concurrentExecution = io.quarkus.scheduler.Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resumeAbandoned() {
        HealthModel model = models.pending().orElse(null);
        if (model == null || status.get().running()) {
            return Uni.createFrom().voidItem();
        }
        return claims.claim(job(model)).invoke(claimed -> {
            if (claimed) {
                LOG.infof("Resuming the replay to health model v%s", model.version());
                run(model);
            }
        }).replaceWithVoid();
    }

    public ReplayStatus status() {
        ReplayStatus s = status.get();
        return s.running() ? new ReplayStatus(s.state(), s.phase(), s.fromModelVersion(), s.toModelVersion(), done.get(),
                s.total(), s.startedAt(), null, null) : s;
    }

    /**
     * Starts a replay to {@code model}; fails with {@link ReplayRunningException} if one is running (here or on
     * another instance).
     */
    public synchronized Uni<ReplayStatus> start(HealthModel model) {
        if (status.get().running() || models.pending().isPresent()) {
            return Uni.createFrom().failure(new ReplayRunningException());
        }
        HealthModel versioned = model.withVersion(models.active().version() + 1);
        return claims.claim(job(versioned)).chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().failure(new ReplayRunningException());
            }
            phase("computing", models.active().version(), versioned.version(), clock.instant(), 0);
            return models.setPending(versioned).invoke(() -> run(versioned)).map(ignored -> status());
        });
    }

    private void run(HealthModel model) {
        long from = models.active().version();
        Instant startedAt = clock.instant();
        String job = job(model);
        phase("computing", from, model.version(), startedAt, 0);
        forEachChunk(ids -> phase("computing", from, model.version(), startedAt, ids),
                chunk -> scoring.computePending(chunk).replaceWith(chunk.size()), job)
                .chain(models::activatePending)
                .chain(() -> forEachChunk(ids -> phase("publishing", from, model.version(), startedAt, ids),
                        chunk -> scoring.rescoreUnderActiveModel(chunk).replaceWith(chunk.size()), job))
                .chain(() -> claims.finish(job))
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
     * Every account, a chunk at a time, {@code chunk-concurrency} chunks in flight; the lease renewed after each chunk.
     * The ids are collected before any account is touched: the local MongoDB wire server loses a long scan's snapshot
     * when its store rewrites pages underneath ("Chunk not found"); collecting them again is harmless. A chunk that
     * fails for a transient reason is retried with backoff.
     */
    private Uni<Void> forEachChunk(java.util.function.LongConsumer total,
            java.util.function.Function<List<String>, Uni<Integer>> step, String job) {
        return states.accountIds().collect().asList()
                .onFailure().retry().withBackOff(java.time.Duration.ofSeconds(2)).atMost(3)
                .invoke(ids -> total.accept(ids.size()))
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(DailyRescore.chunks(ids, config.chunkSize())))
                .onItem().transformToUni(chunk -> Uni.createFrom().deferred(() -> step.apply(chunk))
                        .onFailure().retry().withBackOff(config.retryFirstBackoff(), config.retryMaxBackoff()).atMost(20)
                        .invoke(count -> done.addAndGet(chunk.size()))
                        .call(() -> claims.renew(job)))
                .merge(config.chunkConcurrency())
                .collect().last().replaceWithVoid();
    }

    private static String job(HealthModel model) {
        return "replay-v" + model.version();
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
