package io.retentionplatform.segmentation.messaging;

import java.time.LocalDate;
import java.time.ZoneOffset;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ArrChangeMessage;
import io.retentionplatform.segmentation.arr.ArrChanges;
import io.retentionplatform.segmentation.erasure.ErasureMarkers;
import io.retentionplatform.segmentation.kpi.MovementKind;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * ARR changes and renewals that arrived as engagement events (forwarded by scoring-service): each becomes one ARR
 * movement, once per event id; one accepted before its account was erased is dropped. A message that can never apply (unknown kind, no amount) goes to the dead-letter topic.
 */
@ApplicationScoped
public class ArrChangeConsumer {

    public static final String CHANNEL = "arr-changes-in";

    private final ArrChanges changes;
    private final ProcessedMessages processed;

    public ArrChangeConsumer(ArrChanges changes, ProcessedMessages processed) {
        this.changes = changes;
        this.processed = processed;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ArrChangeMessage message) {
        if (message == null || message.schemaVersion() != ArrChangeMessage.SCHEMA_VERSION) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unsupported ARR change schema version: "
                    + (message == null ? "no payload" : message.schemaVersion())));
        }
        MovementKind kind = MovementKind.fromWireName(message.kind()).orElse(null);
        if (message.accountId() == null || message.messageId() == null || message.effectiveAt() == null || kind == null
                || (kind != MovementKind.RENEWAL && kind != MovementKind.CHURN
                        && (message.amount() == null || message.amount().signum() < 0))) {
            return Uni.createFrom().failure(new IllegalArgumentException("Incomplete ARR change " + message.messageId()));
        }
        ArrChanges.Change change = new ArrChanges.Change(message.accountId(), kind, message.amount(), message.currency(),
                LocalDate.ofInstant(message.effectiveAt(), ZoneOffset.UTC), message.renewalDate(), "event",
                message.messageId(), "engagement event " + message.messageId());
        // The event's acceptance time (its effective date for older producers) against the account's erasure marker,
        // read after the account's row lock: a change accepted before the erasure must not bring the account back.
        java.time.Instant producedAt = message.receivedAt() != null ? message.receivedAt() : message.effectiveAt();
        return Panache.withTransaction(() -> processed.firstTime(CHANNEL, message.messageId())
                .chain(isNew -> !isNew ? Uni.createFrom().item(false) : Panache.getSession().chain(session -> session
                        .createNativeQuery("SELECT account_id FROM account WHERE account_id = ?1 FOR UPDATE", String.class)
                        .setParameter(1, message.accountId()).getResultList()
                        .chain(() -> ErasureMarkers.erasedAt(session, java.util.List.of(message.accountId())))
                        .map(erased -> !ErasureMarkers.predates(producedAt, erased.get(message.accountId())))))
                .chain(apply -> apply ? changes.record(change).replaceWithVoid() : Uni.createFrom().voidItem()));
    }
}
