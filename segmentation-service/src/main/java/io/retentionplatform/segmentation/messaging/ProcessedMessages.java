package io.retentionplatform.segmentation.messaging;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.support.ColumnArrays;
import io.smallrye.mutiny.Uni;

/**
 * The idempotent-consumer record: {@link #firstTime} inserts the message id and tells whether it was new. Call it
 * inside the transaction that applies the message, so that the record and the effect commit together.
 */
@ApplicationScoped
public class ProcessedMessages {

    public Uni<Boolean> firstTime(String consumer, String messageId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO processed_message (consumer, message_id, processed_at) VALUES (:consumer, :id, now()) "
                                + "ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("id", messageId)
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    /**
     * The batch form: records every id and returns those not seen before. One partition is consumed by one consumer,
     * so no other transaction records the same ids meanwhile.
     */
    public Uni<Set<String>> firstTimeAll(String consumer, List<String> messageIds) {
        if (messageIds.isEmpty()) {
            return Uni.createFrom().item(Set.of());
        }
        String[] ids = messageIds.toArray(String[]::new);
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "SELECT message_id FROM processed_message WHERE consumer = ?1 AND message_id = ANY(CAST(?2 AS text[]))",
                        String.class)
                .setParameter(1, consumer).setParameter(2, ids).getResultList()
                .chain(seen -> {
                    Set<String> fresh = new HashSet<>(messageIds);
                    seen.forEach(fresh::remove);
                    return ColumnArrays.execute(session, "INSERT INTO processed_message (consumer, message_id, processed_at) "
                                    + "SELECT ?1, id, now() FROM unnest(CAST(?2 AS text[])) AS v(id) ON CONFLICT DO NOTHING",
                                    consumer, fresh.toArray(String[]::new))
                            .replaceWith(fresh);
                }));
    }
}
