package io.retentionplatform.segmentation.messaging;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.ExpansionEligibilityMessage;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * nurture-service's expansion-eligibility decisions, kept on the account so that lists can be filtered on them. The
 * update is conditional on the message's per-account version: a redelivery or an older decision changes nothing,
 * so no processed-message record is needed. A decision for an account segmentation does not know is dropped (nurture
 * decides from segmentation's own signals, so the account arrives here first).
 */
@ApplicationScoped
public class ExpansionEligibilityConsumer {

    public static final String CHANNEL = "expansion-eligibility-in";

    @Incoming(CHANNEL)
    public Uni<Void> consume(ExpansionEligibilityMessage message) {
        if (message == null || message.schemaVersion() != ExpansionEligibilityMessage.SCHEMA_VERSION
                || message.accountId() == null) {
            return Uni.createFrom().failure(new IllegalArgumentException("Unsupported or incomplete eligibility message: "
                    + (message == null ? "no payload" : message.messageId())));
        }
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session.createNativeQuery(
                        "UPDATE account SET expansion_eligible = ?1, eligibility_version = ?2 "
                                + "WHERE account_id = ?3 AND eligibility_version < ?2")
                .setParameter(1, message.eligible()).setParameter(2, message.version()).setParameter(3, message.accountId())
                .executeUpdate())).replaceWithVoid();
    }
}
