package io.retentionplatform.nurture.outbox;

import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.nurture.config.NurtureConfig;
import io.retentionplatform.support.reactive.SafeVertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox in order and marks what Kafka acknowledged. A batch is read, sent and marked inside one
 * transaction that holds an advisory lock, so with several instances one relay runs at a time and per-account order
 * is kept. If the process dies after the send and before the mark, the same messages (same message ids) go out again
 * on the next run; consumers deduplicate on the id. It runs shortly after each commit that added messages, and on a
 * timer as a safety net (a commit whose wake-up was lost, a relay that failed).
 */
@ApplicationScoped
public class OutboxRelay {

    public static final String CHANNEL = "outbox-out";
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant: the advisory lock that makes the relay single-flight across instances. */
    private static final long RELAY_LOCK = 7_305_002L;

    /** Not used to send: it makes the channel (and its configured Kafka producer) exist. */
    @SuppressWarnings("unused")
    private final MutinyEmitter<String> emitter;
    private final KafkaClientService kafka;
    private final Vertx vertx;
    private final Clock clock;
    private final NurtureConfig config;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean paused;
    private volatile boolean crashAfterSend;

    public OutboxRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> emitter,
            KafkaClientService kafka, Vertx vertx, Clock clock, NurtureConfig config) {
        this.emitter = emitter;
        this.kafka = kafka;
        this.vertx = vertx;
        this.clock = clock;
        this.config = config;
    }

    /** Asks for a run soon: the transaction that wrote the messages commits first (a few ms later). */
    public void wakeUpAfterCommit() {
        requested.set(true);
        vertx.setTimer(5, id -> drain());
    }

    @Scheduled(every = "${nurture.outbox.poll-interval}", delayed = "3s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        requested.set(true);
        drain();
    }

    /**
     * For tests and operations: stop publishing (messages keep accumulating) or resume. Pausing waits (up to 10 s, so
     * never call it on an event loop) for a batch in flight to finish.
     */
    public void pause(boolean pause) {
        this.paused = pause;
        if (!pause) {
            wakeUpAfterCommit();
            return;
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (running.get() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** For tests: fail every batch after Kafka acked it and before it is marked, as a crash there would. */
    public void simulateCrashAfterSend(boolean crash) {
        this.crashAfterSend = crash;
    }

    private void drain() {
        if (paused || !config.outbox().relayEnabled() || !running.compareAndSet(false, true)) {
            return;
        }
        requested.set(false);
        SafeVertxContext.run(vertx, this::publishBatch).subscribe().with(published -> {
            running.set(false);
            if (published >= config.outbox().batchSize() || requested.get()) {
                drain();
            }
        }, failure -> {
            running.set(false);
            LOG.warnf("Outbox relay failed, retrying on the next poll: %s", failure.getMessage());
        });
    }

    /** One batch: read, send, await every ack, mark; all in one transaction under the relay lock. */
    public Uni<Integer> publishBatch() {
        // The mark need not wait for the disk: a mark lost in a crash only means the same messages (same ids) are sent
        // again, which consumers ignore. The changes themselves were committed durably by their own transactions.
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("SET LOCAL synchronous_commit = off").executeUpdate()
                .chain(() -> session.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + RELAY_LOCK + ")", Boolean.class)
                        .getSingleResult())
                .chain(locked -> !locked ? Uni.createFrom().item(0) : session
                        .createNativeQuery("SELECT id, topic, message_key, payload FROM outbox_message WHERE published_at IS NULL "
                                + "ORDER BY id LIMIT " + config.outbox().batchSize(), Object[].class)
                        .getResultList()
                        .map(rows -> rows.stream().map(r -> new Pending(((Number) r[0]).longValue(), (String) r[1],
                                (String) r[2], (String) r[3])).toList())
                        .chain(batch -> send(batch).chain(() -> markPublished(batch))))));
    }

    private record Pending(long id, String topic, String key, String payload) {
    }

    /**
     * Sends the batch with the channel's Kafka producer directly (all records handed over at once, then every ack
     * awaited, on the producer's own thread): per record, the emitter's message pipeline cost more than the send.
     */
    private Uni<Void> send(List<Pending> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        KafkaProducer<String, String> producer = kafka.getProducer(CHANNEL);
        // Back to this transaction's Vert.x context once the acks are in: the mark runs on its session.
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        return producer.runOnSendingThread(raw -> {
                    List<java.util.concurrent.Future<org.apache.kafka.clients.producer.RecordMetadata>> acks =
                            new java.util.ArrayList<>(batch.size());
                    for (Pending row : batch) {
                        acks.add(raw.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
                    }
                    for (var ack : acks) {
                        try {
                            ack.get(30, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException("Kafka did not acknowledge an outbox message", e);
                        }
                    }
                    return batch.size();
                })
                .emitOn(command -> context.runOnContext(ignored -> command.run()))
                .replaceWithVoid()
                .invoke(() -> {
                    if (crashAfterSend) {
                        throw new IllegalStateException("simulated crash after send, before the mark");
                    }
                });
    }

    private Uni<Integer> markPublished(List<Pending> batch) {
        if (batch.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Long[] ids = batch.stream().map(Pending::id).toArray(Long[]::new);
        return Panache.getSession().chain(session -> session
                .createNativeQuery("UPDATE outbox_message SET published_at = now() WHERE id = ANY(CAST(?1 AS bigint[]))")
                .setParameter(1, ids)
                .executeUpdate())
                .replaceWith(batch.size());
    }

    /** Published messages are kept a while for inspection, then removed. */
    @Scheduled(every = "1h", delayed = "5m")
    Uni<Void> purgePublished() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("DELETE FROM outbox_message WHERE published_at < :before")
                .setParameter("before", clock.instant().minus(config.outbox().keepPublished()))
                .executeUpdate())).replaceWithVoid();
    }
}
