package io.retentionplatform.nurture.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
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
}
