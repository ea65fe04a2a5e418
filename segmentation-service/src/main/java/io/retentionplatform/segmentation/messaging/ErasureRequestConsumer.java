package io.retentionplatform.segmentation.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ErasureRequestMessage;
import io.retentionplatform.segmentation.erasure.AccountErasure;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Erasure requests (GDPR art. 17) from scoring-service's API, group {@code segmentation-service}: the deletes, the
 * erasure marker and the confirmation (through the outbox) commit in one transaction; the offset after it. A request
 * that can never apply goes to the dead-letter topic; a failed transaction is retried with backoff.
 */
@ApplicationScoped
public class ErasureRequestConsumer {

    public static final String CHANNEL = "erasure-requests-in";
    private static final Logger LOG = Logger.getLogger(ErasureRequestConsumer.class);

    private final AccountErasure erasure;

    public ErasureRequestConsumer(AccountErasure erasure) {
        this.erasure = erasure;
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
                .invoke(handled -> LOG.infof("Erasure %s of account %s: %s", request.requestId(), request.accountId(),
                        handled ? "erased, confirmation in the outbox" : "handled before, nothing to do"))
                .onFailure().invoke(e -> LOG.warnf("Erasure %s failed, retrying: %s", request.requestId(), e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20)
                .replaceWithVoid();
    }
}
