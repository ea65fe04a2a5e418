package io.retentionplatform.segmentation.messaging;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.account.AccountRows;
import io.retentionplatform.segmentation.audit.PilotReengagement;
import io.retentionplatform.segmentation.config.SegmentationConfig;
import io.retentionplatform.segmentation.erasure.ErasureMarkers;
import io.retentionplatform.segmentation.membership.SegmentAssignment;
import io.retentionplatform.segmentation.quadrant.QuadrantSettings;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Applies health-score changes from scoring-service, a polled batch per transaction: the message ids, the new
 * scores and signals, the time-to-value milestone, pilot members' re-engagement, the quadrants and segment
 * memberships, and the segment-change messages in the outbox all commit together; the offsets after. A repeated
 * message or an older version changes nothing, nor does a score computed before its account was erased; within a
 * batch an account's newest version is what counts. Messages that can never apply go to the dead-letter topic with
 * the reason; the rest of the batch carries on. A failed transaction (the database away, a lock conflict) is retried
 * with backoff, never dead-lettered.
 */
@ApplicationScoped
public class HealthScoreConsumer {

    public static final String CHANNEL = "health-scores-in";
    private static final Logger LOG = Logger.getLogger(HealthScoreConsumer.class);

    private final ProcessedMessages processed;
    private final SegmentAssignment assignment;
    private final QuadrantSettings quadrants;
    private final PilotReengagement reengagement;
    private final DeadLetterPublisher deadLetters;
    private final SegmentationConfig config;
    private final MeterRegistry metrics;
    private final Clock clock;

    public HealthScoreConsumer(ProcessedMessages processed, SegmentAssignment assignment, QuadrantSettings quadrants,
            PilotReengagement reengagement, DeadLetterPublisher deadLetters, SegmentationConfig config, MeterRegistry metrics,
            Clock clock) {
        this.processed = processed;
        this.assignment = assignment;
        this.quadrants = quadrants;
        this.reengagement = reengagement;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(KafkaRecordBatch<String, HealthScoreMessage> batch) {
        List<HealthScoreMessage> valid = new ArrayList<>();
        List<Uni<Void>> rejected = new ArrayList<>();
        for (KafkaRecord<String, HealthScoreMessage> record : batch) {
            String problem = problemWith(record.getPayload());
            if (problem == null) {
                valid.add(record.getPayload());
            } else {
                rejected.add(deadLetters.send(record, problem));
            }
        }
        Uni<Void> poison = rejected.isEmpty() ? Uni.createFrom().voidItem()
                : Uni.join().all(rejected).andFailFast().replaceWithVoid();
        // A batch parameter means manual acknowledgement: ack once the transaction committed (the offsets follow),
        // nack only when the retries are exhausted (the channel then stops rather than skip the scores).
        return poison.chain(() -> apply(valid)
                        .onFailure().invoke(e -> LOG.warnf("Applying %d health scores failed, retrying: %s", valid.size(),
                                e.getMessage()))
                        .onFailure().retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).atMost(50))
                .chain(() -> Uni.createFrom().completionStage(batch.ack()))
                .onFailure().call(e -> Uni.createFrom().completionStage(batch.nack(e)));
    }

    private static String problemWith(HealthScoreMessage message) {
        if (message == null) {
            return "Unreadable health score (not JSON of the contract)";
        }
        if (message.schemaVersion() != HealthScoreMessage.SCHEMA_VERSION) {
            return "Unsupported health score schema version: " + message.schemaVersion();
        }
        if (message.accountId() == null || message.messageId() == null || message.computedAt() == null) {
            return "Incomplete health score message " + message.messageId();
        }
        return null;
    }

    private Uni<Void> apply(List<HealthScoreMessage> messages) {
        if (messages.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long started = System.nanoTime();
        return Panache.withTransaction(() -> processed.firstTimeAll(CHANNEL, messages.stream()
                        .map(HealthScoreMessage::messageId).distinct().toList())
                .chain(fresh -> applyNew(messages, fresh)))
                .invoke(() -> {
                    metrics.counter("segmentation.health_scores.applied").increment(messages.size());
                    LOG.debugf("Applied a batch of %d health scores in %d ms", messages.size(),
                            (System.nanoTime() - started) / 1_000_000);
                });
    }

    private Uni<Void> applyNew(List<HealthScoreMessage> messages, Set<String> fresh) {
        // Per account: the newest fresh version, and the first score of the batch that reached the value milestone.
        Map<String, HealthScoreMessage> newest = new LinkedHashMap<>();
        Map<String, Instant> valueReached = new HashMap<>();
        for (HealthScoreMessage m : messages) {
            if (!fresh.contains(m.messageId())) {
                continue;
            }
            newest.merge(m.accountId(), m, (a, b) -> b.version() > a.version() ? b : a);
            if (m.adoption() >= config.timeToValue().adoptionMilestone()) {
                valueReached.merge(m.accountId(), m.computedAt(), (a, b) -> a.isBefore(b) ? a : b);
            }
        }
        if (newest.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // Rows locked in id order, as the portfolio re-evaluation does: no deadlock between the two. Plain SQL rows,
        // not managed entities: a batch reads, decides and writes back in a few statements.
        return Panache.getSession().chain(session -> AccountRows.lock(session,
                        "account_id = ANY(CAST(?1 AS text[])) ORDER BY account_id",
                        q -> q.setParameter(1, newest.keySet().toArray(String[]::new)))
                // After the row locks: an erasure in progress holds its account's lock, and its marker is visible here.
                .chain(found -> ErasureMarkers.erasedAt(session, newest.keySet()).map(erased -> new Locked(found, erased)))
                .chain(locked -> {
                    Map<String, Account> byId = new HashMap<>();
                    locked.accounts().forEach(a -> byId.put(a.accountId, a));
                    List<Account> changed = new ArrayList<>();
                    for (HealthScoreMessage m : newest.values()) {
                        Account account = byId.get(m.accountId());
                        if (ErasureMarkers.predates(m.computedAt(), locked.erasedAt().get(m.accountId()))) {
                            LOG.debugf("Dropping health score v%s of %s: computed before the account was erased",
                                    (Object) m.version(), m.accountId());
                            continue;
                        }
                        if (account == null) {
                            account = newAccount(m.accountId());
                        } else if (account.scoreVersion >= m.version()) {
                            LOG.debugf("Ignoring stale health score v%s for %s (holding v%s)", (Object) m.version(),
                                    m.accountId(), account.scoreVersion);
                            continue;
                        }
                        copy(m, account, valueReached.get(m.accountId()));
                        changed.add(account);
                    }
                    Instant now = clock.instant();
                    return reengagement.record(changed)
                            .chain(() -> assignment.reassess(changed))
                            .chain(() -> AccountRows.upsertHealth(session, changed, now))
                            .replaceWithVoid();
                }));
    }

    private record Locked(List<Account> accounts, Map<String, Instant> erasedAt) {
    }

    private Account newAccount(String accountId) {
        Account account = new Account();
        account.accountId = accountId;
        account.updatedAt = clock.instant();
        return account;
    }

    private void copy(HealthScoreMessage m, Account a, Instant valueReachedAt) {
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
            a.lastHumanContactAt = m.computedAt().minus(Duration.ofDays(m.daysSinceHumanContact()));
        }
        a.contactIntensity = quadrants.contactIntensity(a.inboundContacts90, a.outboundContacts90);
        // Time-to-value: the first score whose adoption reached the milestone.
        if (a.firstValueAt == null && valueReachedAt != null) {
            a.firstValueAt = valueReachedAt;
        }
        a.updatedAt = clock.instant();
    }
}
