package io.retentionplatform.segmentation.membership;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import io.retentionplatform.segmentation.account.Account;
import io.retentionplatform.segmentation.account.AccountFactsMapper;
import io.retentionplatform.segmentation.quadrant.Quadrant;
import io.retentionplatform.segmentation.quadrant.QuadrantSettings;
import io.retentionplatform.segmentation.segment.RuleSegmentCatalog;
import io.smallrye.mutiny.Uni;

/**
 * Keeps accounts' quadrant and segment memberships current. Call it inside the transaction that changed the accounts
 * (a score, CRM data, ARR), with the accounts loaded and locked: the decision, the history rows and the outgoing
 * segment-change messages commit with the change that caused them.
 */
@ApplicationScoped
public class SegmentAssignment {

    private final MembershipStore memberships;
    private final RuleSegmentCatalog rules;
    private final QuadrantSettings quadrants;
    private final Clock clock;
    private final SegmentDecider decider = new SegmentDecider();

    public SegmentAssignment(MembershipStore memberships, RuleSegmentCatalog rules, QuadrantSettings quadrants, Clock clock) {
        this.memberships = memberships;
        this.rules = rules;
        this.quadrants = quadrants;
        this.clock = clock;
    }

    public Uni<Integer> reassess(Account account) {
        return reassess(List.of(account));
    }

    /** Decides and applies for each account; returns the number of membership changes. */
    public Uni<Integer> reassess(List<Account> accounts) {
        Instant now = clock.instant();
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        var thresholds = quadrants.current();
        var compiled = rules.active();
        return memberships.currentSegments(accounts.stream().map(a -> a.accountId).toList()).chain(current -> {
            List<MembershipStore.AccountChanges> all = new ArrayList<>();
            for (Account account : accounts) {
                Set<String> segments = current.getOrDefault(account.accountId, Set.of());
                SegmentDecider.Decision decision = decider.decide(subject(account, segments), thresholds, compiled, today);
                // The reason is the one of the placement: it changes with the quadrant (and the change is published).
                if (decision.quadrantChanged()) {
                    account.quadrant = decision.quadrant().id();
                    account.quadrantSince = now;
                    account.quadrantReason = decision.quadrantReason();
                }
                if (!decision.changes().isEmpty()) {
                    all.add(new MembershipStore.AccountChanges(account, decision.changes()));
                }
            }
            return memberships.apply(all, now);
        });
    }

    private SegmentDecider.Subject subject(Account account, Set<String> segments) {
        double usage = account.adoption == null ? 0 : account.adoption;
        double contact = account.contactIntensity == null ? 0 : account.contactIntensity;
        Quadrant current = account.quadrant == null ? null : Quadrant.fromId(account.quadrant).orElse(null);
        Instant now = clock.instant();
        return new SegmentDecider.Subject(quadrant -> AccountFactsMapper.facts(account, quadrant, now), account.hasScore(), usage,
                contact, current, segments);
    }

}
