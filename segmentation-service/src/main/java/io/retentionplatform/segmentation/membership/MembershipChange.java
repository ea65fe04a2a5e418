package io.retentionplatform.segmentation.membership;

/**
 * One account entering or leaving one segment.
 *
 * @param segmentId         e.g. {@code quadrant:silent_satisfieds}, {@code rule:renewal-risk}, {@code flag:satisfaction_trap}
 * @param kind              {@code quadrant}, {@code rule}, {@code flag} or {@code audit_pilot}
 * @param enter             true when the account enters, false when it leaves
 * @param reason            one English sentence
 * @param definitionVersion the rule segment's version, null for quadrants and flags
 * @param from              for quadrants: the quadrant left (null on a first placement)
 * @param to                for quadrants: the quadrant entered
 */
public record MembershipChange(String segmentId, String kind, boolean enter, String reason, Long definitionVersion,
        String from, String to) {
}
