package io.retentionplatform.segmentation.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.account.AccountRepository;
import io.retentionplatform.segmentation.audit.PilotReengagement;
import io.retentionplatform.segmentation.config.SegmentationConfig;
import io.retentionplatform.segmentation.membership.SegmentAssignment;
import io.retentionplatform.segmentation.quadrant.QuadrantSettings;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.LockMode;
import org.jboss.logging.Logger;

/**
 * Applies health-score changes from scoring-service and decides what follows from them, in one transaction: the
 * message id, the new score and signals, the time-to-value milestone, a pilot member's re-engagement, the quadrant
 * and segment memberships, and the segment-change messages in the outbox. A repeated message or an older version
 * changes nothing. The offset is committed after the transaction.
 */
@ApplicationScoped
public class HealthScoreConsumer {

    public static final String CHANNEL = "health-scores-in";
    private static final Logger LOG = Logger.getLogger(HealthScoreConsumer.class);

    private final AccountRepository accounts;
    private final ProcessedMessages processed;
    private final SegmentAssignment assignment;
    private final QuadrantSettings quadrants;
    private final PilotReengagement reengagement;
    private final SegmentationConfig config;
    private final Clock clock;

    public HealthScoreConsumer(AccountRepository accounts, ProcessedMessages processed, SegmentAssignment assignment,
            QuadrantSettings quadrants, PilotReengagement reengagement, SegmentationConfig config, Clock clock) {
        this.accounts = accounts;
        this.processed = processed;
        this.assignment = assignment;
        this.quadrants = quadrants;
        this.reengagement = reengagement;
        this.config = config;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(HealthScoreMessage message) {
        if (message == null || message.schemaVersion() != HealthScoreMessage.SCHEMA_VERSION) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "Unsupported health score schema version: " + (message == null ? "no payload" : message.schemaVersion())));
        }
        if (message.accountId() == null || message.messageId() == null || message.computedAt() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Incomplete health score message " + message.messageId()));
        }
        return Panache.withTransaction(() -> processed.firstTime(CHANNEL, message.messageId())
                .chain(isNew -> isNew ? apply(message) : Uni.createFrom().voidItem()));
    }

    private Uni<Void> apply(HealthScoreMessage message) {
        return Panache.getSession()
                .chain(session -> session.find(Account.class, message.accountId(), LockMode.PESSIMISTIC_WRITE))
                .chain(current -> {
                    if (current != null && current.scoreVersion >= message.version()) {
                        LOG.debugf("Ignoring stale health score v%s for %s (holding v%s)", (Object) message.version(),
                                message.accountId(), current.scoreVersion);
                        return Uni.createFrom().voidItem();
                    }
                    Account account = current != null ? current : newAccount(message.accountId());
                    copy(message, account);
                    Uni<?> saved = current != null ? Uni.createFrom().voidItem() : accounts.persist(account);
                    return saved.chain(() -> reengagement.record(account))
                            .chain(() -> assignment.reassess(account))
                            .replaceWithVoid();
                });
    }

    private Account newAccount(String accountId) {
        Account account = new Account();
        account.accountId = accountId;
        account.updatedAt = clock.instant();
        return account;
    }

    private void copy(HealthScoreMessage m, Account a) {
        a.healthScore = m.score();
        a.healthBand = m.band();
        a.adoption = m.adoption();
        a.support = m.support();
        a.engagement = m.engagement();
        a.survey = m.survey();
        a.engagementScore30 = m.engagementScore30();
        a.engagementScore90 = m.engagementScore90();
        a.trendChange7 = m.trendChange7();
        a.trendChange30 = m.trendChange30();
        a.trendDirection = m.trendDirection();
        a.explanation = m.explanation();
        a.satisfactionTrap = m.satisfactionTrap();
        a.premiumPaysBasicUse = m.premiumPaysBasicUse();
        a.scoreVersion = m.version();
        a.scoreComputedAt = m.computedAt();
        a.modelVersion = m.modelVersion();
        HealthScoreMessage.Signals s = m.signals();
        if (s != null) {
            a.activeDays30 = s.activeDays30();
            a.activeDaysPrevious30 = s.activeDaysPrevious30();
            a.featuresUsed30 = s.featuresUsed30();
            a.inboundContacts90 = s.inboundContacts90();
            a.outboundContacts90 = s.outboundContacts90();
            a.advocacyActs90 = s.advocacyActs90();
            a.openTickets = s.openTickets();
            a.lastNps = s.lastNps();
            a.lastHumanContactAt = s.lastHumanContactAt();
            a.lastInboundContactAt = s.lastInboundContactAt();
            a.lastEngagementAt = s.lastEngagementAt();
        } else if (m.daysSinceHumanContact() != null) {
            // A producer from before the signals field: the contact date is all it tells.
            a.lastHumanContactAt = m.computedAt().minus(java.time.Duration.ofDays(m.daysSinceHumanContact()));
        }
        a.contactIntensity = quadrants.contactIntensity(a.inboundContacts90, a.outboundContacts90);
        // Time-to-value: the first score whose adoption reaches the milestone.
        if (a.firstValueAt == null && m.adoption() >= config.timeToValue().adoptionMilestone()) {
            a.firstValueAt = m.computedAt();
        }
        a.updatedAt = clock.instant();
    }
}
