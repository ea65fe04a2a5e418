package io.retentionplatform.segmentation.account;

import java.time.Instant;
import java.util.Set;

import io.retentionplatform.segmentation.rule.AccountFacts;

/** What rule segments can read of an account. */
public final class AccountFactsMapper {

    private AccountFactsMapper() {
    }

    /** The facts with {@code quadrant} as the account's quadrant (the one just decided, which may differ from the row's). */
    public static AccountFacts facts(Account a, io.retentionplatform.segmentation.quadrant.Quadrant quadrant, Instant now) {
        return new AccountFacts(a.accountId, a.industry, a.planTier, a.owner, a.currency, a.arr, a.renewalDate,
                a.contractStart, a.healthScore, a.healthBand, a.adoption, a.support, a.engagement, a.engagementScore30,
                a.engagementScore90, a.trendChange30, quadrant == null ? null : quadrant.id(), a.hasScore() ? a.satisfactionTrap : null,
                a.hasScore() ? a.premiumPaysBasicUse : null, a.crmKnown ? a.active : null, a.daysSinceHumanContact(now),
                a.inboundContacts90, a.outboundContacts90, a.activeDays30, a.lastNps, a.openTickets,
                Set.copyOf(a.entitledFeatures));
    }
}
