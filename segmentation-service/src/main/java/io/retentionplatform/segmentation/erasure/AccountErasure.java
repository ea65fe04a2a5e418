package io.retentionplatform.segmentation.erasure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.contracts.Topics;
import io.retentionplatform.segmentation.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * segmentation-service's part of an erasure, in the caller's transaction: the request is claimed once
 * ({@code erasure_request}), the account's rows are deleted, its marker written, and the confirmation added to the
 * outbox, all committed together; a redelivered request finds its claim and does nothing (one confirmation).
 * <p>
 * A whole account: the account row (CRM data, score, signals, quadrant), its ARR movements, its segment memberships
 * with their history (quadrants, flags, rules, pilots), its places in audit pilot cohorts, the outbox messages keyed
 * by it (unsent ones would publish its data after the erasure; sent ones are kept only for inspection), and the row
 * errors of CSV import reports that name it. Pilot totals (cohort size and ARR) stay: they hold no account. One person:
 * segmentation holds no user ids, so it erases nothing and confirms {@code userReferences=0}.
 */
@ApplicationScoped
public class AccountErasure {

    private final Outbox outbox;
    private final ObjectMapper json;
    private final Clock clock;
    private final String service;

    public AccountErasure(Outbox outbox, ObjectMapper json, Clock clock,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
        this.service = service;
    }

    /** Handles the request in the caller's transaction; false if it was handled before (nothing done). */
    public Uni<Boolean> handle(ErasureRequestMessage request) {
        Instant erasedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO erasure_request (request_id, account_id, whole_account, erased_json, erased_at) "
                                + "VALUES (?1, ?2, ?3, '{}', CAST(?4 AS timestamptz)) ON CONFLICT DO NOTHING")
                .setParameter(1, request.requestId()).setParameter(2, request.accountId())
                .setParameter(3, request.wholeAccount()).setParameter(4, erasedAt.atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .chain(claimed -> claimed == 0 ? Uni.createFrom().item(false)
                        : erase(session, request, erasedAt)
                                .call(erased -> record(session, request, erased))
                                .call(erased -> confirm(request, erasedAt, erased, ""))
                                .replaceWith(true)));
    }

    /**
     * Erases the account again once scoring-service, which produces the health scores, has confirmed its own erasure,
     * with the later of that confirmation's time and now as the marker. Until then scoring may still publish a score of
     * the account computed from data accepted before the erasure, with a time after this service's own erasure: such
     * a score brought the account back. After this, anything older than scoring's erasure is dropped, and what is newer
     * is new data. The confirmation goes out again (same message id per request), so that nurture-service, which acts
     * on this service's segment changes, erases once more too. Nothing happens for a request this service has not
     * handled yet (its own erasure, later, is after scoring's then) or for one person's erasure.
     *
     * @return whether the account was erased again
     */
    public Uni<Boolean> afterUpstream(ErasureConfirmationMessage upstream) {
        Instant now = clock.instant();
        Instant cutoff = (upstream.confirmedAt().isAfter(now) ? upstream.confirmedAt() : now).truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT whole_account FROM erasure_request WHERE request_id = ?1", Boolean.class)
                .setParameter(1, upstream.requestId()).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty() || !Boolean.TRUE.equals(rows.get(0))) {
                        return Uni.createFrom().item(false);
                    }
                    ErasureRequestMessage request = new ErasureRequestMessage(ErasureRequestMessage.SCHEMA_VERSION,
                            upstream.requestId(), upstream.accountId(), null, upstream.confirmedAt(), upstream.service());
                    return erase(session, request, cutoff)
                            .call(erased -> confirm(request, cutoff, erased, "|after|" + upstream.service()))
                            .replaceWith(true);
                }));
    }

    private Uni<Map<String, Long>> erase(Mutiny.Session session, ErasureRequestMessage request, Instant erasedAt) {
        Map<String, Long> erased = new LinkedHashMap<>();
        if (!request.wholeAccount()) {
            erased.put("userReferences", 0L);
            return Uni.createFrom().item(erased);
        }
        String account = request.accountId();
        // The account's row lock first: a health-score batch or ARR change holding it finishes before, and one that
        // comes after waits for this commit, then finds the marker.
        return session.createNativeQuery("SELECT account_id FROM account WHERE account_id = ?1 FOR UPDATE", String.class)
                .setParameter(1, account).getResultList()
                .chain(() -> update(session, "INSERT INTO erased_account (account_id, erased_at) VALUES (?1, CAST(?2 AS timestamptz)) "
                        + "ON CONFLICT (account_id) DO UPDATE SET erased_at = GREATEST(erased_account.erased_at, EXCLUDED.erased_at)",
                        account, erasedAt.atOffset(ZoneOffset.UTC)))
                .chain(() -> count(session, erased, "segmentMemberships", "DELETE FROM segment_membership WHERE account_id = ?1", account))
                .chain(() -> count(session, erased, "arrMovements", "DELETE FROM arr_movement WHERE account_id = ?1", account))
                .chain(() -> count(session, erased, "auditPilotMembers", "DELETE FROM audit_pilot_member WHERE account_id = ?1", account))
                .chain(() -> count(session, erased, "outboxMessages", "DELETE FROM outbox_message WHERE message_key = ?1 AND topic <> ?2",
                        account, Topics.ERASURE_CONFIRMATIONS))
                // The only row error that names an account is a duplicate id: "account <id> appears before, on line n".
                .chain(() -> count(session, erased, "importReports", "UPDATE account_import SET errors_json = (SELECT "
                        + "CAST(COALESCE(jsonb_agg(e ORDER BY n), CAST('[]' AS jsonb)) AS text) FROM jsonb_array_elements(CAST(errors_json AS jsonb)) "
                        + "WITH ORDINALITY AS x(e, n) WHERE position(?1 IN e->>'message') = 0) WHERE position(?1 IN errors_json) > 0",
                        "account " + account + " appears"))
                .chain(() -> count(session, erased, "accounts", "DELETE FROM account WHERE account_id = ?1", account))
                .replaceWith(erased);
    }

    private Uni<Void> record(Mutiny.Session session, ErasureRequestMessage request, Map<String, Long> erased) {
        try {
            return update(session, "UPDATE erasure_request SET erased_json = ?2 WHERE request_id = ?1",
                    request.requestId(), json.writeValueAsString(erased));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private Uni<Void> confirm(ErasureRequestMessage request, Instant erasedAt, Map<String, Long> erased, String round) {
        // Stable per request, service and round: a relay that publishes it twice does so under one id.
        String messageId = UUID.nameUUIDFromBytes((request.requestId() + "|" + service + round).getBytes(StandardCharsets.UTF_8))
                .toString();
        ErasureConfirmationMessage confirmation = new ErasureConfirmationMessage(ErasureConfirmationMessage.SCHEMA_VERSION,
                request.requestId(), service, request.accountId(), erasedAt, erased);
        return outbox.addAll(List.of(new Outbox.Entry(Topics.ERASURE_CONFIRMATIONS, request.accountId(), messageId, confirmation)));
    }

    private static Uni<Void> count(Mutiny.Session session, Map<String, Long> erased, String kind, String sql, Object... parameters) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate().invoke(n -> erased.put(kind, n.longValue())).replaceWithVoid();
    }

    private static Uni<Void> update(Mutiny.Session session, String sql, Object... parameters) {
        var query = session.createNativeQuery(sql);
        for (int i = 0; i < parameters.length; i++) {
            query.setParameter(i + 1, parameters[i]);
        }
        return query.executeUpdate().replaceWithVoid();
    }
}
