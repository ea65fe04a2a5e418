package io.retentionplatform.scoring.messaging;

import java.util.HashSet;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.AccountChangeMessage;
import io.retentionplatform.scoring.scoring.AccountScoring;
import io.retentionplatform.scoring.signals.Plan;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Takes each account's plan (tier, entitled and premium features) from segmentation-service's account changes. */
@ApplicationScoped
public class AccountChangeConsumer {

    public static final String CHANNEL = "account-changes-in";

    private final AccountScoring scoring;

    public AccountChangeConsumer(AccountScoring scoring) {
        this.scoring = scoring;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(AccountChangeMessage change) {
        if (change == null || change.schemaVersion() != AccountChangeMessage.SCHEMA_VERSION || change.accountId() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unreadable or unsupported account change"));
        }
        Set<String> entitled = new HashSet<>(change.entitledFeatures());
        entitled.addAll(change.premiumFeatures());
        return scoring.onPlan(change.accountId(), new Plan(change.planTier(), entitled, Set.copyOf(change.premiumFeatures()),
                change.version()), change.changedAt());
    }
}
