package io.retentionplatform.segmentation.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.segmentation.account.AccountHealth;
import io.retentionplatform.segmentation.account.AccountHealthRepository;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies health-score changes from scoring-service. One transaction records the message id and the new score;
 * a repeated message or an older version changes nothing. The offset is committed after the transaction.
 */
@ApplicationScoped
public class HealthScoreConsumer {

    public static final String CHANNEL = "health-scores-in";
    private static final Logger LOG = Logger.getLogger(HealthScoreConsumer.class);

    private final AccountHealthRepository accounts;
    private final ProcessedMessages processed;
    private final Clock clock;

    public HealthScoreConsumer(AccountHealthRepository accounts, ProcessedMessages processed, Clock clock) {
        this.accounts = accounts;
        this.processed = processed;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(HealthScoreMessage message) {
        if (message == null || message.schemaVersion() != HealthScoreMessage.SCHEMA_VERSION) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "Unsupported health score schema version: " + (message == null ? "no payload" : message.schemaVersion())));
        }
        return Panache.withTransaction(() -> processed.firstTime(CHANNEL, message.messageId())
                .chain(isNew -> isNew ? apply(message) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> apply(HealthScoreMessage message) {
        return accounts.findById(message.accountId()).chain(current -> {
            if (current != null && current.scoreVersion >= message.version()) {
                LOG.debugf("Ignoring stale health score v%s for %s (holding v%s)", (Object) message.version(), message.accountId(),
                        current.scoreVersion);
                return Uni.createFrom().voidItem();
            }
            AccountHealth health = current != null ? current : new AccountHealth();
            health.accountId = message.accountId();
            health.healthScore = message.score();
            health.healthBand = message.band();
            health.adoption = message.adoption();
            health.support = message.support();
            health.engagement = message.engagement();
            health.scoreVersion = message.version();
            health.scoreComputedAt = message.computedAt();
            health.updatedAt = clock.instant();
            return accounts.persist(health).replaceWithVoid();
        });
    }
}
