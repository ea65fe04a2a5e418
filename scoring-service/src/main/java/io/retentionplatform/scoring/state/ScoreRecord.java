package io.retentionplatform.scoring.state;

import java.time.Instant;

import io.retentionplatform.scoring.health.Explanation;
import io.retentionplatform.scoring.health.HealthAssessment;
import io.retentionplatform.scoring.health.Trend;

/** A score as stored and published: the assessment, its per-account version, explanation and trend. */
public record ScoreRecord(long version, Instant computedAt, HealthAssessment assessment, Explanation explanation, Trend trend) {
}
