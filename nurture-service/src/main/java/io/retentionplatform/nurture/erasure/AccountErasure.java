package io.retentionplatform.nurture.erasure;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * nurture-service's part of an erasure, in the caller's transaction. A whole account: its segment memberships go and
 * its erasure marker is written, under the account's advisory lock (the segment-change consumer takes the same lock,
 * so neither interleaves with the other). One person: nurture holds no user ids ({@code userReferences=0}). Each
 * request is handled once ({@code erasure_request}); the confirmation to send is returned, and is returned again for a
 * redelivered request only while its first confirmation was never acknowledged.
 */
@ApplicationScoped
public class AccountErasure {

    private static final TypeReference<Map<String, Long>> COUNTS = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final Clock clock;
    private final String service;

    public AccountErasure(ObjectMapper json, Clock clock, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.json = json;
        this.clock = clock;
        this.service = service;
    }

    /** The confirmation to publish, empty when the request was handled and confirmed before. */
    public Uni<Optional<ErasureConfirmationMessage>> handle(ErasureRequestMessage request) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT erased_json, erased_at, confirmed_at FROM erasure_request WHERE request_id = ?1", Object[].class)
                .setParameter(1, request.requestId()).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty()) {
                        return erase(session, request).map(Optional::of);
                    }
                    Object[] row = rows.get(0);
                    return Uni.createFrom().item(row[2] != null ? Optional.empty()
                            : Optional.of(confirmation(request, Sql.instant(row[1]), read((String) row[0]))));
                }));
    }

    /**
     * Erases the account's memberships again once segmentation-service, whose segment changes this service applies,
     * confirms an account erasure (its first, or the one after it erased again in turn), with the later of that
     * confirmation's time and now as the marker: a segment change segmentation published before then, arriving late,
     * is dropped. Nothing happens for a request this service has not handled yet, or for one person's erasure.
     *
     * @return whether the account was erased again
     */
    public Uni<Boolean> afterUpstream(ErasureConfirmationMessage upstream) {
        Instant now = clock.instant();
        OffsetDateTime cutoff = (upstream.confirmedAt().isAfter(now) ? upstream.confirmedAt() : now)
                .truncatedTo(ChronoUnit.MICROS).atOffset(ZoneOffset.UTC);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT whole_account FROM erasure_request WHERE request_id = ?1", Boolean.class)
                .setParameter(1, upstream.requestId()).getResultList()
                .chain(rows -> {
                    if (rows.isEmpty() || !Boolean.TRUE.equals(rows.get(0))) {
                        return Uni.createFrom().item(false);
                    }
                    return AccountLock.take(session, upstream.accountId())
                            .chain(() -> session.createNativeQuery("INSERT INTO erased_account (account_id, erased_at) "
                                            + "VALUES (?1, CAST(?2 AS timestamptz)) ON CONFLICT (account_id) DO UPDATE "
                                            + "SET erased_at = GREATEST(erased_account.erased_at, EXCLUDED.erased_at)")
                                    .setParameter(1, upstream.accountId()).setParameter(2, cutoff).executeUpdate())
                            .chain(() -> deleteRows(session, upstream.accountId(), new LinkedHashMap<>()))
                            .replaceWith(true);
                }));
    }

    /**
     * Everything this service holds about the account, counted per kind: memberships, enrollments (their steps go
     * with them), outcomes, signals, the eligibility decision and the outbound webhook messages (their attempt log goes
     * with them). Only the erasure marker stays.
     */
    private static Uni<Void> deleteRows(Mutiny.Session session, String accountId, Map<String, Long> erased) {
        Map<String, String> tables = new LinkedHashMap<>();
        tables.put("segmentMemberships", "segment_membership");
        tables.put("enrollments", "enrollment");
        tables.put("outcomes", "nurture_outcome");
        tables.put("accountSignals", "account_signal");
        tables.put("eligibilityDecisions", "expansion_eligibility");
        tables.put("webhookMessages", "webhook_message");
        return io.smallrye.mutiny.Multi.createFrom().iterable(tables.entrySet())
                .onItem().transformToUniAndConcatenate(t -> session.createNativeQuery("DELETE FROM " + t.getValue()
                                + " WHERE account_id = ?1").setParameter(1, accountId).executeUpdate()
                        .invoke(deleted -> erased.put(t.getKey(), deleted.longValue())))
                .collect().last().replaceWithVoid();
    }

    /** Kafka acknowledged the confirmation: a redelivery of the request confirms nothing again. */
    public Uni<Void> markConfirmed(String requestId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE erasure_request SET confirmed_at = CAST(?2 AS timestamptz) WHERE request_id = ?1")
                .setParameter(1, requestId).setParameter(2, clock.instant().atOffset(ZoneOffset.UTC))
                .executeUpdate()).replaceWithVoid();
    }

    private Uni<ErasureConfirmationMessage> erase(Mutiny.Session session, ErasureRequestMessage request) {
        Instant erasedAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OffsetDateTime at = erasedAt.atOffset(ZoneOffset.UTC);
        Map<String, Long> erased = new LinkedHashMap<>();
        Uni<Void> work;
        if (request.wholeAccount()) {
            work = AccountLock.take(session, request.accountId())
                    .chain(() -> session.createNativeQuery("INSERT INTO erased_account (account_id, erased_at) "
                                    + "VALUES (?1, CAST(?2 AS timestamptz)) ON CONFLICT (account_id) DO UPDATE "
                                    + "SET erased_at = GREATEST(erased_account.erased_at, EXCLUDED.erased_at)")
                            .setParameter(1, request.accountId()).setParameter(2, at).executeUpdate())
                    .chain(() -> deleteRows(session, request.accountId(), erased));
        } else {
            erased.put("userReferences", 0L);
            work = Uni.createFrom().voidItem();
        }
        return work.chain(() -> session.createNativeQuery("INSERT INTO erasure_request (request_id, account_id, whole_account, "
                                + "erased_json, erased_at) VALUES (?1, ?2, ?3, ?4, CAST(?5 AS timestamptz))")
                        .setParameter(1, request.requestId()).setParameter(2, request.accountId())
                        .setParameter(3, request.wholeAccount()).setParameter(4, write(erased)).setParameter(5, at)
                        .executeUpdate())
                .replaceWith(() -> confirmation(request, erasedAt, erased));
    }

    private ErasureConfirmationMessage confirmation(ErasureRequestMessage request, Instant erasedAt, Map<String, Long> erased) {
        return new ErasureConfirmationMessage(ErasureConfirmationMessage.SCHEMA_VERSION, request.requestId(), service,
                request.accountId(), erasedAt, erased);
    }

    private String write(Map<String, Long> erased) {
        try {
            return json.writeValueAsString(erased);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Long> read(String erased) {
        try {
            return json.readValue(erased, COUNTS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Unreadable erasure record: " + erased, e);
        }
    }
}
