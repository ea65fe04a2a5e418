package io.retentionplatform.nurture.messaging;

import java.time.Duration;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.nurture.erasure.AccountErasure;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Erasure confirmations, group {@code nurture-service}: when segmentation-service (whose segment changes this service
 * applies) confirms an account erasure, the account's memberships are erased here once more with segmentation's
 * erasure time as the cut-off ({@link AccountErasure#afterUpstream}). Other services' confirmations are skipped.
 */
@ApplicationScoped
public class UpstreamErasureConsumer {

    public static final String CHANNEL = "erasure-confirmations-in";
    private static final Logger LOG = Logger.getLogger(UpstreamErasureConsumer.class);

    private final AccountErasure erasure;
    private final String upstream;

    public UpstreamErasureConsumer(AccountErasure erasure,
            @ConfigProperty(name = "nurture.erasure.upstream-service", defaultValue = "segmentation-service") String upstream) {
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
                        confirmation.accountId(), upstream, again ? "erased again" : "nothing to do"))
                .onFailure().invoke(e -> LOG.warnf("Erasure %s after %s failed, retrying: %s", confirmation.requestId(), upstream,
                        e.getMessage()))
                .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(20)
                .replaceWithVoid();
    }
}
