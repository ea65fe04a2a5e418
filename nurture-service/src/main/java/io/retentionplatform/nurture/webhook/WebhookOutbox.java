package io.retentionplatform.nurture.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * The write side of outbound webhooks, a transactional outbox: {@link #enqueue} writes the messages in the caller's
 * transaction, so an event and the webhooks announcing it commit together or not at all (no dual write), and the
 * {@link WebhookDeliveryWorker}, which only sees committed rows and is notified at the commit, sends them afterwards.
 */
@ApplicationScoped
public class WebhookOutbox {

    private final ObjectMapper json;
    private final Clock clock;
    private final RetrySchedule schedule;

    public WebhookOutbox(ObjectMapper json, Clock clock, WebhookConfig config) {
        this.json = json;
        this.clock = clock;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.maxRetryAfter());
    }

    /**
     * Inside the caller's open transaction (Panache.getSession()): one outbound message per enabled endpoint subscribed
     * to eventType (all endpoints when none filter); returns the webhook ids. Nothing is sent before the commit.
     * <p>
     * The body is the Standard Webhooks envelope {@code {"type", "timestamp", "data"}}, {@code data} being
     * {@code payload} as the application's ObjectMapper writes it; it is stored as written and every attempt sends
     * exactly these bytes under the same webhook id.
     */
    public Uni<List<String>> enqueue(String eventType, String accountId, Object payload) {
        if (eventType == null || eventType.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("A webhook needs an event type"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL's precision: "due" compares equal times equal
        String body;
        try {
            body = envelope(eventType, now, payload);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Cannot serialize the payload of " + eventType, e));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "INSERT INTO webhook_message (webhook_id, endpoint_id, event_type, account_id, payload, status, attempts, "
                                + "next_attempt_at, created_at) "
                                + "SELECT 'msg_' || replace(CAST(gen_random_uuid() AS text), '-', ''), e.id, ?1, ?2, ?3, 'pending', 0, "
                                + "?4, ?5 FROM webhook_endpoint e "
                                + "WHERE e.enabled AND (e.event_types IS NULL OR cardinality(e.event_types) = 0 OR ?1 = ANY(e.event_types)) "
                                + "RETURNING webhook_id", String.class)
                        .setParameter(1, eventType)
                        .setParameter(2, accountId)
                        .setParameter(3, body)
                        .setParameter(4, schedule.first(now).atOffset(ZoneOffset.UTC))
                        .setParameter(5, now.atOffset(ZoneOffset.UTC))
                        .getResultList())
                .call(ids -> ids.isEmpty() ? Uni.createFrom().voidItem() : notifyWorkers());
    }

    /** One message of {@link #enqueueAll}: the account it is about and its {@code data}. */
    public record Outbound(String accountId, Object payload) {
    }

    /**
     * {@link #enqueue} for many messages of one event type with two statements, however many: the subscribed endpoints
     * are read, the ids made here, and every (message, endpoint) row written with one {@code unnest} insert. Returns
     * each message's webhook ids, in order. The step scheduler queues its batches this way.
     */
    public Uni<List<List<String>>> enqueueAll(String eventType, List<Outbound> messages) {
        if (eventType == null || eventType.isBlank()) {
            return Uni.createFrom().failure(new IllegalArgumentException("A webhook needs an event type"));
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        return Panache.getSession().chain(session -> session.createNativeQuery("SELECT id FROM webhook_endpoint e WHERE e.enabled "
                                + "AND (e.event_types IS NULL OR cardinality(e.event_types) = 0 OR ?1 = ANY(e.event_types)) ORDER BY id",
                        String.class)
                .setParameter(1, eventType).getResultList()
                .chain(endpoints -> {
                    List<List<String>> ids = new java.util.ArrayList<>(messages.size());
                    List<String> endpointColumn = new java.util.ArrayList<>();
                    List<String> idColumn = new java.util.ArrayList<>();
                    List<String> accountColumn = new java.util.ArrayList<>();
                    List<String> bodyColumn = new java.util.ArrayList<>();
                    for (Outbound message : messages) {
                        String body;
                        try {
                            body = envelope(eventType, now, message.payload());
                        } catch (JsonProcessingException e) {
                            return Uni.createFrom().failure(new IllegalArgumentException("Cannot serialize the payload of " + eventType, e));
                        }
                        List<String> mine = new java.util.ArrayList<>(endpoints.size());
                        for (String endpoint : endpoints) {
                            String id = "msg_" + java.util.UUID.randomUUID().toString().replace("-", "");
                            mine.add(id);
                            idColumn.add(id);
                            endpointColumn.add(endpoint);
                            accountColumn.add(message.accountId());
                            bodyColumn.add(body);
                        }
                        ids.add(mine);
                    }
                    if (idColumn.isEmpty()) {
                        return Uni.createFrom().item(ids);
                    }
                    return session.createNativeQuery("INSERT INTO webhook_message (webhook_id, endpoint_id, event_type, account_id, "
                                    + "payload, status, attempts, next_attempt_at, created_at) SELECT v.id, v.endpoint, ?3, v.account, v.body, "
                                    + "'pending', 0, ?6, ?7 FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), "
                                    + "CAST(?4 AS text[]), CAST(?5 AS text[])) AS v(id, endpoint, account, body)")
                            .setParameter(1, idColumn.toArray(String[]::new))
                            .setParameter(2, endpointColumn.toArray(String[]::new))
                            .setParameter(3, eventType)
                            .setParameter(4, accountColumn.toArray(String[]::new))
                            .setParameter(5, bodyColumn.toArray(String[]::new))
                            .setParameter(6, schedule.first(now).atOffset(ZoneOffset.UTC))
                            .setParameter(7, now.atOffset(ZoneOffset.UTC))
                            .executeUpdate()
                            .chain(() -> notifyWorkers())
                            .replaceWith(ids);
                }));
    }

    /** Delivered by PostgreSQL to the listening workers when (and only if) the caller's transaction commits. */
    private static Uni<Void> notifyWorkers() {
        return Panache.getSession().chain(session -> session
                .createNativeQuery("SELECT CAST(pg_notify('" + WebhookDeliveryWorker.CHANNEL + "', '') AS text)", String.class)
                .getSingleResult()).replaceWithVoid();
    }

    private String envelope(String eventType, Instant timestamp, Object payload) throws JsonProcessingException {
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", eventType);
        envelope.put("timestamp", timestamp.toString());
        envelope.put("data", payload);
        return json.writeValueAsString(envelope);
    }
}
