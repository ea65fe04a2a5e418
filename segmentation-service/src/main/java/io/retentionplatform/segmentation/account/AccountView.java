package io.retentionplatform.segmentation.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * An account as the API shows it. {@code health} is null until scoring has published a score; the CRM fields are null
 * until the CRM has sent the account; {@code expansionEligible} is null until nurture-service decided on it.
 */
public record AccountView(String accountId, String name, String industry, String planTier, List<String> entitledFeatures,
        BigDecimal arr, String currency, BigDecimal contractArr, LocalDate contractStart, LocalDate renewalDate, String owner,
        boolean active, boolean crmKnown, long version, HealthView health, SignalsView signals, QuadrantView quadrant,
        FlagsView flags, Boolean expansionEligible) {

    public record HealthView(int score, String band, int adoption, int support, int engagement, Integer survey,
            Integer engagementScore30, Integer engagementScore90, Integer trendChange7, Integer trendChange30,
            String trendDirection, String explanation, long version, Instant computedAt, Long modelVersion) {
    }

    public record SignalsView(Integer activeDays30, Integer activeDaysPrevious30, Integer featuresUsed30,
            Integer inboundContacts90, Integer outboundContacts90, Double contactIntensity, Integer advocacyActs90,
            Integer openTickets, Integer lastNps, Instant lastHumanContactAt, Integer daysSinceHumanContact,
            Instant lastInboundContactAt, Instant lastEngagementAt, Instant firstValueAt) {
    }

    public record QuadrantView(String current, Instant since, String reason) {
    }

    public record FlagsView(boolean satisfactionTrap, boolean premiumPaysBasicUse) {
    }

    public static AccountView of(Account a, Instant now) {
        HealthView health = !a.hasScore() ? null : new HealthView(a.healthScore, a.healthBand, a.adoption, a.support,
                a.engagement, a.survey, a.engagementScore30, a.engagementScore90, a.trendChange7, a.trendChange30,
                a.trendDirection, a.explanation, a.scoreVersion, a.scoreComputedAt, a.modelVersion);
        SignalsView signals = !a.hasScore() ? null : new SignalsView(a.activeDays30, a.activeDaysPrevious30, a.featuresUsed30,
                a.inboundContacts90, a.outboundContacts90, a.contactIntensity, a.advocacyActs90, a.openTickets, a.lastNps,
                a.lastHumanContactAt, a.daysSinceHumanContact(now), a.lastInboundContactAt, a.lastEngagementAt, a.firstValueAt);
        QuadrantView quadrant = a.quadrant == null ? null : new QuadrantView(a.quadrant, a.quadrantSince, a.quadrantReason);
        return new AccountView(a.accountId, a.name, a.industry, a.planTier, a.entitledFeatures, a.arr, a.currency,
                a.contractArr, a.contractStart, a.renewalDate, a.owner, a.active, a.crmKnown, a.crmVersion, health, signals,
                quadrant, new FlagsView(a.satisfactionTrap, a.premiumPaysBasicUse), a.expansionEligible);
    }
}
