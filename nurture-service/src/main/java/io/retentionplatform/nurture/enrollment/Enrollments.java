package io.retentionplatform.nurture.enrollment;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.NurtureOutcomeMessage;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.nurture.cadence.CadenceCatalog;
import io.retentionplatform.nurture.cadence.CadenceDefinition;
import io.retentionplatform.nurture.cadence.ExitCondition;
import io.retentionplatform.nurture.config.NurtureConfig;
import io.retentionplatform.nurture.eligibility.ExpansionEligibility;
import io.retentionplatform.nurture.outbox.Outbox;
import io.retentionplatform.nurture.signal.AccountSignal;
import io.retentionplatform.nurture.signal.AccountSignals;
import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Entering and leaving cadences. Every method runs inside the caller's transaction with the account's lock held
 * ({@link io.retentionplatform.nurture.erasure.AccountLock}), so one account's enrollments change one writer at a time;
 * what changes is announced on nurture-outcomes through the outbox in the same transaction.
 */
@ApplicationScoped
public class Enrollments {

    private final CadenceCatalog catalog;
    private final AccountSignals signals;
    private final Outbox outbox;
    private final NurtureConfig config;
    private final ExpansionEligibility eligibility;

    public Enrollments(CadenceCatalog catalog, AccountSignals signals, Outbox outbox, NurtureConfig config,
            ExpansionEligibility eligibility) {
        this.catalog = catalog;
        this.signals = signals;
        this.outbox = outbox;
        this.config = config;
        this.eligibility = eligibility;
    }

    /**
     * A segment change: entering a segment enrolls the account in every enabled cadence it triggers; leaving one ends
     * the enrollments it started in cadences that exit on {@code segment_left}. Eligibility is decided again.
     */
    public Uni<Void> onSegmentChange(Mutiny.Session session, SegmentChangeMessage change, Instant now) {
        Uni<Void> work = change.member()
                ? catalog.enabled(session).chain(cadences -> Multi.createFrom().iterable(cadences)
                        .filter(c -> c.definition().triggeredBy(change.segment()))
                        .onItem().transformToUniAndConcatenate(c -> enroll(session, change.accountId(), c, change.segment(),
                                change.messageId(), now))
                        .collect().last().replaceWithVoid())
                : running(session, change.accountId()).chain(rows -> each(rows, row -> row.triggerSegment() != null
                        && row.triggerSegment().equals(change.segment()) ? catalog.version(session, row.cadenceId(),
                                row.cadenceVersion()).chain(d -> d.exitsOn(ExitCondition.SEGMENT_LEFT)
                                        ? end(session, row, becameActive(change) ? EnrollmentRow.CONVERTED : EnrollmentRow.EXITED,
                                                "left the segment " + change.segment() + (change.to() == null ? ""
                                                        : " for quadrant " + change.to()), now)
                                        : Uni.createFrom().voidItem())
                        : Uni.createFrom().voidItem()));
        return work.chain(() -> eligibility.refresh(session, change.accountId(), now));
    }

    /**
     * Leaving for Active Advocates is what nurture is for (the account now uses the product and talks to the vendor):
     * the enrollment ends as converted, which counts as a finished flow for expansion eligibility.
     */
    private static boolean becameActive(SegmentChangeMessage change) {
        return SegmentChangeMessage.KIND_QUADRANT.equals(change.kind()) && "active_advocates".equals(change.to());
    }

    /**
     * Enrolls the account unless it is already running this cadence, entered it within the re-entry cool-down, has
     * unsubscribed or is no longer an active customer. Held out as a control group by {@link Holdout}.
     */
    public Uni<Optional<EnrollmentRow>> enroll(Mutiny.Session session, String accountId, CadenceCatalog.Versioned cadence,
            String trigger, String triggerMessageId, Instant now) {
        return signals.get(session, accountId).chain(signal -> {
            if (signal.unsubscribedAt() != null || Boolean.FALSE.equals(signal.active())) {
                return Uni.createFrom().item(Optional.<EnrollmentRow>empty());
            }
            return Sql.rows(session, "SELECT 1 FROM enrollment WHERE account_id = ?1 AND cadence_id = ?2 "
                            + "AND (status IN ('active', 'control') OR entered_at > ?3) LIMIT 1",
                            accountId, cadence.cadenceId(), Sql.at(now.minus(config.reentryCooldown())))
                    .chain(existing -> existing.isEmpty() ? insert(session, accountId, cadence, trigger, triggerMessageId, signal, now)
                            .map(Optional::of) : Uni.createFrom().item(Optional.<EnrollmentRow>empty()));
        });
    }

