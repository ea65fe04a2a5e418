package io.retentionplatform.segmentation.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.segmentation.support.MultiRowSql;
import io.smallrye.mutiny.Uni;

/**
 * The write side of the transactional outbox: call {@link #add} inside the transaction that makes the change, so the
 * change and the message announcing it commit together (no dual write). {@link OutboxRelay} publishes them.
 */
@ApplicationScoped
public class Outbox {

    /** A message to publish: topic, record key (the account id), message id, and the contract record. */
    public record Entry(String topic, String key, String messageId, Object message) {
    }

    private final ObjectMapper json;
    private final Clock clock;
    private final OutboxRelay relay;

    public Outbox(ObjectMapper json, Clock clock, OutboxRelay relay) {
        this.json = json;
        this.clock = clock;
        this.relay = relay;
    }

    public Uni<Void> add(String topic, String key, String messageId, Object message) {
        return addAll(List.of(new Entry(topic, key, messageId, message)));
    }

    public Uni<Void> addAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        List<Object[]> rows = entries.stream()
                .map(e -> new Object[] {e.messageId(), e.topic(), e.key(), toJson(e.message()), now})
                .toList();
        return Panache.getSession().chain(session -> MultiRowSql.execute(session,
                        "INSERT INTO outbox_message (message_id, topic, message_key, payload, created_at)", "(?, ?, ?, ?, ?)", "",
                        rows))
                .invoke(relay::wakeUpAfterCommit)
                .replaceWithVoid();
    }

    private String toJson(Object message) {
        try {
            return json.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialize " + message.getClass().getSimpleName(), e);
        }
    }
}
