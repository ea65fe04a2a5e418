package io.retentionplatform.scoring.erasure;

import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.ErasureConfirmationMessage;
import io.retentionplatform.scoring.config.ScoringConfig;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Records each service's confirmation on its request (erasure-confirmations, group {@code scoring-service}): the
 * first confirmation per service counts, a repeat changes nothing. Once every expected service has confirmed, the
 * request keeps only the hash of its user id.
 */
@ApplicationScoped
public class ErasureConfirmationConsumer {

    public static final String CHANNEL = "erasure-confirmations-in";
    private static final Logger LOG = Logger.getLogger(ErasureConfirmationConsumer.class);
    /** Service names become field names in MongoDB: no dots, no dollar signs. */
    private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ErasureRequests requests;
    private final ScoringConfig config;

    public ErasureConfirmationConsumer(ErasureRequests requests, ScoringConfig config) {
        this.requests = requests;
        this.config = config;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(ErasureConfirmationMessage confirmation) {
        if (confirmation == null || confirmation.schemaVersion() != ErasureConfirmationMessage.SCHEMA_VERSION
                || confirmation.requestId() == null || confirmation.confirmedAt() == null || confirmation.service() == null
                || !SERVICE.matcher(confirmation.service()).matches()) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable, unsupported or incomplete erasure "
                    + "confirmation " + (confirmation == null ? "" : confirmation.requestId())));
        }
        return requests.confirm(confirmation)
                .invoke(first -> LOG.debugf("Erasure %s confirmed by %s%s", confirmation.requestId(), confirmation.service(),
                        first ? "" : " (a repeat, ignored)"))
                .chain(() -> requests.find(confirmation.requestId()))
                .chain(found -> found.filter(r -> r.confirmedByAll(config.erasure().services()))
                        .map(requests::forgetUserId).orElseGet(() -> Uni.createFrom().voidItem()));
    }
}
