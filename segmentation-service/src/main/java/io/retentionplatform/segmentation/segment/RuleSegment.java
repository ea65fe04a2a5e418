package io.retentionplatform.segmentation.segment;

import java.time.Instant;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** A user-defined segment: its current version's rule (JSON); evaluation progress is PortfolioReevaluation's. */
@Entity
@Table(name = "rule_segment")
public class RuleSegment {

    @Id
    @Column(name = "segment_id")
    public String id;
    public String name;
    public String description;
    @Column(name = "rule_json")
    public String ruleJson;
    public long version;
    public boolean deleted;
    @Column(name = "created_at")
    public Instant createdAt;
    @Column(name = "updated_at")
    public Instant updatedAt;
}
