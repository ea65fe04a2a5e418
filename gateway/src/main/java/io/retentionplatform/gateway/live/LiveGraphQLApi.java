package io.retentionplatform.gateway.live;

import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.contracts.ExpansionEligibilityMessage;
import io.retentionplatform.contracts.HealthScoreMessage;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.support.security.Roles;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.graphql.Description;
import org.eclipse.microprofile.graphql.GraphQLApi;
import org.eclipse.microprofile.graphql.Id;
import org.eclipse.microprofile.graphql.NonNull;
import io.smallrye.graphql.api.Subscription;
import org.eclipse.microprofile.graphql.Type;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Live changes over the graphql-transport-ws protocol (the {@code graphql-ws} library's), fed from Kafka: every
 * gateway instance reads the three topics in a consumer group of its own from the newest offset (a live feed, not a
 * durable one: after a reconnect a client queries the current state), and fans each change out to the subscriptions
 * whose filter it passes.
 */
@GraphQLApi
@ApplicationScoped
public class LiveGraphQLApi {

    private final LiveFeed<HealthChange> health = new LiveFeed<>("health");
    private final LiveFeed<SegmentChange> segments = new LiveFeed<>("segments");
    private final LiveFeed<EligibilityChange> eligibility = new LiveFeed<>("eligibility");

    @Type("HealthChange")
    @Description("An account's health score changed")
    public record HealthChange(@NonNull @Id String accountId, @NonNull int score, @NonNull String band, int adoption,
            int support, int engagement, @NonNull long version, String trendDirection, String explanation,
            boolean satisfactionTrap, java.time.Instant computedAt) {
    }

    @Type("SegmentChange")
    @Description("An account entered or left a segment (a quadrant, a flag, a rule segment or a pilot cohort)")
    public record SegmentChange(@NonNull @Id String accountId, @NonNull String segment, @NonNull boolean member, String kind,
            @Description("For a quadrant change: the quadrant left") String from,
            @Description("For a quadrant change: the quadrant entered") String to, String reason, java.time.Instant changedAt) {
    }

    @Type("EligibilityChange")
    @Description("An account's expansion-play eligibility changed")
    public record EligibilityChange(@NonNull @Id String accountId, @NonNull boolean eligible, java.util.List<String> plays,
            java.util.List<String> reasons, java.time.Instant decidedAt) {
    }

    @Incoming("live-health-scores")
    public Uni<Void> onHealth(HealthScoreMessage m) {
        if (m != null && m.accountId() != null) {
            health.publish(new HealthChange(m.accountId(), m.score(), m.band(), m.adoption(), m.support(), m.engagement(),
                    m.version(), m.trendDirection(), m.explanation(), m.satisfactionTrap(), m.computedAt()));
        }
        return Uni.createFrom().voidItem();
    }

    @Incoming("live-segment-changes")
    public Uni<Void> onSegment(SegmentChangeMessage m) {
        if (m != null && m.accountId() != null) {
            segments.publish(new SegmentChange(m.accountId(), m.segment(), m.member(), m.kind(), m.from(), m.to(), m.reason(),
                    m.changedAt()));
        }
        return Uni.createFrom().voidItem();
    }

    @Incoming("live-eligibility")
    public Uni<Void> onEligibility(ExpansionEligibilityMessage m) {
        if (m != null && m.accountId() != null) {
            eligibility.publish(new EligibilityChange(m.accountId(), m.eligible(), m.plays(), m.reasons(), m.decidedAt()));
        }
        return Uni.createFrom().voidItem();
    }

    @Subscription("healthChanged")
    @RolesAllowed(Roles.VIEWER)
    @Description("Health score changes, of one account or (without accountId) of all. Requires the `viewer` role.")
    public Multi<HealthChange> healthChanged(@Id String accountId) {
        return health.subscribe(c -> accountId == null || accountId.equals(c.accountId()));
    }

    @Subscription("segmentChanged")
    @RolesAllowed(Roles.VIEWER)
    @Description("Accounts entering or leaving segments, optionally of one account and/or one segment. Requires the "
            + "`viewer` role.")
    public Multi<SegmentChange> segmentChanged(@Id String accountId, String segment) {
        return segments.subscribe(c -> (accountId == null || accountId.equals(c.accountId()))
                && (segment == null || segment.equals(c.segment())));
    }

    @Subscription("eligibilityChanged")
    @RolesAllowed(Roles.VIEWER)
    @Description("Expansion eligibility changes, of one account or of all. Requires the `viewer` role.")
    public Multi<EligibilityChange> eligibilityChanged(@Id String accountId) {
        return eligibility.subscribe(c -> accountId == null || accountId.equals(c.accountId()));
    }
}
