package io.retentionplatform.nurture.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.nurture.erasure.AccountErasure;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Erasure requests (GDPR art. 17), group {@code nurture-service}: the deletes and the marker commit in one
 * transaction; then the confirmation is published on erasure-confirmations, then marked acknowledged, then the offset
 * is committed. A request delivered twice is confirmed once; one whose confirmation was lost (a crash between commit
 * and ack) is confirmed on its redelivery. A request that can never apply goes to the dead-letter topic; failures of
 * the database or Kafka are retried with backoff.
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    public static final String CHANNEL = "erasure-requests-in";
    public static final String CONFIRMATIONS = "erasure-confirmations-out";
    private static final Logger LOG = Logger.getLogger(ErasureRequestConsumer.class);

    private final AccountErasure erasure;
    private final MutinyEmitter<ErasureConfirmationMessage> confirmations;

    public ErasureRequestConsumer(AccountErasure erasure,
            @Channel(CONFIRMATIONS) MutinyEmitter<ErasureConfirmationMessage> confirmations) {
        this.erasure = erasure;
        this.confirmations = confirmations;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ErasureRequestMessage request) {
        if (request == null || request.schemaVersion() != ErasureRequestMessage.SCHEMA_VERSION || request.requestId() == null
                || request.accountId() == null || request.accountId().isBlank()
                || (request.userId() != null && request.userId().isBlank())) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable, unsupported or incomplete erasure request "
                    + (request == null ? "" : request.requestId())));
        }
        return Panache.withTransaction(() -> erasure.handle(request))
                .chain(toConfirm -> toConfirm.map(this::confirm).orElseGet(() -> {
                    LOG.infof("Erasure %s handled and confirmed before: nothing to do", request.requestId());
                    return Uni.createFrom().voidItem();
                }))
                .onFailure().invoke(e -> LOG.warnf("Erasure %s failed, retrying: %s", request.requestId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20);
    }

    private Uni<Void> confirm(ErasureConfirmationMessage confirmation) {
        return confirmations.sendMessage(Message.of(confirmation).addMetadata(
                        OutgoingKafkaRecordMetadata.<String>builder().withKey(confirmation.accountId()).build()))
                .chain(() -> Panache.withTransaction(() -> erasure.markConfirmed(confirmation.requestId())))
                .invoke(() -> LOG.infof("Erasure %s of account %s confirmed: %s", confirmation.requestId(),
                        confirmation.accountId(), confirmation.erased()));
    }
}
