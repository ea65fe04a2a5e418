package io.retentionplatform.segmentation.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.segmentation.erasure.AccountErasure;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Erasure confirmations, group {@code segmentation-service}: when the service upstream of this one (scoring-service,
 * which produces the health scores) confirms an account erasure, the account is erased here once more with that
 * service's erasure time as the cut-off ({@link AccountErasure#afterUpstream}). Other services' confirmations are
 * skipped. A failed transaction is retried with backoff; an unreadable confirmation goes to the dead-letter topic.
 */
@ApplicationScoped
public class UpstreamErasureConsumer {

    public static final String CHANNEL = "erasure-confirmations-in";
    private static final Logger LOG = Logger.getLogger(UpstreamErasureConsumer.class);

    private final AccountErasure erasure;
    private final String upstream;

    public UpstreamErasureConsumer(AccountErasure erasure,
            @ConfigProperty(name = "segmentation.erasure.upstream-service", defaultValue = "scoring-service") String upstream) {
        this.erasure = erasure;
        this.upstream = upstream;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ErasureConfirmationMessage confirmation) {
        if (confirmation == null || confirmation.requestId() == null || confirmation.accountId() == null
                || confirmation.confirmedAt() == null || confirmation.service() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable or incomplete erasure confirmation"));
        }
        if (!upstream.equals(confirmation.service())) {
            return Uni.createFrom().voidItem();
        }
        return Panache.withTransaction(() -> erasure.afterUpstream(confirmation))
                .invoke(again -> LOG.infof("Erasure %s of account %s after %s's: %s", confirmation.requestId(),
                        confirmation.accountId(), upstream, again ? "erased again, confirmation in the outbox" : "nothing to do"))
                .onFailure().invoke(e -> LOG.warnf("Erasure %s after %s failed, retrying: %s", confirmation.requestId(), upstream,
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20)
                .replaceWithVoid();
    }
}
