package io.retentionplatform.nurture.schedule;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.contracts.NurtureOutcomeMessage;
import io.retentionplatform.nurture.cadence.CadenceCatalog;
import io.retentionplatform.nurture.cadence.CadenceDefinition;
import io.retentionplatform.nurture.cadence.ContentKind;
import io.retentionplatform.nurture.config.NurtureConfig;
import io.retentionplatform.nurture.eligibility.Eligibility;
import io.retentionplatform.nurture.eligibility.ExpansionEligibility;
import io.retentionplatform.nurture.enrollment.EnrollmentRow;
import io.retentionplatform.nurture.enrollment.Enrollments;
import io.retentionplatform.nurture.outbox.Outbox;
import io.retentionplatform.nurture.signal.AccountSignal;
import io.retentionplatform.nurture.signal.AccountSignals;
import io.retentionplatform.nurture.support.Sql;
import io.retentionplatform.support.reactive.SafeVertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * The durable scheduler: due steps live in PostgreSQL ({@code enrollment.next_step_at}), so they survive restarts.
 * Each batch claims due enrollments with {@code FOR UPDATE SKIP LOCKED} and, in the same transaction, records each step
 * in {@code enrollment_step} (whose primary key makes a second send of one step impossible), queues its outbound
 * webhook and moves the enrollment on. With several instances each claims different rows; a crash rolls the whole
 * batch back, to be claimed again. Exit conditions are checked before a step goes out, the contact cap postpones steps
 * over it, and an expansion offer is skipped (with the reason) unless the account is eligible at that moment.
 * Time comes from the injected {@link Clock}: tests advance it and call {@link #runDue()}.
 */
@ApplicationScoped
public class StepScheduler {

    private static final Logger LOG = Logger.getLogger(StepScheduler.class);

    private final Enrollments enrollments;
    private final CadenceCatalog catalog;
    private final AccountSignals signals;
    private final ExpansionEligibility eligibility;
    private final StepDelivery delivery;
    private final Outbox outbox;
    private final NurtureConfig config;
    private final Clock clock;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile boolean crashAfterEnqueue;

    public StepScheduler(Enrollments enrollments, CadenceCatalog catalog, AccountSignals signals, ExpansionEligibility eligibility,
            StepDelivery delivery, Outbox outbox, NurtureConfig config, Clock clock, Vertx vertx) {
        this.enrollments = enrollments;
        this.catalog = catalog;
        this.signals = signals;
        this.eligibility = eligibility;
        this.delivery = delivery;
        this.outbox = outbox;
        this.config = config;
        this.clock = clock;
        this.vertx = vertx;
    }

    @Scheduled(every = "${nurture.scheduler.poll-interval}", delayed = "2s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        if (!config.scheduler().enabled() || !running.compareAndSet(false, true)) {
            return;
        }
        SafeVertxContext.run(vertx, this::runDue).subscribe().with(n -> running.set(false), failure -> {
            running.set(false);
            LOG.warnf("Step scheduler run failed, retrying on the next poll: %s", failure.toString());
        });
    }

    /** For tests: fail every batch after its webhooks were queued and before it commits, as a crash there would. */
    public void simulateCrashAfterEnqueue(boolean crash) {
        this.crashAfterEnqueue = crash;
    }

    /** Runs every step due now, batch after batch; completes with the number of enrollments handled. */
    public Uni<Integer> runDue() {
        Instant now = clock.instant();
        return endControlWindows(now).chain(() -> drain(now, 0));
    }

    private Uni<Integer> drain(Instant now, int done) {
        return dispatchBatch(now).chain(n -> n < config.scheduler().batchSize() ? Uni.createFrom().item(done + n) : drain(now, done + n));
    }

    /** Control-group enrollments end with their measurement window (nothing is sent to them; re-engagement was measured). */
    Uni<Integer> endControlWindows(Instant now) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> Sql.execute(session,
                "UPDATE enrollment SET status = 'exited', ended_at = ?1, end_reason = 'held out as a control group: the "
                        + "measurement window ended' WHERE status = 'control' AND window_ends_at <= ?1", Sql.at(now))));
    }

    /** One batch in one transaction; completes with the number of enrollments claimed. */
    public Uni<Integer> dispatchBatch(Instant now) {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> Sql.rows(session,
                        "SELECT " + EnrollmentRow.SELECT_COLUMNS + " FROM enrollment WHERE status = 'active' AND next_step_at <= ?1 "
                                + "ORDER BY next_step_at LIMIT ?2 FOR UPDATE SKIP LOCKED", Sql.at(now), config.scheduler().batchSize())
                .chain(rows -> rows.isEmpty() ? Uni.createFrom().item(0) : dispatch(session, rows.stream()
                        .map(EnrollmentRow::read).toList(), now).replaceWith(rows.size()))));
    }

    private record Context(Map<String, AccountSignal> signals, Map<String, List<Instant>> touches,
            Map<String, CadenceDefinition> definitions, Map<String, Eligibility> eligibility) {
    }

    private Uni<Void> dispatch(Mutiny.Session session, List<EnrollmentRow> due, Instant now) {
        Set<String> accounts = new LinkedHashSet<>();
        Set<String> versions = new LinkedHashSet<>();
        due.forEach(r -> {
            accounts.add(r.accountId());
            versions.add(r.cadenceId() + "@" + r.cadenceVersion());
        });
        Map<String, CadenceDefinition> definitions = new HashMap<>();
        return Multi.createFrom().iterable(versions).onItem().transformToUniAndConcatenate(key -> {
                    String[] parts = key.split("@");
                    return catalog.version(session, parts[0], Integer.parseInt(parts[1])).invoke(d -> definitions.put(key, d));
                }).collect().last()
                .chain(() -> signals.get(session, accounts))
                .chain(found -> touches(session, accounts, now).map(touches -> new Context(found, touches, definitions, new HashMap<>())))
                .chain(context -> eligibilityForOffers(session, due, context).replaceWith(context))
                .chain(context -> apply(session, plan(due, context, now), now));
    }

    /** Eligibility is decided (now) only for the accounts whose next step is an expansion offer. */
    private Uni<Void> eligibilityForOffers(Mutiny.Session session, List<EnrollmentRow> due, Context context) {
        Set<String> offers = new LinkedHashSet<>();
        for (EnrollmentRow row : due) {
            CadenceDefinition d = context.definitions().get(row.cadenceId() + "@" + row.cadenceVersion());
            if (row.nextStep() < d.steps().size() && d.steps().get(row.nextStep()).content() == ContentKind.EXPANSION_OFFER) {
                offers.add(row.accountId());
            }
        }
        return Multi.createFrom().iterable(offers).onItem().transformToUniAndConcatenate(account -> eligibility.decide(session, account)
                .invoke(e -> context.eligibility().put(account, e))).collect().last().replaceWithVoid();
    }

    private Uni<Map<String, List<Instant>>> touches(Mutiny.Session session, Set<String> accounts, Instant now) {
        return Sql.rows(session, "SELECT account_id, sent_at FROM enrollment_step WHERE touch AND account_id = ANY(CAST(?1 AS text[])) "
                        + "AND sent_at > ?2", accounts.toArray(String[]::new), Sql.at(now.minus(config.contactCap().window())))
                .map(rows -> {
                    Map<String, List<Instant>> touches = new HashMap<>();
                    rows.forEach(r -> touches.computeIfAbsent((String) r[0], k -> new ArrayList<>()).add(Sql.instant(r[1])));
                    return touches;
                });
    }

    /** What to do with each due enrollment. */
    private sealed interface Decision permits Exit, Postpone, Send {
    }

    private record Exit(EnrollmentRow row, Enrollments.Exit exit) implements Decision {
    }

    private record Postpone(EnrollmentRow row, Instant until) implements Decision {
    }

    /** A step sent or (skipped != null) skipped; then the enrollment moves to its next step or completes. */
    private record Send(EnrollmentRow row, CadenceDefinition definition, CadenceDefinition.Step step, boolean touch, String skipped,
            StepMessage message) implements Decision {

        boolean last() {
            return row.nextStep() + 1 >= definition.steps().size();
        }
    }

    private List<Decision> plan(List<EnrollmentRow> due, Context context, Instant now) {
        Map<String, ContactCap> caps = new HashMap<>();
        List<Decision> decisions = new ArrayList<>(due.size());
        for (EnrollmentRow row : due) {
            CadenceDefinition definition = context.definitions().get(row.cadenceId() + "@" + row.cadenceVersion());
            AccountSignal signal = context.signals().get(row.accountId());
            Optional<Enrollments.Exit> exit = Enrollments.exitFor(row, definition, signal, now);
            if (exit.isPresent()) {
                decisions.add(new Exit(row, exit.get()));
                continue;
            }
            if (row.nextStep() >= definition.steps().size()) {
                decisions.add(new Exit(row, new Enrollments.Exit(EnrollmentRow.COMPLETED, "every step sent")));
                continue;
            }
            CadenceDefinition.Step step = definition.steps().get(row.nextStep());
            String skipped = null;
            if (step.content() == ContentKind.EXPANSION_OFFER) {
                Eligibility e = context.eligibility().get(row.accountId());
                if (e != null && !e.eligible()) {
                    skipped = "expansion offer skipped: " + e.reasons().get(0);
                }
            }
            boolean touch = skipped == null && step.channel().touchesCustomer();
            if (touch) {
                Optional<Instant> postpone = caps.computeIfAbsent(row.accountId(), a -> new ContactCap(config.contactCap().maxTouches(),
                        config.contactCap().window(), context.touches().getOrDefault(a, List.of()))).tryTouch(now);
                if (postpone.isPresent()) {
                    decisions.add(new Postpone(row, postpone.get()));
                    continue;
                }
            }
            StepMessage message = new StepMessage(row.enrollmentId(), row.accountId(), signal.accountName(), row.cadenceId(),
                    row.cadenceVersion(), definition.name(), row.nextStep(), definition.steps().size(), step.channel().wireName(),
                    step.content().wireName(), step.title(), row.triggerSegment(), row.nextStepAt(), signal.health());
            decisions.add(new Send(row, definition, step, touch, skipped, message));
        }
        return decisions;
    }

    private Uni<Void> apply(Mutiny.Session session, List<Decision> decisions, Instant now) {
        List<Exit> exits = decisions.stream().filter(Exit.class::isInstance).map(Exit.class::cast).toList();
        List<Postpone> postpones = decisions.stream().filter(Postpone.class::isInstance).map(Postpone.class::cast).toList();
        List<Send> sends = decisions.stream().filter(Send.class::isInstance).map(Send.class::cast).toList();
        List<Send> delivered = sends.stream().filter(s -> s.skipped() == null).toList();
        return Multi.createFrom().iterable(exits)
                .onItem().transformToUniAndConcatenate(e -> enrollments.end(session, e.row(), e.exit().status(), e.exit().reason(), now)
                        .chain(() -> eligibility.refresh(session, e.row().accountId(), now)))
                .collect().last()
                .chain(() -> postpone(session, postpones))
                .chain(() -> delivered.isEmpty() ? Uni.createFrom().item(List.<List<String>>of())
                        : delivery.enqueue(delivered.stream().map(Send::message).toList()))
                .invoke(() -> {
                    if (crashAfterEnqueue) {
                        throw new IllegalStateException("simulated crash after the webhooks were queued, before the commit");
                    }
                })
                .chain(webhookIds -> record(session, sends, delivered, webhookIds, now))
                .chain(() -> advance(session, sends, now))
                .chain(() -> outbox.addAll(sends.stream().map(s -> Enrollments.entry(new NurtureOutcomeMessage(
                        NurtureOutcomeMessage.SCHEMA_VERSION, "enrollment-" + s.row().enrollmentId() + "-step-" + s.row().nextStep(),
                        s.row().accountId(), s.row().enrollmentId(), s.row().cadenceId(), s.row().cadenceVersion(),
                        s.skipped() == null ? "step_sent" : "step_skipped", s.row().nextStep(), null,
                        s.skipped() == null ? s.step().channel().wireName() + " " + s.step().content().wireName() + " sent" : s.skipped(),
                        now))).toList()))
                .chain(() -> outbox.addAll(sends.stream().filter(Send::last).map(s -> Enrollments.entry(new NurtureOutcomeMessage(
                        NurtureOutcomeMessage.SCHEMA_VERSION, "enrollment-" + s.row().enrollmentId() + "-completed",
                        s.row().accountId(), s.row().enrollmentId(), s.row().cadenceId(), s.row().cadenceVersion(), "completed",
                        null, null, "every step of " + s.definition().name() + " sent", now))).toList()))
                // Eligibility depends on enrollments only through the nurture of silent accounts (a finished one opens
                // expansion again): only their completions decide it anew.
                .chain(() -> Multi.createFrom().iterable(sends.stream().filter(s -> s.last() && s.definition().nurturesSilentAccounts())
                                .map(s -> s.row().accountId()).distinct().toList())
                        .onItem().transformToUniAndConcatenate(account -> eligibility.refresh(session, account, now))
                        .collect().last().replaceWithVoid());
    }

    private Uni<Integer> postpone(Mutiny.Session session, List<Postpone> postpones) {
        if (postpones.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Sql.execute(session, "UPDATE enrollment e SET next_step_at = v.until, postponements = e.postponements + 1 "
                        + "FROM unnest(CAST(?1 AS bigint[]), CAST(CAST(?2 AS text[]) AS timestamptz[])) AS v(id, until) WHERE e.enrollment_id = v.id",
                postpones.stream().map(p -> p.row().enrollmentId()).toArray(Long[]::new),
                postpones.stream().map(p -> p.until().toString()).toArray(String[]::new));
    }

    /** One {@code enrollment_step} row per step sent or skipped; the primary key refuses a second send of a step. */
    private Uni<Integer> record(Mutiny.Session session, List<Send> sends, List<Send> delivered, List<List<String>> webhookIds,
            Instant now) {
        if (sends.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<Long, String> ids = new HashMap<>();
        for (int i = 0; i < delivered.size(); i++) {
            ids.put(delivered.get(i).row().enrollmentId(), String.join(",", webhookIds.get(i)));
        }
        return Sql.execute(session, "INSERT INTO enrollment_step (enrollment_id, step_index, account_id, channel, content, sent_at, "
                        + "skipped, touch, webhook_ids) SELECT v.id, v.step, v.account, v.channel, v.content, ?6, v.skipped, v.touch, "
                        + "CASE WHEN v.webhooks = '' THEN CAST('{}' AS text[]) ELSE string_to_array(v.webhooks, ',') END "
                        + "FROM unnest(CAST(?1 AS bigint[]), CAST(?2 AS int[]), CAST(?3 AS text[]), CAST(?4 AS text[]), "
                        + "CAST(?5 AS text[]), CAST(?7 AS text[]), CAST(?8 AS boolean[]), CAST(?9 AS text[])) "
                        + "AS v(id, step, account, channel, content, skipped, touch, webhooks)",
                sends.stream().map(s -> s.row().enrollmentId()).toArray(Long[]::new),
                sends.stream().map(s -> s.row().nextStep()).toArray(Integer[]::new),
                sends.stream().map(s -> s.row().accountId()).toArray(String[]::new),
                sends.stream().map(s -> s.step().channel().wireName()).toArray(String[]::new),
                sends.stream().map(s -> s.step().content().wireName()).toArray(String[]::new),
                Sql.at(now),
                sends.stream().map(Send::skipped).toArray(String[]::new),
                sends.stream().map(Send::touch).toArray(Boolean[]::new),
                sends.stream().map(s -> ids.getOrDefault(s.row().enrollmentId(), "")).toArray(String[]::new));
    }

    /** Moves each enrollment to its next step (due after that step's wait) or marks it completed. */
    private Uni<Integer> advance(Mutiny.Session session, List<Send> sends, Instant now) {
        if (sends.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return Sql.execute(session, "UPDATE enrollment e SET next_step = e.next_step + 1, next_step_at = v.due, status = v.status, "
                        + "ended_at = CASE WHEN v.status = 'completed' THEN CAST(?4 AS timestamptz) ELSE NULL END, "
                        + "end_reason = CASE WHEN v.status = 'completed' THEN 'every step sent' ELSE NULL END "
                        + "FROM unnest(CAST(?1 AS bigint[]), CAST(CAST(?2 AS text[]) AS timestamptz[]), CAST(?3 AS text[])) AS v(id, due, status) "
                        + "WHERE e.enrollment_id = v.id",
                sends.stream().map(s -> s.row().enrollmentId()).toArray(Long[]::new),
                // timestamps travel as ISO text: the reactive driver does not bind an OffsetDateTime[]
                sends.stream().map(s -> s.last() ? null : now.plus(s.definition().steps().get(s.row().nextStep() + 1).delay()).toString())
                        .toArray(String[]::new),
                sends.stream().map(s -> s.last() ? EnrollmentRow.COMPLETED : EnrollmentRow.ACTIVE).toArray(String[]::new),
                Sql.at(now));
    }
}
