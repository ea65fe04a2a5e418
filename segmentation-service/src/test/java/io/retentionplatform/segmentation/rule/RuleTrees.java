package io.retentionplatform.segmentation.rule;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Rule trees as the lead's REST layer will hand them over: Jackson's plain maps, lists, strings, numbers and booleans.
 * Tests write them in relaxed JSON (single quotes, unquoted keys) so that they fit in a table row.
 */
final class RuleTrees {

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_SINGLE_QUOTES, JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .build();

    private RuleTrees() {
    }

    static Object tree(String json) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (Exception e) {
            throw new IllegalArgumentException("test JSON does not parse: " + json, e);
        }
    }

    static Rule rule(String json) {
        return RuleParser.parse(tree(json));
    }
}
