package io.retentionplatform.nurture.webhook;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.mutiny.pgclient.PgConnection;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;

/**
 * Sends due webhook messages, signed per Standard Webhooks, and records every attempt.
 * <p>
 * <b>Claiming.</b> One transaction claims up to {@code batch-size} due messages with
 * {@code SELECT ... FOR UPDATE SKIP LOCKED}, sends them, records the attempts and the messages' new state, and commits.
 * The row locks are held while the requests are in flight, so a second worker (another instance, or a second batch
 * here) skips exactly those messages and takes others: no message is sent by two workers at once, and workers never
 * wait on each other. A worker that dies mid-batch loses its locks with its connection; the messages are sent again,
 * under the same {@code webhook-id}, which is what receivers deduplicate on (the spec's at-least-once delivery). The
 * transaction lasts at most the request timeout, which bounds how long a connection is held.
 * <p>
 * <b>HTTP.</b> The Vert.x core HTTP client: non-blocking on the event loop the transaction already runs on, so a batch
 * goes out concurrently without a thread per request; it can connect to the address the SSRF guard checked while
 * sending the URL's host name ({@link RequestOptions#setServer}), never follows redirects (a redirect could lead to a
 * private address), and lets the answer be read only up to the excerpt kept in the log (the Vert.x web client and the
 * REST client buffer the whole body of whatever the receiver sends).
 * <p>
 * <b>When.</b> Woken when a transaction that enqueued messages commits (PostgreSQL LISTEN/NOTIFY, on every instance),
 * and by a poll as the safety net: retries that came due, a lost notification, a failed run.
 * Due means {@code next_attempt_at} at or before the service {@link Clock}, so tests move time instead of sleeping.
 */
@ApplicationScoped
public class WebhookDeliveryWorker {

    private static final Logger LOG = Logger.getLogger(WebhookDeliveryWorker.class);
    /** The log keeps this much of each answer. */
    static final int EXCERPT_BYTES = 1000;
    /** The PostgreSQL notification channel of new messages. */
    static final String CHANNEL = "webhook_outbox";

    private final Vertx vertx;
    private final Pool pool;
    private final Clock clock;
    private final WebhookConfig config;
    private final WebhookAddressGuard guard;
    private final RetrySchedule schedule;
    private final HttpClient http;
    private final java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
    /**
     * Counts wake-ups. A run notes the count when it starts and runs again if it changed meanwhile: with several runs
     * in flight a flag cleared by each start would lose a wake-up that came after an earlier run had claimed its batch.
     */
    private final java.util.concurrent.atomic.AtomicLong wakeUps = new java.util.concurrent.atomic.AtomicLong();
    private volatile boolean paused;
    private volatile boolean closed;
    private volatile SqlConnection listener;

