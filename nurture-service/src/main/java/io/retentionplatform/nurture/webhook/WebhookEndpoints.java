package io.retentionplatform.nurture.webhook;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.nurture.webhook.WebhookViews.AttemptView;
import io.retentionplatform.nurture.webhook.WebhookViews.CreatedEndpoint;
import io.retentionplatform.nurture.webhook.WebhookViews.DeliveryView;
import io.retentionplatform.nurture.webhook.WebhookViews.EndpointView;
import io.retentionplatform.nurture.webhook.WebhookViews.Page;
import io.retentionplatform.nurture.webhook.WebhookViews.RotatedSecret;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Webhook endpoints, their secrets and their delivery log in PostgreSQL (native queries in the caller's session). A
 * secret is read here only to be returned once, when it is made; the worker reads them to sign.
 */
@ApplicationScoped
public class WebhookEndpoints {

    private static final String ENDPOINT_COLUMNS = "e.id, e.url, e.description, array_to_string(e.event_types, ','), "
            + "e.enabled, e.disabled_reason, e.allow_private, (SELECT count(*) FROM webhook_secret s WHERE s.endpoint_id = e.id "
            + "AND (s.expires_at IS NULL OR s.expires_at > ?1)), e.created_at, e.updated_at FROM webhook_endpoint e";

    private final Clock clock;
    private final WebhookConfig config;

    public WebhookEndpoints(Clock clock, WebhookConfig config) {
        this.clock = clock;
        this.config = config;
    }

    public Uni<CreatedEndpoint> create(String url, String description, List<String> eventTypes, boolean allowPrivate) {
        Instant now = clock.instant();
        String id = "ep_" + UUID.randomUUID().toString().replace("-", "");
        String secret = WebhookSignature.newSecret();
        return session().chain(session -> session.createNativeQuery("INSERT INTO webhook_endpoint (id, url, description, "
                                + "event_types, enabled, allow_private, created_at, updated_at) VALUES (?1, ?2, ?3, CAST(?4 AS text[]), true, ?5, ?6, ?6)")
                        .setParameter(1, id).setParameter(2, url).setParameter(3, description)
                        .setParameter(4, eventTypes == null || eventTypes.isEmpty() ? null : eventTypes.toArray(String[]::new))
                        .setParameter(5, allowPrivate).setParameter(6, now.atOffset(ZoneOffset.UTC))
                        .executeUpdate()
                        .chain(() -> addSecret(session, id, secret, now)))
                .chain(() -> find(id)).map(view -> new CreatedEndpoint(view.orElseThrow(), secret));
    }

    public Uni<List<EndpointView>> list() {
        return session().chain(session -> session.createNativeQuery("SELECT " + ENDPOINT_COLUMNS + " ORDER BY e.created_at, e.id",
                        Object[].class)
                .setParameter(1, clock.instant().atOffset(ZoneOffset.UTC))
                .getResultList()).map(rows -> rows.stream().map(WebhookEndpoints::endpoint).toList());
    }

    public Uni<Optional<EndpointView>> find(String id) {
        return session().chain(session -> session.createNativeQuery("SELECT " + ENDPOINT_COLUMNS + " WHERE e.id = ?2",
                        Object[].class)
                .setParameter(1, clock.instant().atOffset(ZoneOffset.UTC)).setParameter(2, id)
                .getResultList()).map(rows -> rows.stream().findFirst().map(WebhookEndpoints::endpoint));
    }

    /** Deletes the endpoint with its secrets, messages and their attempts; false when there was none. */
    public Uni<Boolean> delete(String id) {
        return session().chain(session -> session.createNativeQuery("DELETE FROM webhook_endpoint WHERE id = ?1")
                .setParameter(1, id).executeUpdate()).map(deleted -> deleted > 0);
    }

    /**
     * A new secret; the active ones expire after the overlap (sooner if they already expire sooner), secrets expired
     * before are deleted. Empty when there is no such endpoint. The endpoint's row is locked, so two rotations queue.
     */
    public Uni<Optional<RotatedSecret>> rotate(String id) {
        Instant now = clock.instant();
        Instant expiry = now.plus(config.secretOverlap());
        String secret = WebhookSignature.newSecret();
        return session().chain(session -> session.createNativeQuery("SELECT id FROM webhook_endpoint WHERE id = ?1 FOR UPDATE",
                        String.class).setParameter(1, id).getResultList()
                .chain(found -> found.isEmpty() ? Uni.createFrom().item(Optional.<RotatedSecret>empty())
                        : session.createNativeQuery("DELETE FROM webhook_secret WHERE endpoint_id = ?1 AND expires_at <= ?2")
                                .setParameter(1, id).setParameter(2, now.atOffset(ZoneOffset.UTC)).executeUpdate()
                                .chain(() -> session.createNativeQuery("UPDATE webhook_secret SET expires_at = ?2 "
                                                + "WHERE endpoint_id = ?1 AND (expires_at IS NULL OR expires_at > ?2)")
                                        .setParameter(1, id).setParameter(2, expiry.atOffset(ZoneOffset.UTC)).executeUpdate())
                                .chain(() -> addSecret(session, id, secret, now))
                                .map(ignored -> Optional.of(new RotatedSecret(id, secret, expiry)))));
    }

    /** Enables the endpoint again (after a 410): new messages go to it; those stopped by the 410 stay stopped. */
    public Uni<Optional<EndpointView>> enable(String id) {
        return session().chain(session -> session.createNativeQuery("UPDATE webhook_endpoint SET enabled = true, "
                        + "disabled_reason = NULL, updated_at = ?2 WHERE id = ?1")
                .setParameter(1, id).setParameter(2, clock.instant().atOffset(ZoneOffset.UTC)).executeUpdate())
                .chain(() -> find(id));
    }

    /** The endpoint's messages, newest first; empty when there is no such endpoint. */
    public Uni<Optional<Page<DeliveryView>>> deliveries(String endpointId, int page, int size) {
        return pageOf("SELECT count(*) FROM webhook_endpoint WHERE id = ?1",
                "SELECT count(*) FROM webhook_message WHERE endpoint_id = ?1",
                "SELECT webhook_id, event_type, account_id, status, attempts, next_attempt_at, created_at, delivered_at "
                        + "FROM webhook_message WHERE endpoint_id = ?1 ORDER BY created_at DESC, webhook_id",
                endpointId, page, size, r -> new DeliveryView((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                        ((Number) r[4]).intValue(), instant(r[5]), instant(r[6]), instant(r[7])));
    }

    /** The message's attempts, first first; empty when there is no such message. */
    public Uni<Optional<Page<AttemptView>>> attempts(String webhookId, int page, int size) {
        return pageOf("SELECT count(*) FROM webhook_message WHERE webhook_id = ?1",
                "SELECT count(*) FROM webhook_attempt WHERE webhook_id = ?1",
                "SELECT attempt, attempted_at, http_status, error, duration_ms, response_excerpt FROM webhook_attempt "
                        + "WHERE webhook_id = ?1 ORDER BY attempt",
                webhookId, page, size, r -> new AttemptView(((Number) r[0]).intValue(), instant(r[1]),
                        r[2] == null ? null : ((Number) r[2]).intValue(), (String) r[3], ((Number) r[4]).longValue(), (String) r[5]));
    }

    private <T> Uni<Optional<Page<T>>> pageOf(String exists, String count, String select, String key, int page, int size,
            Function<Object[], T> row) {
        return session().chain(session -> session.createNativeQuery(exists, Long.class).setParameter(1, key).getSingleResult()
                .chain(parents -> parents == 0 ? Uni.createFrom().item(Optional.<Page<T>>empty())
                        : session.createNativeQuery(count, Long.class).setParameter(1, key).getSingleResult()
                                .chain(total -> session.createNativeQuery(select + " LIMIT " + size + " OFFSET " + ((long) page * size),
                                                Object[].class)
                                        .setParameter(1, key).getResultList()
                                        .map(rows -> Optional.of(new Page<>(rows.stream().map(row).toList(), page, size, total))))));
    }

    private static Uni<Void> addSecret(Mutiny.Session session, String endpointId, String secret, Instant now) {
        return session.createNativeQuery("INSERT INTO webhook_secret (endpoint_id, secret, created_at) VALUES (?1, ?2, ?3)")
                .setParameter(1, endpointId).setParameter(2, secret).setParameter(3, now.atOffset(ZoneOffset.UTC))
                .executeUpdate().replaceWithVoid();
    }

    private static EndpointView endpoint(Object[] r) {
        String types = (String) r[3];
        return new EndpointView((String) r[0], (String) r[1], (String) r[2],
                types == null || types.isEmpty() ? List.of() : Arrays.asList(types.split(",")), (Boolean) r[4], (String) r[5],
                (Boolean) r[6], ((Number) r[7]).intValue(), instant(r[8]), instant(r[9]));
    }

    /** A timestamptz column of a native query: the reactive driver gives OffsetDateTime. */
    private static Instant instant(Object column) {
        if (column == null || column instanceof Instant) {
            return (Instant) column;
        }
        return ((OffsetDateTime) column).toInstant();
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
