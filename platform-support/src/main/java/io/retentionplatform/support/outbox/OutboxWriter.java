package io.retentionplatform.support.outbox;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The write side of a transactional outbox in PostgreSQL (table {@code outbox_message}: id, message_id unique, topic,
 * message_key, payload, created_at, published_at): call {@link #addAll} inside the transaction that makes the change, so
 * the change and the message announcing it commit together (no dual write); {@link OutboxRelaySupport} publishes them.
 * Each service subclasses it as its own CDI bean and says how to wake its relay. A message id written twice is written
 * once, so deterministic ids make a repeated announcement harmless.
 */
public abstract class OutboxWriter {

    /** A message to publish: topic, record key (the account id), message id, and the contract record. */
    public record Entry(String topic, String key, String messageId, Object message) {
    }

    private ObjectMapper json;
    private Clock clock;

    /** For CDI's client proxies only. */
    protected OutboxWriter() {
    }

    protected OutboxWriter(ObjectMapper json, Clock clock) {
        this.json = json;
        this.clock = clock;
    }

    /** Called once the rows are written (the relay should run shortly after the commit). */
    protected abstract void written();

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
        // unnest keeps the entries' order, so ids (and the relay's publishing order) follow it. Positional parameters
        // with CAST(...): "?1::" would be read as a named parameter.
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO outbox_message (message_id, topic, message_key, payload, created_at) "
                                + "SELECT i, t, k, p, CAST(?5 AS timestamptz) FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), "
                                + "CAST(?3 AS text[]), CAST(?4 AS text[])) WITH ORDINALITY AS v(i, t, k, p, n) ORDER BY n "
                                + "ON CONFLICT (message_id) DO NOTHING")
                        .setParameter(1, ids).setParameter(2, topics).setParameter(3, keys).setParameter(4, payloads)
                        .setParameter(5, now.atOffset(ZoneOffset.UTC))
                        .executeUpdate())
                .invoke(this::written)
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
