package io.retentionplatform.segmentation.rule;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * What rule segments know about one account, assembled from the account, its ARR and its latest health score. Every
 * fact but the id may be null (unknown); a rule's comparison against an unknown fact is false. Build it with
 * {@link #builder(String)}.
 *
 * @param accountId              the account's CRM id; the only fact that is never null
 * @param industry               {@code saas}, {@code professional_services}, {@code manufacturing} or {@code other}
 * @param planTier               the plan tier
 * @param owner                  the account owner
 * @param currency               ISO 4217 code of the ARR
 * @param arr                    current ARR
 * @param renewalDate            next contract renewal
 * @param contractStart          start of the contract
 * @param health                 health score 0-100
 * @param band                   {@code healthy}, {@code watch} or {@code at_risk}
 * @param adoption               adoption component 0-100
 * @param support                support component 0-100
 * @param engagement             engagement component 0-100
 * @param engagementScore30      engagement score over 30 days
 * @param engagementScore90      engagement score over 90 days
 * @param trendChange30          health change against 30 days before
 * @param quadrant               quadrant id, e.g. {@code silent_satisfieds}
 * @param satisfactionTrap       good NPS, no human contact in 90 days, falling usage
 * @param premiumPaysBasicUse    pays for premium, uses none of its premium features
 * @param active                 the account is active in the CRM
 * @param daysSinceHumanContact  days since the last human contact
 * @param inboundContacts90      customer-initiated human contacts in 90 days
 * @param outboundContacts90     vendor-initiated human contacts in 90 days
 * @param activeDays30           days with product usage in the last 30 days
 * @param lastNps                latest NPS answer 0-10
 * @param openTickets            support tickets open now
 * @param entitledFeatures       features the plan entitles
 */
public record AccountFacts(
        String accountId,
        String industry,
        String planTier,
        String owner,
        String currency,
        BigDecimal arr,
        LocalDate renewalDate,
        LocalDate contractStart,
        Integer health,
        String band,
        Integer adoption,
        Integer support,
        Integer engagement,
        Integer engagementScore30,
        Integer engagementScore90,
        Integer trendChange30,
        String quadrant,
        Boolean satisfactionTrap,
        Boolean premiumPaysBasicUse,
        Boolean active,
        Integer daysSinceHumanContact,
        Integer inboundContacts90,
        Integer outboundContacts90,
        Integer activeDays30,
        Integer lastNps,
        Integer openTickets,
        Set<String> entitledFeatures) {

    public AccountFacts {
        Objects.requireNonNull(accountId, "accountId");
        entitledFeatures = entitledFeatures == null ? null : Set.copyOf(entitledFeatures);
    }

    public static Builder builder(String accountId) {
        return new Builder(accountId);
    }

    /** A builder holding these facts, to change a few. */
    public Builder toBuilder() {
        return builder(accountId)
                .industry(industry)
                .planTier(planTier)
                .owner(owner)
                .currency(currency)
                .arr(arr)
                .renewalDate(renewalDate)
                .contractStart(contractStart)
                .health(health)
                .band(band)
                .adoption(adoption)
                .support(support)
                .engagement(engagement)
                .engagementScore30(engagementScore30)
                .engagementScore90(engagementScore90)
                .trendChange30(trendChange30)
                .quadrant(quadrant)
                .satisfactionTrap(satisfactionTrap)
                .premiumPaysBasicUse(premiumPaysBasicUse)
                .active(active)
                .daysSinceHumanContact(daysSinceHumanContact)
                .inboundContacts90(inboundContacts90)
                .outboundContacts90(outboundContacts90)
                .activeDays30(activeDays30)
                .lastNps(lastNps)
                .openTickets(openTickets)
                .entitledFeatures(entitledFeatures);
    }

    /** Sets facts one by one; unset facts stay null. */
    public static final class Builder {
        private final String accountId;
        private String industry;
        private String planTier;
        private String owner;
        private String currency;
        private BigDecimal arr;
        private LocalDate renewalDate;
        private LocalDate contractStart;
        private Integer health;
        private String band;
        private Integer adoption;
        private Integer support;
        private Integer engagement;
        private Integer engagementScore30;
        private Integer engagementScore90;
        private Integer trendChange30;
        private String quadrant;
        private Boolean satisfactionTrap;
        private Boolean premiumPaysBasicUse;
        private Boolean active;
        private Integer daysSinceHumanContact;
        private Integer inboundContacts90;
        private Integer outboundContacts90;
        private Integer activeDays30;
        private Integer lastNps;
        private Integer openTickets;
        private Set<String> entitledFeatures;

        private Builder(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
        }

        public Builder industry(String industry) {
            this.industry = industry;
            return this;
        }

        public Builder planTier(String planTier) {
            this.planTier = planTier;
            return this;
        }

        public Builder owner(String owner) {
            this.owner = owner;
            return this;
        }

        public Builder currency(String currency) {
            this.currency = currency;
            return this;
        }

        public Builder arr(BigDecimal arr) {
            this.arr = arr;
            return this;
        }

        public Builder renewalDate(LocalDate renewalDate) {
            this.renewalDate = renewalDate;
            return this;
        }

        public Builder contractStart(LocalDate contractStart) {
            this.contractStart = contractStart;
            return this;
        }

        public Builder health(Integer health) {
            this.health = health;
            return this;
        }

        public Builder band(String band) {
            this.band = band;
            return this;
        }

        public Builder adoption(Integer adoption) {
            this.adoption = adoption;
            return this;
        }

        public Builder support(Integer support) {
            this.support = support;
            return this;
        }

        public Builder engagement(Integer engagement) {
            this.engagement = engagement;
            return this;
        }

        public Builder engagementScore30(Integer engagementScore30) {
            this.engagementScore30 = engagementScore30;
            return this;
        }

        public Builder engagementScore90(Integer engagementScore90) {
            this.engagementScore90 = engagementScore90;
            return this;
        }

        public Builder trendChange30(Integer trendChange30) {
            this.trendChange30 = trendChange30;
            return this;
        }

        public Builder quadrant(String quadrant) {
            this.quadrant = quadrant;
            return this;
        }

        public Builder satisfactionTrap(Boolean satisfactionTrap) {
            this.satisfactionTrap = satisfactionTrap;
            return this;
        }

        public Builder premiumPaysBasicUse(Boolean premiumPaysBasicUse) {
            this.premiumPaysBasicUse = premiumPaysBasicUse;
            return this;
        }

        public Builder active(Boolean active) {
            this.active = active;
            return this;
        }

        public Builder daysSinceHumanContact(Integer daysSinceHumanContact) {
            this.daysSinceHumanContact = daysSinceHumanContact;
            return this;
        }

        public Builder inboundContacts90(Integer inboundContacts90) {
            this.inboundContacts90 = inboundContacts90;
            return this;
        }

        public Builder outboundContacts90(Integer outboundContacts90) {
            this.outboundContacts90 = outboundContacts90;
            return this;
        }

        public Builder activeDays30(Integer activeDays30) {
            this.activeDays30 = activeDays30;
            return this;
        }

        public Builder lastNps(Integer lastNps) {
            this.lastNps = lastNps;
            return this;
        }

        public Builder openTickets(Integer openTickets) {
            this.openTickets = openTickets;
            return this;
        }

        public Builder entitledFeatures(Set<String> entitledFeatures) {
            this.entitledFeatures = entitledFeatures;
            return this;
        }

        /** Duplicates are fine; a null feature is not. */
        public Builder entitledFeatures(String... features) {
            this.entitledFeatures = new LinkedHashSet<>(Arrays.asList(features));
            return this;
        }

        public AccountFacts build() {
            return new AccountFacts(accountId, industry, planTier, owner, currency, arr, renewalDate, contractStart, health, band, adoption, support, engagement, engagementScore30, engagementScore90, trendChange30, quadrant, satisfactionTrap, premiumPaysBasicUse, active, daysSinceHumanContact, inboundContacts90, outboundContacts90, activeDays30, lastNps, openTickets, entitledFeatures);
        }
    }
}
