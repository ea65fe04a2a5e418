package io.retentionplatform.segmentation.account;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** An account's latest health score, as segmentation holds it (a copy of scoring-service's publication). */
@Entity
@Table(name = "account_health")
public class AccountHealth {

    @Id
    @Column(name = "account_id")
    public String accountId;

    @Column(name = "health_score")
    public int healthScore;

    @Column(name = "health_band")
    public String healthBand;

    public int adoption;

    public int support;

    public int engagement;

    @Column(name = "score_version")
    public long scoreVersion;

    @Column(name = "score_computed_at")
    public Instant scoreComputedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;
}
