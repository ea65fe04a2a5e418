package io.retentionplatform.nurture.outbox;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;

import io.retentionplatform.nurture.support.Sql;
import io.smallrye.mutiny.Uni;

/**
 * The write side of the transactional outbox: call {@link #addAll} inside the transaction that makes the change, so the
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

    public Uni<Void> addAll(List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Instant now = clock.instant();
        int n = entries.size();
        String[] ids = new String[n];
        String[] topics = new String[n];
        String[] keys = new String[n];
        String[] payloads = new String[n];
        for (int i = 0; i < n; i++) {
            Entry e = entries.get(i);
            ids[i] = e.messageId();
            topics[i] = e.topic();
            keys[i] = e.key();
            payloads[i] = toJson(e.message());
        }
        // unnest keeps the entries' order, so ids (and the relay's publishing order) follow it.
        return Panache.getSession().chain(session -> Sql.execute(session,
                        "INSERT INTO outbox_message (message_id, topic, message_key, payload, created_at) "
                                + "SELECT i, t, k, p, CAST(?5 AS timestamptz) FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS text[]), CAST(?4 AS text[])) "
                                + "WITH ORDINALITY AS v(i, t, k, p, n) ORDER BY n "
                                // Message ids are deterministic here (enrollment, kind, step): writing one twice is a no-op.
                                + "ON CONFLICT (message_id) DO NOTHING",
                        ids, topics, keys, payloads, now.atOffset(java.time.ZoneOffset.UTC)))
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