    public WebhookDeliveryWorker(Vertx vertx, Pool pool, Clock clock, WebhookConfig config, WebhookAddressGuard guard) {
        this.vertx = vertx;
        this.pool = pool;
        this.clock = clock;
        this.config = config;
        this.guard = guard;
        this.schedule = new RetrySchedule(config.retrySchedule(), config.maxRetryAfter());
        int timeout = (int) config.requestTimeout().toMillis();
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(timeout).setKeepAlive(true)
                        .setVerifyHost(true),
                new PoolOptions().setHttp1MaxSize(Math.max(5, config.batchSize() * config.concurrentBatches())));
    }

    void stopListening(@Observes ShutdownEvent stopping) {
        closed = true;
    }

    @PreDestroy
    void close() {
        closed = true;
        if (listener != null) {
            listener.closeAndForget();
        }
        http.close();
    }

    /**
     * Listens on {@link #CHANNEL}: {@link WebhookOutbox#enqueue} sends a NOTIFY in its transaction, which PostgreSQL
     * delivers at the commit, to every instance; so a run starts as soon as the messages are visible, never before.
     * One pooled connection is kept for it; when it closes, a new one listens after a second (the poll covers the gap).
     */
    void listen(@Observes StartupEvent started) {
        listen();
    }

    private void listen() {
        if (closed) {
            return;
        }
        pool.getConnection().subscribe().with(connection -> {
            listener = connection;
            PgConnection.cast(connection)
                    .notificationHandler(notification -> wakeUp())
                    .closeHandler(this::listenAgainLater);
            connection.query("LISTEN " + CHANNEL).execute().subscribe().with(ignored -> LOG.debug("Listening for webhook enqueues"),
                    failure -> connection.closeAndForget());
        }, failure -> {
            if (!closed) {
                LOG.warnf("Cannot listen for webhook enqueues, polling meanwhile: %s", failure.getMessage());
                listenAgainLater();
            }
        });
    }

    private void listenAgainLater() {
        if (!closed) {
            vertx.setTimer(1000, id -> listen());
        }
    }

    /** Asks for a run now; one in progress is followed by another. */
    public void wakeUp() {
        wakeUps.incrementAndGet();
        vertx.runOnContext(ignored -> drain());
    }

    @Scheduled(every = "${nurture.webhooks.poll-interval}", delayed = "2s")
    void poll() {
        wakeUp();
    }

    /** For tests and operations: stop starting runs (messages wait; see {@link #idle()}) or resume. */
    public void pause(boolean pause) {
        this.paused = pause;
        if (!pause) {
            wakeUp();
        }
    }

    /** True when no run is in flight. */
    public boolean idle() {
        return running.get() == 0;
    }

    /**
     * Up to {@code concurrent-batches} runs at a time per instance; they go on while batches come back full or a
     * wake-up came meanwhile. Started
     * from a worker thread, where {@link VertxContextSupport} gives the run a new duplicated context of its own (the
     * Hibernate Reactive session must not be shared with whatever context woke the worker).
     */
    private void drain() {
        int inFlight = running.get();
        if (paused || inFlight >= config.concurrentBatches() || !running.compareAndSet(inFlight, inFlight + 1)) {
            return;
        }
        long seen = wakeUps.get();
        Infrastructure.getDefaultWorkerPool().execute(() -> {
            try {
                VertxContextSupport.subscribe(() -> deliverDue().toMulti(), subscription -> subscription.with(claimed -> {
                    running.decrementAndGet();
                    if (claimed >= config.batchSize()) {
                        // A full batch: more are probably due; widen to the allowed number of batches in flight.
                        for (int i = 0; i < config.concurrentBatches(); i++) {
                            drain();
                        }
                    } else if (wakeUps.get() != seen) {
                        drain();
                    }
                }, this::runFailed));
            } catch (RuntimeException e) {
                runFailed(e);
            }
        });
    }

    private void runFailed(Throwable failure) {
        running.decrementAndGet();
        LOG.warnf("Webhook delivery run failed, retrying on the next poll: %s", failure.getMessage());
    }

    /** A claimed message, with what is needed to send it. */
    record Claimed(String webhookId, String endpointId, String url, boolean allowPrivate, String payload, int attempts) {
    }

    /** One attempt's result. {@code refused}: the SSRF guard refused the address (final). */
    record Attempt(Claimed message, Instant at, Integer status, String error, long durationMs, String excerpt,
            String retryAfter, boolean refused) {

        int number() {
            return message.attempts() + 1;
        }
    }

    /**
     * Claims, sends and records one batch of due messages in one transaction; returns how many were claimed.
     * Public so that a test can run two concurrently.
     */
    public Uni<Integer> deliverDue() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS); // PostgreSQL's precision: "due" compares equal times equal
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> claim(session, now)
                .chain(batch -> batch.isEmpty() ? Uni.createFrom().item(0)
                        : activeSecrets(session, batch, now)
                                .chain(secrets -> sendAll(batch, secrets, now))
                                .chain(attempts -> record(session, attempts, now))
                                .replaceWith(batch.size()))));
    }

    private Uni<List<Claimed>> claim(Mutiny.Session session, Instant now) {
        return session.createNativeQuery("SELECT m.webhook_id, m.endpoint_id, e.url, e.allow_private, m.payload, m.attempts "
                        + "FROM webhook_message m JOIN webhook_endpoint e ON e.id = m.endpoint_id "
                        + "WHERE m.status = 'pending' AND m.next_attempt_at <= ?1 AND e.enabled "
                        + "ORDER BY m.next_attempt_at LIMIT " + config.batchSize() + " FOR UPDATE OF m SKIP LOCKED", Object[].class)
                .setParameter(1, now.atOffset(ZoneOffset.UTC))
                .getResultList()
                .map(rows -> rows.stream().map(r -> new Claimed((String) r[0], (String) r[1], (String) r[2], (Boolean) r[3],
                        (String) r[4], ((Number) r[5]).intValue())).toList());
    }

    /** Each endpoint's active secrets, newest first: every one signs (a rotation's overlap). */
    private Uni<Map<String, List<String>>> activeSecrets(Mutiny.Session session, List<Claimed> batch, Instant now) {
        String[] endpoints = batch.stream().map(Claimed::endpointId).distinct().toArray(String[]::new);
        return session.createNativeQuery("SELECT endpoint_id, secret FROM webhook_secret "
                        + "WHERE endpoint_id = ANY(CAST(?1 AS text[])) AND (expires_at IS NULL OR expires_at > ?2) ORDER BY id DESC",
                        Object[].class)
                .setParameter(1, endpoints)
                .setParameter(2, now.atOffset(ZoneOffset.UTC))
                .getResultList()
                .map(rows -> {
                    Map<String, List<String>> secrets = new HashMap<>();
                    for (Object[] row : rows) {
                        secrets.computeIfAbsent((String) row[0], k -> new ArrayList<>()).add((String) row[1]);
                    }
                    return secrets;
                });
    }

    /** Sends the whole batch at once; back on this transaction's context when every answer is in. */
    private Uni<List<Attempt>> sendAll(List<Claimed> batch, Map<String, List<String>> secrets, Instant now) {
        Context context = Vertx.currentContext();
        List<Uni<Attempt>> sends = batch.stream().map(m -> send(m, secrets.getOrDefault(m.endpointId(), List.of()), now)).toList();
        return Uni.join().all(sends).andFailFast()
                .emitOn(command -> context.runOnContext(ignored -> command.run()));
    }

    private Uni<Attempt> send(Claimed m, List<String> secrets, Instant now) {
        long started = System.nanoTime();
        long timestamp = now.getEpochSecond();
        Duration timeout = config.requestTimeout();
        return guard.check(m.url(), m.allowPrivate())
                .chain(target -> post(target, m, timestamp, WebhookSignature.header(secrets, m.webhookId(), timestamp, m.payload())))
                .ifNoItem().after(timeout).failWith(() -> new TimeoutException("no complete answer within " + timeout.toMillis() + " ms"))
                .map(answer -> new Attempt(m, now, answer.status(), null, elapsedMs(started), answer.excerpt(), answer.retryAfter(),
                        false))
                .onFailure().recoverWithItem(failure -> {
                    boolean refused = failure instanceof WebhookAddressGuard.Refused r && !r.retryable();
                    String error = (failure instanceof WebhookAddressGuard.Refused ? "refused: url " : "")
                            + describe(failure);
                    return new Attempt(m, now, null, error, elapsedMs(started), null, null, refused);
                });
    }

    private record Answer(int status, String retryAfter, String excerpt) {
    }

    private Uni<Answer> post(WebhookAddressGuard.Target target, Claimed m, long timestamp, String signature) {
        String path = target.url().getRawPath() == null || target.url().getRawPath().isEmpty() ? "/" : target.url().getRawPath();
        String uri = target.url().getRawQuery() == null ? path : path + "?" + target.url().getRawQuery();
        long timeout = config.requestTimeout().toMillis();
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.POST)
                .setServer(SocketAddress.inetSocketAddress(new InetSocketAddress(target.address(), target.port())))
                .setHost(target.url().getHost())
                .setPort(target.port())
                .setSsl("https".equalsIgnoreCase(target.url().getScheme()))
                .setURI(uri)
                .setFollowRedirects(false)
                .setConnectTimeout(timeout)
                .setIdleTimeout(timeout)
                .putHeader("content-type", "application/json")
                .putHeader("user-agent", "retention-platform-webhooks/1")
                .putHeader("webhook-id", m.webhookId())
                .putHeader("webhook-timestamp", Long.toString(timestamp))
                .putHeader("webhook-signature", signature);
        io.vertx.core.Future<Answer> answer = http.request(options)
                .compose(request -> request.send(Buffer.buffer(m.payload())))
                .compose(response -> {
                    Buffer excerpt = Buffer.buffer();
                    response.handler(chunk -> {
                        int room = EXCERPT_BYTES - excerpt.length();
                        if (room > 0) {
                            excerpt.appendBuffer(chunk.length() <= room ? chunk : chunk.getBuffer(0, room));
                        }
                    });
                    return response.end().map(ignored -> new Answer(response.statusCode(), response.getHeader("Retry-After"),
                            excerpt.toString(StandardCharsets.UTF_8)));
                });
        return Uni.createFrom().completionStage(answer.toCompletionStage());
    }

    /** Records the attempts and the messages' new state; disables endpoints that answered 410 and stops their messages. */
    private Uni<Void> record(Mutiny.Session session, List<Attempt> attempts, Instant now) {
        int n = attempts.size();
        String[] ids = new String[n];
        Long[] numbers = new Long[n];
        Long[] statuses = new Long[n];
        String[] errors = new String[n];
        Long[] durations = new Long[n];
        String[] excerpts = new String[n];
        String[] states = new String[n];
        String[] nextAttempts = new String[n];
        String[] deliveredAts = new String[n];
        TreeSet<String> gone = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            Attempt a = attempts.get(i);
            RetrySchedule.Next next = schedule.after(a.number(), a.status(), a.retryAfter(), a.refused(), now);
            ids[i] = a.message().webhookId();
            numbers[i] = (long) a.number();
            statuses[i] = a.status() == null ? null : a.status().longValue();
            errors[i] = truncate(a.error());
            durations[i] = a.durationMs();
            excerpts[i] = truncate(a.excerpt());
            states[i] = switch (next.verdict()) {
                case DELIVERED -> "delivered";
                case RETRY -> "pending";
                case FAILED -> "failed";
                case ENDPOINT_GONE -> "disabled";
            };
            nextAttempts[i] = next.at() == null ? null : next.at().toString();
            deliveredAts[i] = next.verdict() == RetrySchedule.Verdict.DELIVERED ? now.toString() : null;
            if (next.verdict() == RetrySchedule.Verdict.ENDPOINT_GONE) {
                gone.add(a.message().endpointId());
            }
            if (next.verdict() != RetrySchedule.Verdict.DELIVERED) {
                LOG.debugf("Webhook %s attempt %d: %s -> %s", ids[i], a.number(), a.status() != null ? a.status() : a.error(),
                        states[i]);
            }
        }
        Uni<Integer> logged = session.createNativeQuery("INSERT INTO webhook_attempt (webhook_id, attempt, attempted_at, "
                        + "http_status, error, duration_ms, response_excerpt) "
                        + "SELECT id, CAST(nr AS int), CAST(?3 AS timestamptz), CAST(st AS int), er, du, ex FROM unnest(CAST(?1 AS text[]), "
                        + "CAST(?2 AS bigint[]), CAST(?4 AS bigint[]), CAST(?5 AS text[]), CAST(?6 AS bigint[]), CAST(?7 AS text[])) "
                        + "AS v(id, nr, st, er, du, ex)")
                .setParameter(1, ids).setParameter(2, numbers).setParameter(3, now.atOffset(ZoneOffset.UTC))
                .setParameter(4, statuses).setParameter(5, errors).setParameter(6, durations).setParameter(7, excerpts)
                .executeUpdate();
        return logged.chain(() -> session.createNativeQuery("UPDATE webhook_message m SET status = v.st, "
                                + "attempts = CAST(v.nr AS int), next_attempt_at = CAST(v.nx AS timestamptz), "
                                + "delivered_at = CAST(v.dl AS timestamptz) "
                                + "FROM unnest(CAST(?1 AS text[]), CAST(?2 AS text[]), CAST(?3 AS bigint[]), CAST(?4 AS text[]), "
                                + "CAST(?5 AS text[])) AS v(id, st, nr, nx, dl) WHERE m.webhook_id = v.id")
                        .setParameter(1, ids).setParameter(2, states).setParameter(3, numbers).setParameter(4, nextAttempts)
                        .setParameter(5, deliveredAts)
                        .executeUpdate())
                .chain(() -> gone.isEmpty() ? Uni.createFrom().voidItem() : disable(session, gone, now));
    }

    /**
     * 410 Gone: the endpoints are disabled with the reason, and their pending messages stop. Messages another worker
     * holds right now are skipped, not waited for (no deadlock between two workers disabling the same endpoints): they
     * are not claimed again while the endpoint is disabled.
     */
    private Uni<Void> disable(Mutiny.Session session, TreeSet<String> endpoints, Instant now) {
        String[] ids = endpoints.toArray(String[]::new);
        LOG.infof("Webhook endpoints %s answered 410 Gone: disabled", endpoints);
        return session.createNativeQuery("UPDATE webhook_endpoint SET enabled = false, disabled_reason = ?2, updated_at = ?3 "
                        + "WHERE id = ANY(CAST(?1 AS text[])) AND enabled")
                .setParameter(1, ids)
                .setParameter(2, "answered 410 Gone at " + now)
                .setParameter(3, now.atOffset(ZoneOffset.UTC))
                .executeUpdate()
                .chain(() -> session.createNativeQuery("UPDATE webhook_message SET status = 'disabled', next_attempt_at = NULL "
                                + "WHERE webhook_id IN (SELECT webhook_id FROM webhook_message WHERE endpoint_id = ANY(CAST(?1 AS text[])) "
                                + "AND status = 'pending' FOR UPDATE SKIP LOCKED)")
                        .setParameter(1, ids)
                        .executeUpdate())
                .replaceWithVoid();
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return failure instanceof WebhookAddressGuard.Refused ? message
                : failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String truncate(String text) {
        return text == null || text.length() <= EXCERPT_BYTES ? text : text.substring(0, EXCERPT_BYTES);
    }
}
