package io.retentionplatform.segmentation.quadrant;

/**
 * Where an account lands.
 *
 * @param quadrant the quadrant
 * @param reason   one English sentence naming both axes with their values and thresholds
 * @param changed  true when the quadrant differs from the current one (a first placement is a change)
 */
public record Placement(Quadrant quadrant, String reason, boolean changed) {
}
