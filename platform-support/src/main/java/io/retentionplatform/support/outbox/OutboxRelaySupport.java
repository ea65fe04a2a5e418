package io.retentionplatform.support.outbox;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.support.reactive.SafeVertxContext;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaProducer;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes a PostgreSQL outbox ({@link OutboxWriter}) in order and marks what Kafka acknowledged. A batch is read,
 * sent and marked inside one transaction that holds an advisory lock, so with several instances one relay runs at a
 * time and per-account order is kept. If the process dies after the send and before the mark, the same messages (same
 * message ids) go out again on the next run; consumers deduplicate on the id. It runs shortly after each commit that
 * added messages, and on the subclass's timer as a safety net (a commit whose wake-up was lost, a relay that failed).
 *
 * <p>Each service subclasses it as its CDI bean: it injects the channel's emitter (which makes the channel and its
 * configured Kafka producer exist), calls {@link #poll} and {@link #purgePublished} from {@code @Scheduled} methods and
 * passes its {@link OutboxSettings}.
 */
public abstract class OutboxRelaySupport {

    private static final Logger LOG = Logger.getLogger(OutboxRelaySupport.class);

    private KafkaClientService kafka;
    private Vertx vertx;
    private Clock clock;
    private String channel;
    private long lockId;
    private OutboxSettings settings;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private volatile boolean paused;
    private volatile boolean crashAfterSend;

    /** For CDI's client proxies only. */
    protected OutboxRelaySupport() {
    }

    /**
     * @param channel the outgoing channel whose Kafka producer sends (the topic is each message's own)
     * @param lockId  any constant of the service's own: the advisory lock that makes the relay single-flight
     */
    protected OutboxRelaySupport(KafkaClientService kafka, Vertx vertx, Clock clock, String channel, long lockId,
            OutboxSettings settings) {
        this.settings = settings;
        this.kafka = kafka;
        this.vertx = vertx;
        this.clock = clock;
        this.channel = channel;
        this.lockId = lockId;
    }

    /** Asks for a run soon: the transaction that wrote the messages commits first (a few ms later). */
    public void wakeUpAfterCommit() {
        requested.set(true);
        vertx.setTimer(5, id -> drain());
    }

    /** The safety-net run; the subclass calls it from its {@code @Scheduled} method. */
    protected void poll() {
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
        if (paused || !settings.relayEnabled() || !running.compareAndSet(false, true)) {
            return;
        }
        requested.set(false);
        SafeVertxContext.run(vertx, this::publishBatch).subscribe().with(published -> {
            running.set(false);
            if (published >= settings.batchSize() || requested.get()) {
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
                .chain(() -> session.createNativeQuery("SELECT pg_try_advisory_xact_lock(" + lockId + ")", Boolean.class)
                        .getSingleResult())
                .chain(locked -> !locked ? Uni.createFrom().item(0) : session
                        .createNativeQuery("SELECT id, topic, message_key, payload FROM outbox_message WHERE published_at IS NULL "
                                + "ORDER BY id LIMIT " + settings.batchSize(), Object[].class)
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
        KafkaProducer<String, String> producer = kafka.getProducer(channel);
        // Back to this transaction's Vert.x context once the acks are in: the mark runs on its session.
        Context context = Vertx.currentContext();
        return producer.runOnSendingThread(raw -> {
                    List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
                    for (Pending row : batch) {
                        acks.add(raw.send(new ProducerRecord<>(row.topic(), row.key(), row.payload())));
                    }
                    for (Future<RecordMetadata> ack : acks) {
                        try {
                            ack.get(30, TimeUnit.SECONDS);
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

    /** Removes published messages older than the settings' keepPublished; the subclass calls it from a timer. */
    protected Uni<Void> purgePublished() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery("DELETE FROM outbox_message WHERE published_at < :before")
                .setParameter("before", clock.instant().minus(settings.keepPublished()))
                .executeUpdate())).replaceWithVoid();
    }
}
