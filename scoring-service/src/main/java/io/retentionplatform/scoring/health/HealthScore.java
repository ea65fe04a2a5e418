package io.retentionplatform.scoring.health;

/** A computed health score: the weighted sum of three components, each 0-100, and its band. */
public record HealthScore(int score, String band, int adoption, int support, int engagement) {
}