    private Uni<EnrollmentRow> insert(Mutiny.Session session, String accountId, CadenceCatalog.Versioned cadence, String trigger,
            String triggerMessageId, AccountSignal signal, Instant now) {
        CadenceDefinition definition = cadence.definition();
        boolean heldOut = Holdout.heldOut(cadence.cadenceId(), accountId, definition.holdoutShare());
        Instant windowEnds = now.plus(java.time.Duration.ofDays(definition.reengagementDays()));
        Instant firstDue = heldOut ? null : now.plus(definition.steps().get(0).delay());
        String status = heldOut ? EnrollmentRow.CONTROL : EnrollmentRow.ACTIVE;
        return session.createNativeQuery("SELECT nextval('enrollment_enrollment_id_seq')", Long.class).getSingleResult()
                .chain(id -> Sql.execute(session, "INSERT INTO enrollment (enrollment_id, account_id, cadence_id, cadence_version, "
                                        + "status, held_out, trigger_segment, trigger_message_id, next_step, steps_total, next_step_at, entered_at, "
                                        + "health_at_entry, health_latest, window_ends_at) "
                                        + "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 0, ?9, ?10, ?11, ?12, ?12, ?13)",
                                id, accountId, cadence.cadenceId(), cadence.version(), status, heldOut, trigger, triggerMessageId,
                                definition.steps().size(), Sql.at(firstDue), Sql.at(now), signal.health(), Sql.at(windowEnds))
                        .replaceWith(new EnrollmentRow(id, accountId, cadence.cadenceId(), cadence.version(), status, heldOut,
                                trigger, 0, definition.steps().size(), firstDue, now, null, null, 0, signal.health(),
                                signal.health(), null, null, windowEnds)))
                .call(row -> outbox.addAll(List.of(entry(outcome(row, heldOut ? "held_out" : "enrolled", null, null,
                        heldOut ? "entered " + definition.name() + " through " + trigger + " and held out as its control group"
                                : "entered " + definition.name() + " through " + trigger, now)))));
    }

    /** Ends a running enrollment (a no-op when it already ended). */
    public Uni<Void> end(Mutiny.Session session, EnrollmentRow row, String status, String reason, Instant now) {
        return Sql.execute(session, "UPDATE enrollment SET status = ?2, ended_at = ?3, end_reason = ?4, next_step_at = NULL "
                        + "WHERE enrollment_id = ?1 AND status IN ('active', 'control')", row.enrollmentId(), status, Sql.at(now), reason)
                .chain(updated -> updated == 0 ? Uni.createFrom().voidItem()
                        : outbox.addAll(List.of(entry(outcome(row, status, null, null, reason, now)))));
    }

    /** The account's running enrollments (active and control), oldest first. */
    public Uni<List<EnrollmentRow>> running(Mutiny.Session session, String accountId) {
        return Sql.rows(session, "SELECT " + EnrollmentRow.SELECT_COLUMNS + " FROM enrollment WHERE account_id = ?1 "
                        + "AND status IN ('active', 'control') ORDER BY enrollment_id", accountId)
                .map(rows -> rows.stream().map(EnrollmentRow::read).toList());
    }

    public Uni<List<EnrollmentRow>> ofAccount(Mutiny.Session session, String accountId) {
        return Sql.rows(session, "SELECT " + EnrollmentRow.SELECT_COLUMNS + " FROM enrollment WHERE account_id = ?1 ORDER BY enrollment_id",
                        accountId)
                .map(rows -> rows.stream().map(EnrollmentRow::read).toList());
    }

    public Uni<Optional<EnrollmentRow>> find(Mutiny.Session session, long enrollmentId) {
        return Sql.rows(session, "SELECT " + EnrollmentRow.SELECT_COLUMNS + " FROM enrollment WHERE enrollment_id = ?1", enrollmentId)
                .map(rows -> rows.stream().map(EnrollmentRow::read).findFirst());
    }

