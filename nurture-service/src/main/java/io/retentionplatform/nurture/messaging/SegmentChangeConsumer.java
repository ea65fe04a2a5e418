package io.retentionplatform.nurture.messaging;

import java.time.Clock;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.retentionplatform.contracts.SegmentChangeMessage;
import io.retentionplatform.nurture.enrollment.Enrollments;
import io.retentionplatform.nurture.erasure.AccountLock;
import io.retentionplatform.nurture.membership.SegmentMembership;
import io.retentionplatform.nurture.membership.SegmentMembershipRepository;
import io.smallrye.mutiny.Uni;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Applies segment changes from segmentation-service: one transaction records the message id and the membership, and
 * enrolls the account in the cadences the change triggers (or ends those it leaves); a repeated message or an older
 * version changes nothing, nor does a change decided before the account was erased. The offset is committed after the
 * transaction.
 */
@ApplicationScoped
public class SegmentChangeConsumer {

    public static final String CHANNEL = "segment-changes-in";

    private final SegmentMembershipRepository memberships;
    private final ProcessedMessages processed;
    private final Enrollments enrollments;
    private final Clock clock;

    public SegmentChangeConsumer(SegmentMembershipRepository memberships, ProcessedMessages processed, Enrollments enrollments,
            Clock clock) {
        this.memberships = memberships;
        this.processed = processed;
        this.enrollments = enrollments;
        this.clock = clock;
    }

    @Incoming(CHANNEL)
    public Uni<Void> consume(SegmentChangeMessage change) {
        if (change == null || change.schemaVersion() != SegmentChangeMessage.SCHEMA_VERSION) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "Unsupported segment change schema version: " + (change == null ? "no payload" : change.schemaVersion())));
        }
        return Panache.withTransaction(() -> processed.firstTime(CHANNEL, change.messageId())
                .chain(isNew -> isNew ? applyUnlessErased(change) : Uni.createFrom().voidItem()));
    }

    /** Under the account's lock: a change decided before the account was erased is dropped, not applied. */
    private Uni<Void> applyUnlessErased(SegmentChangeMessage change) {
        return Panache.getSession().chain(session -> AccountLock.take(session, change.accountId())
                .chain(() -> AccountLock.erasedAt(session, change.accountId()))
                .chain(erasedAt -> AccountLock.predates(change.changedAt(), erasedAt) ? Uni.createFrom().voidItem()
                        : apply(change)));
    }

    private Uni<Void> apply(SegmentChangeMessage change) {
        return memberships.findById(new SegmentMembership.Key(change.accountId(), change.segment())).chain(current -> {
            if (current != null && current.version >= change.version()) {
                return Uni.createFrom().voidItem();
            }
            SegmentMembership membership = current != null ? current : new SegmentMembership();
            membership.accountId = change.accountId();
            membership.segment = change.segment();
            membership.member = change.member();
            membership.version = change.version();
            membership.changedAt = change.changedAt();
            membership.updatedAt = clock.instant();
            // Flushed first: enrollment and eligibility read the memberships with SQL in this transaction.
            return memberships.persistAndFlush(membership)
                    .chain(() -> Panache.getSession())
                    .chain(session -> enrollments.onSegmentChange(session, change, clock.instant()));
        });
    }
}
