package io.retentionplatform.segmentation.segment;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.account.AccountRows;
import io.retentionplatform.segmentation.membership.SegmentAssignment;
import io.retentionplatform.support.reactive.SafeVertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

/**
 * Re-evaluates every account's quadrant and segments, a page of accounts per transaction (the page's rows locked, so a
 * score arriving for one of them waits rather than racing). Runs after a segment is created, edited or deleted, on
 * request, and daily for the date-window rules ("renewal within 120 days" changes with the calendar alone).
 * One run at a time per instance; a request during a run queues one more run.
 */
@ApplicationScoped
public class PortfolioReevaluation {

    private static final Logger LOG = Logger.getLogger(PortfolioReevaluation.class);
    static final int PAGE = 1000;

    /**
     * Progress of the latest run, with where its time went: reading and locking the pages, deciding and writing the
     * changes (memberships, outbox), and committing.
     */
    public record Progress(String state, String trigger, long accountsDone, long accountsTotal, long changes,
            Instant startedAt, Instant finishedAt, Double seconds, Double loadSeconds, Double decideAndWriteSeconds,
            Double commitSeconds) {

        Progress(String state, String trigger, long accountsDone, long accountsTotal, long changes, Instant startedAt,
                Instant finishedAt, Double seconds) {
            this(state, trigger, accountsDone, accountsTotal, changes, startedAt, finishedAt, seconds, null, null, null);
        }
    }

    private final java.util.concurrent.atomic.AtomicLong loadNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong decideNanos = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong commitNanos = new java.util.concurrent.atomic.AtomicLong();

    private final SegmentAssignment assignment;
    private final RuleSegmentCatalog catalog;
    private final Vertx vertx;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicReference<String> queued = new AtomicReference<>();
    private volatile Progress progress = new Progress("idle", null, 0, 0, 0, null, null, null);

    public PortfolioReevaluation(SegmentAssignment assignment, RuleSegmentCatalog catalog, Vertx vertx, Clock clock) {
        this.assignment = assignment;
        this.catalog = catalog;
        this.vertx = vertx;
        this.clock = clock;
    }

    public Progress progress() {
        return progress;
    }

    /** Starts a run (or queues one behind the running one); returns at once. */
    public void request(String trigger) {
        if (!running.compareAndSet(false, true)) {
            queued.set(trigger);
            return;
        }
        SafeVertxContext.run(vertx, () -> run(trigger)).subscribe().with(done -> next(), failure -> {
            LOG.errorf(failure, "Portfolio re-evaluation (%s) failed", trigger);
            progress = new Progress("failed", trigger, progress.accountsDone(), progress.accountsTotal(), progress.changes(),
                    progress.startedAt(), clock.instant(), null);
            next();
        });
    }

    private void next() {
        running.set(false);
        String again = queued.getAndSet(null);
        if (again != null) {
            request(again);
        }
    }

    @Scheduled(cron = "${segmentation.daily-reevaluation-cron}")
    void daily() {
        if (catalog.active().stream().anyMatch(s -> s.rule().dependsOnToday())) {
            request("daily: date-window rules");
        }
    }

    private Uni<Void> run(String trigger) {
        Instant started = clock.instant();
        return catalog.reload()
                .chain(() -> Panache.withSession(() -> Panache.getSession().chain(session -> session
                        .createQuery("SELECT count(a) FROM Account a", Long.class).getSingleResult())))
                .chain(total -> {
                    loadNanos.set(0);
                    decideNanos.set(0);
                    commitNanos.set(0);
                    progress = new Progress("running", trigger, 0, total, 0, started, null, null);
                    LOG.infof("Re-evaluating %d accounts (%s)", total, trigger);
                    return page("", total, 0, 0, trigger, started);
                });
    }

    private Uni<Void> page(String after, long total, long done, long changes, String trigger, Instant started) {
        long[] marks = new long[3];
        marks[0] = System.nanoTime();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> AccountRows
                        .lock(session, "account_id > ?1 ORDER BY account_id LIMIT " + PAGE, q -> q.setParameter(1, after))
                        .invoke(() -> marks[1] = System.nanoTime())
                        .chain(accounts -> {
                            long[] before = accounts.stream().mapToLong(a -> a.segmentVersion).toArray();
                            return assignment.reassess(accounts).call(() -> {
                                List<Account> decided = new java.util.ArrayList<>();
                                for (int i = 0; i < accounts.size(); i++) {
                                    if (accounts.get(i).segmentVersion != before[i]) {
                                        decided.add(accounts.get(i));
                                    }
                                }
                                return AccountRows.writeDecisions(session, decided);
                            }).map(n -> new PageResult(accounts, n));
                        })
                        .invoke(() -> marks[2] = System.nanoTime())))
                .chain(result -> {
                    long end = System.nanoTime();
                    loadNanos.addAndGet(marks[1] - marks[0]);
                    decideNanos.addAndGet(marks[2] - marks[1]);
                    commitNanos.addAndGet(end - marks[2]);
                    long nowDone = done + result.accounts().size();
                    long nowChanges = changes + result.changes();
                    if (result.accounts().size() < PAGE) {
                        Instant finished = clock.instant();
                        progress = new Progress("done", trigger, nowDone, Math.max(total, nowDone), nowChanges, started,
                                finished, (finished.toEpochMilli() - started.toEpochMilli()) / 1000.0, loadNanos.get() / 1e9,
                                decideNanos.get() / 1e9, commitNanos.get() / 1e9);
                        LOG.infof("Re-evaluated %d accounts in %.1f s: %d membership changes (%s)", nowDone,
                                progress.seconds(), nowChanges, trigger);
                        return Uni.createFrom().voidItem();
                    }
                    progress = new Progress("running", trigger, nowDone, Math.max(total, nowDone), nowChanges, started, null,
                            null);
                    return page(result.accounts().get(result.accounts().size() - 1).accountId, total, nowDone, nowChanges,
                            trigger, started);
                });
    }

    private record PageResult(List<Account> accounts, int changes) {
    }
}
