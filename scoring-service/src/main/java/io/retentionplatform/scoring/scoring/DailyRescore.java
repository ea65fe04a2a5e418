package io.retentionplatform.scoring.scoring;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.scoring.config.PipelineConfig;
import io.retentionplatform.scoring.state.AccountStateStore;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

/**
 * Once a day every account is rescored (signals age: decay and windows move without new events) and gets its daily
 * history point. The run happens once across all instances: the instance that claims the day's job
 * ({@link JobClaims}) runs it in chunks (one bulk read and one conditional bulk write each); if it dies, another
 * instance claims the job when its lease runs out and resumes, skipping the accounts already done that day.
 */
@ApplicationScoped
public class DailyRescore {

    private static final Logger LOG = Logger.getLogger(DailyRescore.class);

    private final AccountStateStore states;
    private final AccountScoring scoring;
    private final JobClaims claims;
    private final Clock clock;
    private final PipelineConfig config;
    private final AtomicBoolean running = new AtomicBoolean();

    public DailyRescore(AccountStateStore states, AccountScoring scoring, JobClaims claims, Clock clock, PipelineConfig config) {
        this.states = states;
        this.scoring = scoring;
        this.claims = claims;
        this.clock = clock;
        this.config = config;
    }

    @Scheduled(cron = "{scoring.daily-rescore-cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> startOfDay() {
        return runIfClaimed(today());
    }

    /** Resumes a day's run whose owner died (its lease ran out). */
    @Scheduled(every = "{scoring.pipeline.job-lease}", delayed = "{scoring.pipeline.job-lease}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> resumeAbandoned() {
        LocalDate day = today();
        return claims.unfinished(job(day)).chain(unfinished -> unfinished ? runIfClaimed(day) : Uni.createFrom().voidItem());
    }

    /** Runs the day's rescore here if this instance can claim it; completes when it is done (or not claimed). */
    public Uni<Void> runIfClaimed(LocalDate day) {
        if (!running.compareAndSet(false, true)) {
            return Uni.createFrom().voidItem();
        }
        String job = job(day);
        AtomicLong rescored = new AtomicLong();
        return claims.claim(job).chain(claimed -> {
            if (!claimed) {
                return Uni.createFrom().voidItem();
            }
            LOG.infof("Daily rescore of %s: started", day);
            return states.accountIds().collect().asList()
                    .onItem().transformToMulti(ids -> Multi.createFrom().iterable(chunks(ids, config.chunkSize())))
                    .onItem().transformToUni(chunk -> scoring.rescoreDaily(chunk, day)
                            .invoke(count -> rescored.addAndGet(count))
                            .call(() -> claims.renew(job)))
                    .merge(config.chunkConcurrency())
                    .collect().last()
                    .chain(() -> claims.finish(job))
                    .invoke(() -> LOG.infof("Daily rescore of %s: %d accounts", day, rescored.get()));
        }).onTermination().invoke(() -> running.set(false));
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static String job(LocalDate day) {
        return "daily-" + day;
    }

    /** {@code items} in consecutive chunks of at most {@code size}. */
    public static <T> List<List<T>> chunks(List<T> items, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < items.size(); i += size) {
            chunks.add(items.subList(i, Math.min(items.size(), i + size)));
        }
        return chunks;
    }
}
