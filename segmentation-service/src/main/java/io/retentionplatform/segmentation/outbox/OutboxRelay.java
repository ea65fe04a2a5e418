package io.retentionplatform.segmentation.outbox;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;
import io.retentionplatform.segmentation.config.SegmentationConfig;
import io.retentionplatform.support.outbox.OutboxRelaySupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.vertx.core.Vertx;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;

/**
 * Publishes this service's outbox to Kafka (see {@link OutboxRelaySupport}: in order, one relay at a time across
 * instances, marked after Kafka's acks), shortly after each commit and every {@code segmentation.outbox.poll-interval}.
 */
@ApplicationScoped
public class OutboxRelay extends OutboxRelaySupport {

    public static final String CHANNEL = "outbox-out";

    /** The emitter is not used to send: it makes the channel (and its configured Kafka producer) exist. */
    public OutboxRelay(@Channel(CHANNEL) @OnOverflow(value = OnOverflow.Strategy.BUFFER, bufferSize = 4096) MutinyEmitter<String> emitter,
            KafkaClientService kafka, Vertx vertx, Clock clock, SegmentationConfig config) {
        super(kafka, vertx, clock, CHANNEL, 7_305_001L, config.outbox());
    }

    @Override
    @Scheduled(every = "${segmentation.outbox.poll-interval}", delayed = "3s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    protected void poll() {
        super.poll();
    }

    @Override
    @Scheduled(every = "1h", delayed = "5m")
    protected Uni<Void> purgePublished() {
        return super.purgePublished();
    }
}
