package io.retentionplatform.gateway.account;

import java.time.Instant;

import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.NonNull;
import org.eclipse.microprofile.graphql.Type;

@Type("HealthScore")
@Description("An account's health: adoption + support + engagement, weighted, 0-100")
public record HealthScore(
        @NonNull @Description("Health 0-100") int score,
        @NonNull @Description("healthy, watch or at_risk") String band,
        @NonNull @Description("Product usage and feature adoption, 0-100") int adoption,
        @NonNull @Description("Support burden, 0-100 (100 = no open trouble)") int support,
        @NonNull @Description("Human contact, marketing engagement and advocacy, 0-100") int engagement,
        @NonNull @Description("Increases with every change of this account's score") long version,
        @Description("When scoring-service computed it") Instant computedAt) {
}
