package io.retentionplatform.segmentation.rule;

import java.util.List;
import java.util.stream.Collectors;

/** A rule tree that is not a valid rule, with every problem found in it. */
public class RuleException extends IllegalArgumentException {

    private final transient List<RuleViolation> violations;

    public RuleException(List<RuleViolation> violations) {
        super(violations.stream().map(v -> v.path() + ": " + v.message()).collect(Collectors.joining("; ")));
        this.violations = List.copyOf(violations);
    }

    public List<RuleViolation> violations() {
        return violations;
    }
}
