package io.retentionplatform.segmentation.segment;

import io.retentionplatform.segmentation.rule.Rule;

/** A rule segment ready to evaluate: its current version's parsed rule. */
public record CompiledSegment(String id, String name, long version, Rule rule, String description) {

    public String segmentId() {
        return "rule:" + id;
    }
}
