package io.retentionplatform.scoring.messaging;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.AccountChangeMessage;
import io.retentionplatform.scoring.churn.AccountFacts;
import io.retentionplatform.scoring.churn.ChurnHistoryStore;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.retentionplatform.scoring.signals.Plan;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Takes each account's plan (tier, entitled and premium features) from segmentation-service's account changes, and
 * keeps the commercial facts (ARR, renewal, contract start, active) for the churn model.
 */
@ApplicationScoped
public class AccountChangeConsumer {

    public static final String CHANNEL = "account-changes-in";

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(AccountChangeConsumer.class);

    private final AccountScoring scoring;
    private final ChurnHistoryStore churnHistory;
    private final io.retentionplatform.scoring.config.PipelineConfig pipeline;

    public AccountChangeConsumer(AccountScoring scoring, io.retentionplatform.scoring.config.PipelineConfig pipeline,
            ChurnHistoryStore churnHistory) {
        this.scoring = scoring;
        this.churnHistory = churnHistory;
        this.pipeline = pipeline;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(AccountChangeMessage change) {
        if (change == null || change.schemaVersion() != AccountChangeMessage.SCHEMA_VERSION || change.accountId() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable or unsupported account change"));
        }
        Set<String> entitled = new HashSet<>(change.entitledFeatures());
        entitled.addAll(change.premiumFeatures());
        // Only an unreadable change is poison (dead-lettered above); a failure of MongoDB or Kafka is retried with
        // backoff until it succeeds, and the offset waits.
        // The CRM facts are kept for the churn model (plan, ARR, renewal, contract start, active) with their time,
        // unless the change was announced before the account was erased.
        AccountFacts facts = new AccountFacts(change.changedAt() == null ? java.time.Instant.now() : change.changedAt(),
                change.planTier(), entitled, Set.copyOf(change.premiumFeatures()), change.arr(), change.renewalDate(),
                change.contractStart(), change.active() == null || change.active());
        return Uni.createFrom().deferred(() -> scoring.onPlan(change.accountId(), new Plan(change.planTier(), entitled,
                        Set.copyOf(change.premiumFeatures()), change.version()), change.changedAt())
                        .chain(() -> scoring.erasedSince(change.accountId(), change.changedAt()))
                        .chain(erased -> erased ? Uni.createFrom().voidItem() : churnHistory.recordFacts(change.accountId(), facts)))
                .onFailure().invoke(f -> LOG.warnf("Account change of %s not applied yet, retrying: %s", change.accountId(), f))
                .onFailure().retry().withBackOff(pipeline.retryFirstBackoff(), pipeline.retryMaxBackoff()).indefinitely();
    }
}
