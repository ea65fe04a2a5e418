package io.retentionplatform.nurture.messaging;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.AccountChangeMessage;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.nurture.enrollment.Enrollments;
import io.retentionplatform.nurture.erasure.AccountLock;
import io.retentionplatform.nurture.signal.AccountSignals;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Health scores (scoring-service) and account facts (segmentation-service) in: kept in {@code account_signal}, then
 * the account's running enrollments are checked against their exit conditions, the holdout measurement is updated
 * and eligibility decided again; all in one transaction with the processed-message record, then the offset commits.
 * An older version than the one held changes nothing, nor does a message about an erased account decided before the
 * erasure.
 */
@ApplicationScoped
public class SignalConsumers {

    public static final String HEALTH_CHANNEL = "health-scores-in";
    public static final String ACCOUNT_CHANNEL = "account-changes-in";

    private final AccountSignals signals;
    private final Enrollments enrollments;
    private final ProcessedMessages processed;
    private final Clock clock;

    public SignalConsumers(AccountSignals signals, Enrollments enrollments, ProcessedMessages processed, Clock clock) {
        this.signals = signals;
        this.enrollments = enrollments;
        this.processed = processed;
        this.clock = clock;
    }

    @Incoming(HEALTH_CHANNEL)
    public Uni<Void> health(HealthScoreMessage score) {
        if (score == null || score.schemaVersion() != HealthScoreMessage.SCHEMA_VERSION || score.accountId() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unsupported health score: "
                    + (score == null ? "no payload" : "schema version " + score.schemaVersion() + ", account " + score.accountId())));
        }
        return once(HEALTH_CHANNEL, score.messageId(), score.accountId(), score.computedAt(),
                session -> signals.applyHealth(session, score));
    }

    @Incoming(ACCOUNT_CHANNEL)
    public Uni<Void> account(AccountChangeMessage account) {
        if (account == null || account.schemaVersion() != AccountChangeMessage.SCHEMA_VERSION || account.accountId() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unsupported account change: "
                    + (account == null ? "no payload" : "schema version " + account.schemaVersion() + ", account " + account.accountId())));
        }
        return once(ACCOUNT_CHANNEL, account.messageId(), account.accountId(), account.changedAt(),
                session -> signals.applyAccount(session, account));
    }

    private Uni<Void> once(String channel, String messageId, String accountId, Instant producedAt,
            java.util.function.Function<Mutiny.Session, Uni<Boolean>> apply) {
        return Panache.withTransaction(() -> processed.firstTime(channel, messageId).chain(isNew -> !isNew ? Uni.createFrom().voidItem()
                : Panache.getSession().chain(session -> AccountLock.take(session, accountId)
                        .chain(() -> AccountLock.erasedAt(session, accountId))
                        .chain(erasedAt -> AccountLock.predates(producedAt, erasedAt) ? Uni.createFrom().voidItem()
                                : apply.apply(session).chain(newer -> !newer ? Uni.createFrom().voidItem()
                                        : signals.get(session, accountId).chain(signal -> enrollments.onSignals(session, signal,
                                                clock.instant())))))));
    }
}
