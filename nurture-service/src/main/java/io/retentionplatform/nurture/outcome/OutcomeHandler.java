package io.retentionplatform.nurture.outcome;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.EngagementEventMessage;
import io.retentionplatform.contracts.EngagementEventType;
import io.retentionplatform.contracts.NurtureOutcomeMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.nurture.cadence.CadenceCatalog;
import io.retentionplatform.nurture.cadence.ExitCondition;
import io.retentionplatform.nurture.eligibility.ExpansionEligibility;
import io.retentionplatform.nurture.enrollment.EnrollmentRow;
import io.retentionplatform.nurture.enrollment.Enrollments;
import io.retentionplatform.nurture.erasure.AccountLock;
import io.retentionplatform.nurture.outbox.Outbox;
import io.retentionplatform.nurture.signal.AccountSignals;
import io.retentionplatform.nurture.support.Sql;
import io.retentionplatform.nurture.webhook.InboundOutcome;
import io.retentionplatform.nurture.webhook.OutcomeSink;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Outcomes reported by the marketing tool, once per inbound webhook id, in one transaction:
 * <ul>
 * <li>recorded on the step they refer to (its last outcome) and published on nurture-outcomes;</li>
 * <li>a reply or a booked meeting is the customer talking: the enrollments that exit on a reply or an inbound contact
 * end as converted, re-engagement is marked, and the contact goes to scoring as an inbound human-contact engagement
 * event, so that health and the quadrant move;</li>
 * <li>a click is re-engagement (a positive outcome) without ending anything;</li>
 * <li>an unsubscribe ends every running enrollment of the account and enrolls it in nothing again.</li>
 * </ul>
 */
@ApplicationScoped
public class OutcomeHandler implements OutcomeSink {

    /** The outcomes the marketing tool may report. */
    public static final Set<String> OUTCOMES = Set.of("delivered", "opened", "clicked", "replied", "meeting_booked", "bounced",
            "unsubscribed");
    private static final Map<String, EngagementEventType> HUMAN_CONTACT = Map.of(
            "replied", EngagementEventType.CONTACT_EMAIL_REPLY,
            "meeting_booked", EngagementEventType.CONTACT_MEETING);

    private final Enrollments enrollments;
    private final CadenceCatalog catalog;
    private final AccountSignals signals;
    private final ExpansionEligibility eligibility;
    private final Outbox outbox;
    private final Clock clock;

    public OutcomeHandler(Enrollments enrollments, CadenceCatalog catalog, AccountSignals signals, ExpansionEligibility eligibility,
            Outbox outbox, Clock clock) {
        this.enrollments = enrollments;
        this.catalog = catalog;
        this.signals = signals;
        this.eligibility = eligibility;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public Uni<Void> accept(InboundOutcome outcome) {
        if (!OUTCOMES.contains(outcome.outcome())) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unknown outcome " + outcome.outcome()));
        }
        Instant now = clock.instant();
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> AccountLock.take(session, outcome.accountId())
                .chain(() -> step(session, outcome.refersTo()))
                .chain(step -> Sql.execute(session, "INSERT INTO nurture_outcome (webhook_id, account_id, refers_to, enrollment_id, "
                                        + "outcome, occurred_at, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                                outcome.webhookId(), outcome.accountId(), outcome.refersTo(), step.map(s -> s[0]).orElse(null),
                                outcome.outcome(), Sql.at(outcome.occurredAt()), Sql.at(now))
                        .chain(inserted -> inserted == 0 ? Uni.createFrom().voidItem() : apply(session, outcome, step, now)))));
    }

    /** The step an outbound webhook id belongs to: (enrollment id, step index). */
    private Uni<Optional<Long[]>> step(Mutiny.Session session, String webhookId) {
        if (webhookId == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Sql.rows(session, "SELECT enrollment_id, step_index FROM enrollment_step WHERE webhook_ids @> ARRAY[CAST(?1 AS text)]",
                        webhookId)
                .map(rows -> rows.stream().findFirst().map(r -> new Long[] {((Number) r[0]).longValue(), ((Number) r[1]).longValue()}));
    }

    private Uni<Void> apply(Mutiny.Session session, InboundOutcome outcome, Optional<Long[]> step, Instant now) {
        String account = outcome.accountId();
        String kind = outcome.outcome();
        List<Outbox.Entry> messages = new ArrayList<>();
        messages.add(new Outbox.Entry(Topics.NURTURE_OUTCOMES, account, "outcome-" + outcome.webhookId(), new NurtureOutcomeMessage(
                NurtureOutcomeMessage.SCHEMA_VERSION, "outcome-" + outcome.webhookId(), account, step.map(s -> s[0]).orElse(null),
                null, null, "outcome", step.map(s -> s[1].intValue()).orElse(null), kind, "the marketing tool reported " + kind, now)));
        EngagementEventType contact = HUMAN_CONTACT.get(kind);
        if (contact != null) {
            String eventId = "nurture-" + outcome.webhookId();
            messages.add(new Outbox.Entry(Topics.ENGAGEMENT_EVENTS, account, eventId, new EngagementEventMessage(
                    EngagementEventMessage.SCHEMA_VERSION, eventId, account, contact.wireName(), outcome.occurredAt(), now,
                    Map.of("direction", "inbound", "source", "nurture"))));
        }
        Uni<Integer> recorded = step.isEmpty() ? Uni.createFrom().item(0)
                : Sql.execute(session, "UPDATE enrollment_step SET last_outcome = ?3 WHERE enrollment_id = ?1 AND step_index = ?2",
                        step.get()[0], step.get()[1].intValue(), kind);
        return recorded.chain(() -> outbox.addAll(messages)).chain(() -> switch (kind) {
            case "replied", "meeting_booked" -> signals.inboundContact(session, account, outcome.occurredAt())
                    .chain(() -> enrollments.reengaged(session, account, outcome.occurredAt(), kind))
                    .chain(() -> endRunning(session, account, row -> catalog.version(session, row.cadenceId(), row.cadenceVersion())
                            .map(d -> d.exitsOn(ExitCondition.REPLY) || d.exitsOn(ExitCondition.INBOUND_CONTACT)),
                            EnrollmentRow.CONVERTED, "the customer " + (kind.equals("replied") ? "replied" : "booked a meeting"), now));
            case "clicked" -> enrollments.reengaged(session, account, outcome.occurredAt(), kind).replaceWithVoid();
            case "unsubscribed" -> signals.unsubscribed(session, account, outcome.occurredAt())
                    .chain(() -> endRunning(session, account, row -> Uni.createFrom().item(true), EnrollmentRow.EXITED,
                            "the account unsubscribed", now));
            default -> Uni.createFrom().voidItem();
        }).chain(() -> eligibility.refresh(session, account, now));
    }

    private Uni<Void> endRunning(Mutiny.Session session, String account, java.util.function.Function<EnrollmentRow, Uni<Boolean>> which,
            String status, String reason, Instant now) {
        return enrollments.running(session, account).chain(rows -> Multi.createFrom().iterable(rows)
                .filter(row -> !row.heldOut())
                .onItem().transformToUniAndConcatenate(row -> which.apply(row).chain(yes -> yes
                        ? enrollments.end(session, row, status, reason, now) : Uni.createFrom().voidItem()))
                .collect().last().replaceWithVoid());
    }
}
