package io.retentionplatform.segmentation.account;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/**
 * One account as segmentation holds it: the CRM's data (null until the CRM sent it), the latest health score and
 * the signals behind it (as scoring-service published them), and the current engagement quadrant.
 */
@Entity
@Table(name = "account")
public class Account {

    @Id
    @Column(name = "account_id")
    public String accountId;

    // --- CRM -----------------------------------------------------------------------------------------------
    @Column(name = "crm_known")
    public boolean crmKnown;
    public String name;
    public String industry;
    @Column(name = "plan_tier")
    public String planTier;
    @Column(name = "entitled_features")
    @Convert(converter = FeatureListConverter.class)
    public List<String> entitledFeatures = List.of();
    /** In the reporting currency, always the ARR ledger's current figure. */
    public BigDecimal arr = BigDecimal.ZERO;
    @Column(name = "contract_arr")
    public BigDecimal contractArr;
    public String currency;
    @Column(name = "contract_start")
    public LocalDate contractStart;
    @Column(name = "renewal_date")
    public LocalDate renewalDate;
    public String owner;
    public boolean active = true;
    @Column(name = "crm_version")
    public long crmVersion;
    @Column(name = "crm_updated_at")
    public Instant crmUpdatedAt;

    // --- health ----------------------------------------------------------------------------------------------
    @Column(name = "health_score")
    public Integer healthScore;
    @Column(name = "health_band")
    public String healthBand;
    public Integer adoption;
    public Integer support;
    public Integer engagement;
    public Integer survey;
    @Column(name = "engagement_score30")
    public Integer engagementScore30;
    @Column(name = "engagement_score90")
    public Integer engagementScore90;
    @Column(name = "trend_change7")
    public Integer trendChange7;
    @Column(name = "trend_change30")
    public Integer trendChange30;
    @Column(name = "trend_direction")
    public String trendDirection;
    public String explanation;
    @Column(name = "satisfaction_trap")
    public boolean satisfactionTrap;
    @Column(name = "premium_pays_basic_use")
    public boolean premiumPaysBasicUse;
    @Column(name = "score_version")
    public long scoreVersion;
    @Column(name = "score_computed_at")
    public Instant scoreComputedAt;
    @Column(name = "model_version")
    public Long modelVersion;
    /** Nurture's last decision on expansion plays; null until one arrived. */
    @Column(name = "expansion_eligible")
    public Boolean expansionEligible;
    @Column(name = "eligibility_version")
    public long eligibilityVersion;

    // --- signals -------------------------------------------------------------------------------------------
    @Column(name = "active_days30")
    public Integer activeDays30;
    @Column(name = "active_days_previous30")
    public Integer activeDaysPrevious30;
    @Column(name = "features_used30")
    public Integer featuresUsed30;
    @Column(name = "inbound_contacts90")
    public Integer inboundContacts90;
    @Column(name = "outbound_contacts90")
    public Integer outboundContacts90;
    @Column(name = "advocacy_acts90")
    public Integer advocacyActs90;
    @Column(name = "open_tickets")
    public Integer openTickets;
    @Column(name = "last_nps")
    public Integer lastNps;
    @Column(name = "last_human_contact_at")
    public Instant lastHumanContactAt;
    @Column(name = "last_inbound_contact_at")
    public Instant lastInboundContactAt;
    @Column(name = "last_engagement_at")
    public Instant lastEngagementAt;
    @Column(name = "contact_intensity")
    public Double contactIntensity;
    @Column(name = "first_value_at")
    public Instant firstValueAt;

    // --- quadrant ------------------------------------------------------------------------------------------
    public String quadrant;
    @Column(name = "quadrant_since")
    public Instant quadrantSince;
    @Column(name = "quadrant_reason")
    public String quadrantReason;

    @Column(name = "segment_version")
    public long segmentVersion;
    @Column(name = "updated_at")
    public Instant updatedAt;

    public boolean hasScore() {
        return scoreComputedAt != null;
    }

    /** Days since the last human contact at {@code now}; null if there never was one. */
    public Integer daysSinceHumanContact(Instant now) {
        return lastHumanContactAt == null ? null
                : (int) java.time.Duration.between(lastHumanContactAt, now).toDays();
    }
}