    /**
     * New signals for the account: the health within each enrollment's measurement window is kept for the holdout
     * report, an inbound contact inside the window counts as re-engagement, and running enrollments whose exit
     * conditions now hold are ended (an inbound contact converts; health above the bound or a passed renewal exits).
     */
    public Uni<Void> onSignals(Mutiny.Session session, AccountSignal signal, Instant now) {
        String account = signal.accountId();
        Uni<Integer> health = signal.health() == null ? Uni.createFrom().item(0)
                : Sql.execute(session, "UPDATE enrollment SET health_latest = ?2 WHERE account_id = ?1 AND window_ends_at >= ?3",
                        account, signal.health(), Sql.at(now));
        Uni<Integer> reengaged = signal.lastInboundContactAt() == null ? Uni.createFrom().item(0)
                : reengaged(session, account, signal.lastInboundContactAt(), "inbound_contact");
        return health.chain(() -> reengaged)
                .chain(() -> running(session, account))
                .chain(rows -> each(rows, row -> row.heldOut() ? Uni.createFrom().voidItem()
                        : catalog.version(session, row.cadenceId(), row.cadenceVersion()).chain(definition -> exitFor(row, definition,
                                signal, now).map(exit -> end(session, row, exit.status(), exit.reason(), now))
                                .orElse(Uni.createFrom().voidItem()))))
                .chain(() -> eligibility.refresh(session, account, now));
    }

    /** Marks re-engagement at {@code at} on the account's enrollments whose window contains it. */
    public Uni<Integer> reengaged(Mutiny.Session session, String accountId, Instant at, String by) {
        return Sql.execute(session, "UPDATE enrollment SET reengaged_at = ?2, reengaged_by = ?3 WHERE account_id = ?1 "
                + "AND reengaged_at IS NULL AND entered_at <= ?2 AND window_ends_at >= ?2", accountId, Sql.at(at), by);
    }

    public record Exit(String status, String reason) {
    }

    /** The exit condition that holds for a running enrollment, if any (checked on new signals and before each step). */
    public static Optional<Exit> exitFor(EnrollmentRow row, CadenceDefinition definition, AccountSignal signal, Instant now) {
        if (signal.unsubscribedAt() != null) {
            return Optional.of(new Exit(EnrollmentRow.EXITED, "the account unsubscribed"));
        }
        if (Boolean.FALSE.equals(signal.active())) {
            return Optional.of(new Exit(EnrollmentRow.EXITED, "the account is no longer an active customer"));
        }
        if (definition.exitsOn(ExitCondition.INBOUND_CONTACT) && signal.lastInboundContactAt() != null
                && signal.lastInboundContactAt().isAfter(row.enteredAt())) {
            return Optional.of(new Exit(EnrollmentRow.CONVERTED, "inbound contact on " + signal.lastInboundContactAt()));
        }
        if (definition.exitsOn(ExitCondition.HEALTH_ABOVE) && signal.health() != null && definition.exitHealthAbove() != null
                && signal.health() > definition.exitHealthAbove()) {
            return Optional.of(new Exit(EnrollmentRow.EXITED, "health " + signal.health() + " rose above "
                    + definition.exitHealthAbove()));
        }
        if (definition.exitsOn(ExitCondition.RENEWAL_PASSED) && AccountSignals.renewalPassed(signal, now)) {
            return Optional.of(new Exit(EnrollmentRow.EXITED, "the renewal date " + signal.renewalDate() + " passed"));
        }
        return Optional.empty();
    }

    public static NurtureOutcomeMessage outcome(EnrollmentRow row, String kind, Integer stepIndex, String outcome, String reason,
            Instant now) {
        String id = "enrollment-" + row.enrollmentId() + "-" + kind + (stepIndex == null ? "" : "-" + stepIndex);
        return new NurtureOutcomeMessage(NurtureOutcomeMessage.SCHEMA_VERSION, id, row.accountId(), row.enrollmentId(),
                row.cadenceId(), row.cadenceVersion(), kind, stepIndex, outcome, reason, now);
    }

    public static Outbox.Entry entry(NurtureOutcomeMessage message) {
        return new Outbox.Entry(Topics.NURTURE_OUTCOMES, message.accountId(), message.messageId(), message);
    }

    private static <T> Uni<Void> each(List<T> items, java.util.function.Function<T, Uni<Void>> work) {
        return Multi.createFrom().<T>iterable(items).onItem().<Void>transformToUniAndConcatenate(work::apply).collect().last()
                .replaceWithVoid();
    }
}
