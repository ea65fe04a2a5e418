package io.retentionplatform.segmentation.rule;

/**
 * One problem in a rule.
 *
 * @param path    the part at fault: {@code rule}, {@code rule.and[1]}, {@code rule.and[1].or[0].value},
 *                {@code rule.not.field}
 * @param message what is wrong, in English
 */
public record RuleViolation(String path, String message) {
}
